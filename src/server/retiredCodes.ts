/**
 * Codes the Ledger no longer holds (SPEC §8: a code is unique across the
 * Ledger, Code history and Archive): Code history keeps the codes renewals
 * replaced, Archive the closed rows moved out of the ledger. Both are found
 * by their headers, so columns the agency moved or added do not matter.
 *
 * Read lazily: only when a planner asks about a code (recording or renewing
 * one), then once for the execution. Per sheet, the header row and then one
 * getValues over just the span of the Video URL and Spark code columns.
 */
import { PastCodeUse } from '../core/actions';
import { SHEET } from '../core/sheets';
import { Env } from './env';

type SheetName = PastCodeUse['sheet'];

function norm(h: unknown): string {
  return String(h ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
}

function readSheet(env: Env, name: SheetName, into: Map<string, PastCodeUse[]>): void {
  const sheet = env.ss.getSheetByName(name);
  if (!sheet) return;
  const lastRow = sheet.getLastRow();
  const lastCol = sheet.getLastColumn();
  if (lastRow < 2 || lastCol < 1) return;
  const header = sheet.getRange(1, 1, 1, lastCol).getValues()[0].map(norm);
  const codeCol = header.indexOf('spark code');
  if (codeCol < 0) return;
  const urlCol = header.indexOf('video url');
  const first = urlCol < 0 ? codeCol : Math.min(codeCol, urlCol);
  const last = urlCol < 0 ? codeCol : Math.max(codeCol, urlCol);
  const values = sheet.getRange(2, first + 1, lastRow - 1, last - first + 1).getValues();
  for (let i = 0; i < values.length; i++) {
    const code = String(values[i][codeCol - first] ?? '').trim();
    if (code === '') continue;
    const videoUrl = urlCol < 0 ? '' : String(values[i][urlCol - first] ?? '').trim();
    const use: PastCodeUse = { videoUrl, sheet: name, row: i + 2 };
    const list = into.get(code);
    if (list) list.push(use);
    else into.set(code, [use]);
  }
}

/** Where each code was held before, read on the first question. */
export function pastCodeReader(env: Env): (code: string) => PastCodeUse[] {
  let index: Map<string, PastCodeUse[]> | null = null;
  return (code: string) => {
    if (!index) {
      index = new Map();
      readSheet(env, SHEET.codeHistory, index);
      readSheet(env, SHEET.archive, index);
    }
    return index.get(String(code).trim()) ?? [];
  };
}
