/** Small helpers the fake servers share. */
import type { NetResponse } from './network';

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): NetResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}

/** 'YYYY-MM-DD HH:MM:SS' of an instant, in UTC. */
export function utcStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Parses 'YYYY-MM-DD HH:MM:SS' (UTC) to ms, or NaN. */
export function parseUtcStamp(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(String(s));
  if (!m) return Number.NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

/** Parses a strict 'YYYY-MM-DD' calendar date to its UTC midnight in ms, or NaN. */
export function parseDay(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(s));
  if (!m) return Number.NaN;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  return new Date(ms).toISOString().slice(0, 10) === s ? ms : Number.NaN;
}

export function headerOf(headers: Record<string, string>, name: string): string | undefined {
  return headers[name.toLowerCase()];
}

/** JSON.parse that answers undefined instead of throwing. */
export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
