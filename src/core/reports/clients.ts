/**
 * Which rows and fields a client may see, and which client a name means: the
 * allow-list of fields, client names compared as people type them, and the
 * name of a client's report tab.
 */
import type { LedgerRecord } from '../ledger/fields';
import { type FunnelFacts, funnelFacts } from './funnel';
import { REPORT_PREFIX } from '../ledger/sheets';
import { maskSparkCode } from '../ledger/video';

/**
 * Every ledger field a client report reads, and why it is safe:
 * - the video, its creator, market, campaign, objective, status, expiry and
 *   results: the client's own campaign facts (docs/product.md §7 list of videos);
 * - renewal decision and retirement reason: decisions with their reason from
 *   the list (docs/product.md §7);
 * - client note: the one free text written for the client, shown after
 *   scrubbing codes, other clients' names and other videos' links.
 * Left out on purpose: the decision note (internal: why the agency extended
 * or stopped a code), owners' emails, ad account, brand, landing page, usage
 * rights and notes, excluded categories, checks, contract, invoice fields,
 * proof and snapshot links, generation prompt text, alerts, who updated the
 * row. The Spark code only ever appears as maskSparkCode's hint.
 */
export const CLIENT_SAFE_FIELDS = [
  'videoUrl',
  'creatorHandle',
  'market',
  'campaign',
  'objective',
  'status',
  'expiresOn',
  'currency',
  'spend',
  'conversions',
  'comments',
  'renewalDecision',
  'retirementReason',
  'clientNote',
  'figuresFrom',
] as const;

export type ClientSafeKey = (typeof CLIENT_SAFE_FIELDS)[number];

export type ClientSafeRow = {
  [K in ClientSafeKey]: K extends 'spend' | 'conversions' | 'comments' ? number | '' : string;
} & {
  /** First characters and last two of the code: enough to match it in Ads Manager, never the code. */
  codeHint: string;
  funnel: FunnelFacts;
};

export function clientSafeRow(rec: LedgerRecord): ClientSafeRow {
  const out: Record<string, unknown> = {};
  for (const k of CLIENT_SAFE_FIELDS) {
    const v = rec[k];
    out[k] =
      k === 'spend' || k === 'conversions' || k === 'comments'
        ? typeof v === 'number'
          ? v
          : ''
        : String(v ?? '').trim();
  }
  out.codeHint = maskSparkCode(String(rec.sparkCode ?? '').trim());
  out.funnel = funnelFacts(rec);
  return out as ClientSafeRow;
}

/** A client's identity: the cell's text, trimmed. Case matters: "Acme" and "ACME" are two clients. */
export function clientKey(value: unknown): string {
  return String(value ?? '').trim();
}

/**
 * A name as a person means it: trimmed, runs of spaces (a double space, a
 * non-breaking space, a line break) as one space, and any case. Used to find
 * the client someone named, never as a client's identity.
 */
export function looseName(value: unknown): string {
  return String(value ?? '')
    .normalize('NFC')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

export function isClientRow(clientCell: unknown, client: string): boolean {
  return client !== '' && clientKey(clientCell) === client;
}

/** Every client that has at least one row, sorted. */
export function clientsWithRows(clientCells: readonly unknown[]): string[] {
  const set = new Set<string>();
  for (const c of clientCells) {
    const k = clientKey(c);
    if (k !== '') set.add(k);
  }
  return [...set].sort(byName);
}

export function byName(a: string, b: string): number {
  return a.toLowerCase().localeCompare(b.toLowerCase()) || (a < b ? -1 : a > b ? 1 : 0);
}

export type ClientChoice = { ok: true; client: string } | { ok: false; message: string };

/**
 * The client someone named, among the known ones: exactly, else forgivingly
 * (looseName: spaces and case) when only one client fits.
 */
export function resolveClient(input: unknown, known: readonly string[]): ClientChoice {
  const wanted = clientKey(input);
  if (wanted === '') return { ok: false, message: `Client is required: choose one of ${listForPeople(known)}.` };
  if (known.includes(wanted)) return { ok: true, client: wanted };
  const loose = looseName(wanted);
  const near = known.filter((k) => looseName(k) === loose);
  if (near.length === 1) return { ok: true, client: near[0] };
  if (near.length > 1)
    return {
      ok: false,
      message: `Client "${wanted}" matches ${listForPeople(near)}: choose the name exactly as the ledger spells it.`,
    };
  return {
    ok: false,
    message: `Client "${wanted}" has no rows in the ledger: choose one of ${listForPeople(known)}.`,
  };
}

/** A per-client Settings value (keyed by the Clients list's spelling) for `client`: exactly, else forgivingly when only one fits. */
export function settingForClient(map: Readonly<Record<string, string>>, client: string): string {
  if (Object.prototype.hasOwnProperty.call(map, client)) return map[client];
  const loose = looseName(client);
  const near = Object.keys(map).filter((k) => looseName(k) === loose);
  return near.length === 1 ? map[near[0]] : '';
}

function listForPeople(names: readonly string[]): string {
  if (names.length === 0) return 'the clients in the ledger (there are none yet)';
  const shown = names.slice(0, 12).map((n) => `"${n}"`);
  return shown.join(', ') + (names.length > 12 ? ` and ${names.length - 12} more` : '');
}

/**
 * Sheets refuses tab names over 100 characters
 * (https://github.com/getodk/collect/issues/2918: "The sheet name cannot be
 * greater than 100 characters"); line breaks and control characters would make
 * an unreadable tab. Truncation never splits a character.
 */
export const SHEET_NAME_MAX = 100;

export function reportSheetName(client: string): string {
  const clean =
    clientKey(client)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this takes out of a tab name.
      .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || 'Unnamed client';
  const room = SHEET_NAME_MAX - REPORT_PREFIX.length;
  const chars = Array.from(clean);
  const name =
    chars.length > room
      ? `${chars
          .slice(0, room - 1)
          .join('')
          .trimEnd()}…`
      : clean;
  return REPORT_PREFIX + name;
}
