/**
 * TokPortal's API (developers.tokportal.com, as gathered in
 * /work/shared/CONNECT.md): asking TokPortal's account manager for a post's Spark
 * code, and polling until the code is set. Base `https://app.tokportal.com/api/ext`,
 * header `X-API-Key: sk_…`, 120 requests a minute with `Retry-After` on 429,
 * errors `{"error": {"code", "message", "details"}}`. No webhook event is listed
 * for ad codes, and an Apps Script web app cannot read request headers (so
 * could not check a webhook's signature): the ledger polls.
 */
import type { FetchRequest } from './tiktok';
import { parseJsonLossless } from './json';

export const TOKPORTAL_BASE = 'https://app.tokportal.com/api/ext';
/** Seconds to wait after a 429 that gives no usable Retry-After. */
export const DEFAULT_RETRY_AFTER_SECONDS = 60;

function adCodePath(tokportalVideoId: string): string {
  return `${TOKPORTAL_BASE}/videos/${encodeURIComponent(String(tokportalVideoId).trim())}/ad-code-request`;
}

/** `POST /videos/:id/ad-code-request` with `{"note": "…", "platform": "tiktok"}`. */
export function adCodeRequest(apiKey: string, tokportalVideoId: string, note: string): FetchRequest {
  return {
    url: adCodePath(tokportalVideoId),
    method: 'post',
    headers: { 'X-API-Key': apiKey },
    payload: JSON.stringify({ note: String(note ?? ''), platform: 'tiktok' }),
    contentType: 'application/json',
    muteHttpExceptions: true,
    followRedirects: false,
  };
}

/** `GET /videos/:id/ad-code-request`: the request's status (`in_review` → `finalized`) and, once set, its `code`. */
export function adCodePoll(apiKey: string, tokportalVideoId: string): FetchRequest {
  return {
    url: adCodePath(tokportalVideoId),
    method: 'get',
    headers: { 'X-API-Key': apiKey },
    muteHttpExceptions: true,
    followRedirects: false,
  };
}

export type TokPortalAnswer =
  | { kind: 'ok'; status: string; code: string | null }
  | { kind: 'rateLimited'; retryAfterSeconds: number }
  | { kind: 'error'; status: number; code: string; message: string; retryLater: boolean };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function header(headers: Record<string, string>, name: string): string {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === want) return String(v ?? '').trim();
  return '';
}

/**
 * `Retry-After` is delay-seconds or an HTTP date (RFC 9110 §10.2.3). A date is
 * measured from the answer's own `Date` header, so no clock of ours is needed;
 * without one, from `nowMs` when given. Anything unreadable waits the default.
 */
function retryAfterSeconds(headers: Record<string, string>, nowMs?: number): number {
  const v = header(headers, 'Retry-After');
  if (/^\d+$/.test(v)) return Math.max(1, Number(v));
  const at = v === '' ? Number.NaN : Date.parse(v);
  if (Number.isNaN(at)) return DEFAULT_RETRY_AFTER_SECONDS;
  const said = header(headers, 'Date');
  const now = said !== '' && !Number.isNaN(Date.parse(said)) ? Date.parse(said) : nowMs;
  if (now === undefined || !Number.isFinite(now)) return DEFAULT_RETRY_AFTER_SECONDS;
  return Math.max(1, Math.ceil((at - now) / 1000));
}

/** The ad-code request object, at the top level or under `data` (the shape is not pinned down by the sources). */
function requestObject(body: Record<string, unknown>): Record<string, unknown> | null {
  const data = isObject(body.data) ? body.data : null;
  const candidates = [data && isObject(data.ad_code_request) ? data.ad_code_request : null, data, body];
  for (const c of candidates) if (c && (typeof c.status === 'string' || typeof c.code === 'string')) return c;
  return null;
}

/**
 * What one TokPortal answer means. 2xx: the request's `status` and its `code`
 * (null until set). 429: how long to wait. Anything else: TokPortal's error
 * `{"error": {code, message, details}}` when it sent one; 5xx and bodies that
 * are not JSON are worth retrying later. `nowMs` is only used to read a
 * Retry-After date when the answer has no Date header.
 */
export function readTokPortalAnswer(
  httpStatus: number,
  headers: Record<string, string>,
  body: string,
  nowMs?: number,
): TokPortalAnswer {
  if (httpStatus === 429) return { kind: 'rateLimited', retryAfterSeconds: retryAfterSeconds(headers, nowMs) };
  let parsed: unknown;
  try {
    parsed = parseJsonLossless(body);
  } catch {
    parsed = undefined;
  }
  const ok = httpStatus >= 200 && httpStatus <= 299;
  const obj = isObject(parsed) ? parsed : null;
  const err = obj && isObject(obj.error) ? obj.error : null;
  if (ok && obj && !err) {
    const req = requestObject(obj);
    if (req) {
      const code = typeof req.code === 'string' && req.code.trim() !== '' ? req.code.trim() : null;
      return { kind: 'ok', status: typeof req.status === 'string' ? req.status : '', code };
    }
  }
  if (err) {
    return {
      kind: 'error',
      status: httpStatus,
      code: typeof err.code === 'string' || typeof err.code === 'number' ? String(err.code) : `http_${httpStatus}`,
      message: typeof err.message === 'string' ? err.message : `TokPortal answered HTTP ${httpStatus}.`,
      retryLater: httpStatus >= 500 || httpStatus === 408,
    };
  }
  // Not TokPortal's JSON (a gateway's page, a cut-off answer) or an unexpected shape: try again later unless refused.
  const refused = httpStatus >= 400 && httpStatus < 500 && httpStatus !== 408;
  return {
    kind: 'error',
    status: httpStatus,
    code: obj ? 'unexpected_answer' : 'not_json',
    message: obj
      ? `TokPortal answered HTTP ${httpStatus} without an ad-code request in it.`
      : `TokPortal answered HTTP ${httpStatus} with a body that is not JSON.`,
    retryLater: !refused,
  };
}
