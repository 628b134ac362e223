/**
 * Codes the Ledger no longer holds (docs/product.md §8: a code is unique across the
 * Ledger, Code history and Archive): Code history keeps the codes renewals
 * replaced, Archive the closed rows moved out of the ledger. Both are found
 * by their headers, so columns the agency moved or added do not matter.
 *
 * Read lazily: only when a planner asks about a code (recording or renewing
 * one), then once for the execution. Per sheet, the header row and then one
 * getValues over just the span of the Video URL and Spark code columns.
 */
import type { PastCodeUse } from '../../core/lifecycle/actions';
import { SHEET } from '../../core/ledger/sheets';
import type { Env } from './env';
import { rowsContaining } from './ledger';

type SheetName = PastCodeUse['sheet'];

function norm(h: unknown): string {
  return String(h ?? '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
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

/**
 * The same answer for one code at a time, for work on one row: per sheet,
 * its header row (to find the Spark code and Video URL columns wherever the
 * agency put them) and a TextFinder search of the code column; only a row
 * that matches is read, to check the match and take its video.
 */
export function pastCodeFinder(env: Env): (code: string) => PastCodeUse[] {
  const cache = new Map<string, PastCodeUse[]>();
  const headers = new Map<
    SheetName,
    { sheet: GoogleAppsScript.Spreadsheet.Sheet; codeCol: number; urlCol: number } | null
  >();
  const columns = (name: SheetName) => {
    if (!headers.has(name)) {
      const sheet = env.ss.getSheetByName(name);
      let found: { sheet: GoogleAppsScript.Spreadsheet.Sheet; codeCol: number; urlCol: number } | null = null;
      if (sheet) {
        const header = sheet.getRange(1, 1, 1, sheet.getMaxColumns()).getValues()[0].map(norm);
        const codeCol = header.indexOf('spark code');
        if (codeCol >= 0) found = { sheet, codeCol, urlCol: header.indexOf('video url') };
      }
      headers.set(name, found);
    }
    return headers.get(name) ?? null;
  };
  return (raw: string) => {
    const code = String(raw).trim();
    if (code === '') return [];
    const cached = cache.get(code);
    if (cached) return cached;
    const uses: PastCodeUse[] = [];
    for (const name of [SHEET.codeHistory, SHEET.archive] as SheetName[]) {
      const at = columns(name);
      if (!at) continue;
      for (const row of rowsContaining(at.sheet, at.codeCol, code, true)) {
        const first = at.urlCol < 0 ? at.codeCol : Math.min(at.codeCol, at.urlCol);
        const last = at.urlCol < 0 ? at.codeCol : Math.max(at.codeCol, at.urlCol);
        const cells = at.sheet.getRange(row, first + 1, 1, last - first + 1).getValues()[0];
        if (String(cells[at.codeCol - first] ?? '').trim() !== code) continue;
        uses.push({ videoUrl: at.urlCol < 0 ? '' : String(cells[at.urlCol - first] ?? '').trim(), sheet: name, row });
      }
    }
    cache.set(code, uses);
    return uses;
  };
}
