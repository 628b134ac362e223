/** findRecords (docs/api.md): which ledger rows match a sidebar search, newest first. */
import type { FieldError, Result } from '../ledger/errors';
import type { LedgerRecord } from '../ledger/fields';
import { parseVideoUrl } from '../ledger/video';

export interface RecordQuery {
  /** Words that must all appear in the row's URL, handle, client, brand, campaign or ad account. */
  text: string;
  client: string;
  status: string;
  market: string;
  limit: number;
}

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 200;

const KEYS = ['text', 'client', 'status', 'market', 'limit'];

/** A bare string is taken as the search text; anything else must be a query object. */
export function parseQuery(raw: unknown): Result<RecordQuery> {
  const q: RecordQuery = { text: '', client: '', status: '', market: '', limit: DEFAULT_SEARCH_LIMIT };
  if (raw === null || raw === undefined || raw === '') return { ok: true, value: q };
  if (typeof raw === 'string') return { ok: true, value: { ...q, text: raw.trim() } };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      ok: false,
      errors: [{ field: '', message: 'A search must be some text or { text, client, status, market, limit }.' }],
    };
  }
  const errors: FieldError[] = [];
  const obj = raw as Record<string, unknown>;
  for (const k of Object.keys(obj))
    if (!KEYS.includes(k)) errors.push({ field: '', message: `"${k}" is not something a search can filter on.` });
  for (const k of ['text', 'client', 'status', 'market'] as const) {
    const v = obj[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') errors.push({ field: k, message: `Search ${k} must be text.` });
    else q[k] = v.trim();
  }
  if (obj.limit !== undefined && obj.limit !== null && obj.limit !== '') {
    const n = Number(obj.limit);
    if (!Number.isInteger(n) || n < 1 || n > MAX_SEARCH_LIMIT)
      errors.push({ field: 'limit', message: `Search limit must be a whole number from 1 to ${MAX_SEARCH_LIMIT}.` });
    else q.limit = n;
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: q };
}

function haystack(rec: LedgerRecord): string {
  return [rec.videoUrl, rec.videoId, rec.creatorHandle, rec.client, rec.brand, rec.campaign, rec.adAccount]
    .join('\n')
    .toLowerCase();
}

/** Whole-value filters ignore case, as Settings lists do. */
function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Records matching every part of the query. A pasted video link is matched by
 * its id, whatever form it was pasted in. Newest first: last updated, then the
 * lower row (rows are appended).
 */
export function searchRecords(records: readonly LedgerRecord[], q: RecordQuery): LedgerRecord[] {
  const link = parseVideoUrl(q.text);
  const words = link ? [] : q.text.toLowerCase().split(/\s+/).filter(Boolean);
  const hits = records.filter((rec) => {
    if (!rec.videoUrl) return false;
    if (q.client && !same(rec.client, q.client)) return false;
    if (q.status && !same(rec.status, q.status)) return false;
    if (q.market && !same(rec.market, q.market)) return false;
    if (link) return rec.videoId === link.videoId || parseVideoUrl(rec.videoUrl)?.videoId === link.videoId;
    if (!words.length) return true;
    const h = haystack(rec);
    return words.every((w) => h.includes(w));
  });
  hits.sort((a, b) => (a.updatedAt === b.updatedAt ? b.row - a.row : a.updatedAt < b.updatedAt ? 1 : -1));
  return hits.slice(0, q.limit);
}
