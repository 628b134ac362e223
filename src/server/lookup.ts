/** Read-only lookups for the sidebar: search, the selected row, the creator message. */
import { LedgerRecord } from '../core/fields';
import { creatorRequestMessage } from '../core/message';
import { parseQuery, searchRecords } from '../core/search';
import { parseVideoUrl } from '../core/video';
import { openEnv } from './env';
import { openLedger, readLedger } from './ledger';

/** One read of the ledger, then core filters; a row count never becomes a call count. */
export function findRecords(query: unknown): LedgerRecord[] {
  const q = parseQuery(query);
  if (!q.ok) throw new Error(q.errors.map((e) => e.message).join(' '));
  const data = readLedger(openEnv());
  return searchRecords(data.dataRows().map((row) => data.record(row)), q.value);
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
  if (!parsed) throw new Error('Video URL must be a TikTok video link like https://www.tiktok.com/@handle/video/7412345678901234567.');
  const data = openLedger(openEnv());
  const row = data.lookup.rowOfVideoId(parsed.videoId);
  if (row === null) throw new Error(`No row in the ledger has the video ${parsed.canonical}; request a code for it first.`);
  return creatorRequestMessage(data.record(row));
}
