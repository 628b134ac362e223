/** Read-only lookups for the sidebar: search, the selected row, the creator message. */
import type { FieldKey, LedgerRecord } from '../../core/ledger/fields';
import { creatorRequestMessage } from '../../core/ledger/message';
import { type RecordQuery, parseQuery, searchRecords } from '../../core/lifecycle/search';
import { parseVideoUrl } from '../../core/ledger/video';
import { openEnv } from '../ledger/env';
import { openLedger, readLedgerColumns, rowsContainingAtMost } from '../ledger/ledger';
import { rowToRecord } from '../../core/ledger/sheetRow';

/** Rows a selective search reads one by one; past this it reads the searched columns instead. */
export const FEW_MATCHES = 5;

/** The columns a search filters and ranks on (core/lifecycle/search.ts). */
const SEARCH_KEYS: FieldKey[] = [
  'videoUrl',
  'videoId',
  'creatorHandle',
  'client',
  'brand',
  'campaign',
  'adAccount',
  'status',
  'market',
  'updatedAt',
];
const TEXT_KEYS: FieldKey[] = ['videoUrl', 'videoId', 'creatorHandle', 'client', 'brand', 'campaign', 'adAccount'];

/**
 * Search, without reading the whole Ledger. A video link is found like any
 * single row (openLedger). Otherwise a TextFinder search for the query's
 * longest word over the columns the words are matched in (or for the client,
 * market or status asked for, in its column) finds the rows that may match;
 * when they are few, they are read one by one and core decides. When they
 * are many, or there is nothing to search for, only the searched columns are
 * read, core filters and ranks, and only the rows returned are read whole.
 */
export function findRecords(query: unknown): LedgerRecord[] {
  const q = parseQuery(query);
  if (!q.ok) throw new Error(q.errors.map((e) => e.message).join(' '));
  const env = openEnv();
  const data = openLedger(env);
  const link = parseVideoUrl(q.value.text);
  if (link) {
    const row = data.lookup.rowOfVideoId(link.videoId);
    return searchRecords(row === null ? [] : [data.record(row)], q.value);
  }
  const probe = narrowest(q.value, data.cols.index);
  if (probe) {
    // A row read after the search must still hold the text found there; if one does not, rows moved: search again.
    let view = data;
    for (let pass = 0; pass < 2; pass++) {
      // Cells, not rows: a row matching in several columns counts several times, so allow for that.
      const rows = rowsContainingAtMost(
        view.sheet,
        probe.first,
        probe.text,
        false,
        probe.last,
        FEW_MATCHES * (probe.last - probe.first + 1),
      );
      if (rows === null || rows.length > FEW_MATCHES) break;
      if (rows.length === 0) return [];
      const needle = probe.text.toLowerCase();
      const held = rows.every((r) =>
        view
          .rowValues(r)
          .slice(probe.first, probe.last + 1)
          .some((v) => String(v).toLowerCase().includes(needle)),
      );
      if (held || pass === 1)
        return searchRecords(
          rows.map((r) => view.record(r)),
          q.value,
        );
      // Read afresh: the rows read so far are from before the move.
      view = openLedger(env);
    }
  }
  const cols = readLedgerColumns(env, SEARCH_KEYS);
  const offsets = env.offsets();
  const partial: LedgerRecord[] = [];
  for (let r = 2; r <= cols.values.length; r++) partial.push(rowToRecord(cols.values[r - 1], cols.cols, offsets, r));
  // The rows found are read whole; one that no longer holds its video (rows moved) is found again by its id.
  return searchRecords(partial, q.value).map((hit) => {
    const id = parseVideoUrl(hit.videoUrl)?.videoId ?? '';
    const now = data.record(hit.row);
    if (id === '' || parseVideoUrl(now.videoUrl)?.videoId === id) return now;
    const row = data.lookup.rowOfVideoId(id);
    return row === null ? hit : data.record(row);
  });
}

/** What to search for first: the query's longest word in the text columns, else the client, market or status asked for. */
function narrowest(
  q: RecordQuery,
  index: Partial<Record<FieldKey, number>>,
): { text: string; first: number; last: number } | null {
  const words = q.text
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
  if (words.length) {
    const at = TEXT_KEYS.map((k) => index[k]).filter((i): i is number => i !== undefined);
    return { text: words[0], first: Math.min(...at), last: Math.max(...at) };
  }
  for (const k of ['client', 'market', 'status'] as const) {
    const i = index[k];
    if (q[k] && i !== undefined) return { text: q[k], first: i, last: i };
  }
  return null;
}

/**
 * The ledger row under the person's cursor. From a sidebar, the active range
 * is the selection of the person who opened it.
 * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getActiveRange()
 */
export function getSelectedRecord(): LedgerRecord | null {
  const env = openEnv();
  const range = env.ss.getActiveRange();
  if (!range) return null;
  const row = range.getRow();
  if (row < 2) return null;
  const data = openLedger(env);
  // The Ledger may have been renamed: it is the sheet openLedger found, compared by id.
  if (range.getSheet().getSheetId() !== data.sheet.getSheetId()) return null;
  const rec = data.record(row);
  return rec.videoUrl ? rec : null;
}

export function requestMessage(videoUrl: unknown): string {
  const parsed = parseVideoUrl(String(videoUrl ?? ''));
  if (!parsed)
    throw new Error(
      'Video URL must be a TikTok video link like https://www.tiktok.com/@handle/video/7412345678901234567.',
    );
  const data = openLedger(openEnv());
  const row = data.lookup.rowOfVideoId(parsed.videoId);
  if (row === null)
    throw new Error(`No row in the ledger has the video ${parsed.canonical}; request a code for it first.`);
  return creatorRequestMessage(data.record(row));
}
