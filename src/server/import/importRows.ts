/**
 * importRows(csvText): every line checked like a sidebar request, the
 * accepted ones written below the ledger in one setValues (after one
 * setNumberFormats) per run of adjacent ledger columns (one in the default layout, whatever the row count), then one
 * audit append. If a write fails, what was written is undone and nothing is
 * imported.
 */
import type { ActionContext } from '../../core/lifecycle/actions';
import { auditEntries } from '../../core/ledger/audit';
import { FIELDS, type FieldDef, type FieldKey, type LedgerRecord } from '../../core/ledger/fields';
import { type ImportRejection, planImport, shortLinksIn } from '../../core/import/importRows';
import { resolveShortLinks } from '../connect/check';
import { newBudget } from '../connect/http';
import { AUTOMATIC_FORMAT, numberFormatFor } from '../../core/ledger/sheetRow';
import type { AuditEntry } from '../../core/ledger/sheets';
import { type Cell, valueToCell } from '../../core/ledger/sheetRow';
import { openEnv } from '../ledger/env';
import {
  type LedgerColumns,
  type Undo,
  columnsLookup,
  readLedgerColumns,
  restorable,
  undoAll,
  undoEvery,
} from '../ledger/ledger';
import { videoIdOf, videoRows } from '../ledger/rowGuard';
import { sealWriter } from '../ledger/seal';
import { pastCodeReader } from '../ledger/retiredCodes';
import { blocksOf } from '../../core/archive/archive';
import { BusyError, withDocumentLock } from '../ledger/lock';
import { appendAudit } from '../ledger/logs';
import { readSettings } from '../ledger/settingsSheet';

export interface ImportResult {
  /** How many lines were written to the ledger. */
  accepted: number;
  rejected: ImportRejection[];
  /** Ledger rows the accepted lines went to (first and last), when any. */
  rows: { first: number; last: number } | null;
  /** CSV headers that are not ledger columns; their cells were not imported. */
  ignoredColumns: string[];
  /** True when nothing was written because only a check was asked for. */
  dryRun: boolean;
  /** A sentence for the person who imported. */
  message: string;
}

function summary(accepted: number, rejected: ImportRejection[], dryRun: boolean): string {
  const verb = dryRun ? 'can be imported' : 'imported';
  const head = `${accepted} ${accepted === 1 ? 'row' : 'rows'} ${verb}`;
  if (rejected.length === 0) return `${head}.`;
  const whole = rejected.find((r) => r.line <= 1 && r.errors.some((e) => e.field === ''));
  if (whole && accepted === 0 && rejected.length === 1) return whole.errors[0].message;
  return `${head}; ${rejected.length} ${rejected.length === 1 ? 'line was' : 'lines were'} refused (see each line's reasons). Nothing from a refused line was written.`;
}

/** An import resolves at most this many short links, in this many seconds (a run has 6 minutes). */
const IMPORT_FETCHES = 1000;
const IMPORT_FETCH_SECONDS = 90;

export function importRows(csvText: unknown, options?: { dryRun?: boolean }): ImportResult {
  const dryRun = !!options?.dryRun;
  const env = openEnv();
  const settings = readSettings(env);
  // Share-sheet short links are resolved before the lock, in batches (connect/check.ts).
  const short = shortLinksIn(csvText);
  const links = short.length ? resolveShortLinks(short, newBudget(IMPORT_FETCHES, IMPORT_FETCH_SECONDS)) : new Map();
  try {
    return withDocumentLock(() => {
      // The columns the checks need (a video or a code already in the ledger, and that row's status), not the whole Ledger.
      const data = readLedgerColumns(env, ['videoUrl', 'sparkCode', 'status']);
      const ctx: ActionContext = {
        settings,
        today: env.today,
        nowIso: env.nowIso,
        user: env.user,
        hoursUntil: (d) => env.hoursUntil(d),
        locale: env.locale,
      };
      // Number cells are read in the spreadsheet's locale: "12,5" is 12.5 in a German sheet and refused in an American one.
      // docs/product.md §8: a code is unique across the Ledger, Code history and Archive (those two read only if a line has a code).
      const plan = planImport(
        csvText,
        ctx,
        { ...columnsLookup(env, data), pastUsesOfCode: pastCodeReader(env) },
        env.locale,
        links,
      );
      const base = { rejected: plan.rejected, ignoredColumns: plan.ignoredColumns, dryRun };
      if (plan.accepted.length === 0 || dryRun) {
        return {
          ...base,
          accepted: plan.accepted.length,
          rows: null,
          message: summary(plan.accepted.length, plan.rejected, dryRun),
        };
      }
      // The rows after everything on the sheet now (people may have added or sorted rows since the read),
      // with the videos there just before the write, to tell afterwards whether any was written over.
      const videoCol = data.cols.index.videoUrl as number;
      const before = videoRows(data.sheet, videoCol);
      // The ledger's last rows whole, read before the last row is asked for: rows inserted above after that
      // push them under the block, and the undo puts them back from here.
      const tail = lastRows(data, data.sheet.getLastRow());
      const first = Math.max(data.sheet.getLastRow(), 1) + 1;
      const records = plan.accepted.map((a, i) => ({ ...a.record, row: first + i }) as LedgerRecord);
      const audit: AuditEntry[] = [];
      plan.accepted.forEach((a, i) => {
        audit.push(...auditEntries(null, records[i], a.changed, env.user, env.nowIso, 'import'));
      });
      const undos: Undo[] = [];
      try {
        const seals = sealWriter(env, data.sheet, data.values[0] ?? []);
        const sealCol = seals.column();
        const sealCells =
          sealCol < 0
            ? null
            : { col: sealCol, cells: records.map((r) => seals.cell(videoIdOf(r.videoUrl) ?? '', String(r.status))) };
        undos.push(writeBlock(data, first, records, before, sealCells, tail));
        checkLanded(data, records, before);
        undos.push(appendAudit(env, audit));
        SpreadsheetApp.flush();
      } catch (e) {
        if (undoAll(undos))
          throw new Error(`The import could not be saved (${(e as Error).message}). Nothing was imported; try again.`);
        throw new Error(
          `The import could not be saved (${(e as Error).message}), and putting the Ledger back failed too: check its last rows and the Audit sheet before importing again.`,
        );
      }
      const last = first + records.length - 1;
      return {
        ...base,
        accepted: records.length,
        rows: { first, last },
        message: summary(records.length, plan.rejected, false),
      };
    });
  } catch (e) {
    if (e instanceof BusyError) {
      return {
        accepted: 0,
        rejected: [{ line: 0, errors: [{ field: '', message: e.message }] }],
        rows: null,
        ignoredColumns: [],
        dryRun,
        message: e.message,
      };
    }
    throw e;
  }
}

/**
 * Looks, after writing, that the imported videos sit together in the order
 * written (rows deleted or inserted above after the write move them as one
 * block, which is fine), and that no video there just before the write was
 * written over (rows inserted above between finding the last row and
 * writing push the ledger's last rows into the block). One read of the Video
 * URL column; any surprise undoes the whole import.
 */
function checkLanded(data: LedgerColumns, records: readonly LedgerRecord[], before: ReadonlyMap<string, number>): void {
  const videoCol = data.cols.index.videoUrl as number;
  const ours = records.map((r) => videoIdOf(r.videoUrl) ?? '');
  const now = videoRows(data.sheet, videoCol, ours);
  const start = now.get(ours[0]);
  const together = start !== undefined && ours.every((v, i) => now.get(v) === start + i);
  if (!together || overwritten(before, now, start ?? 0, records[0].row).length > 0)
    throw new Error('rows of the Ledger were inserted, deleted or sorted while importing');
}

/**
 * Videos there just before the write and gone after it that the block wrote
 * over. Rows inserted above between finding the last row and writing push
 * the last videos down into the block: then exactly the last ones are gone,
 * the block is where it was written, and the row above it holds a video. A
 * video gone any other way (a person deleted it, before or after the write)
 * stays deleted.
 */
function overwritten(
  before: ReadonlyMap<string, number>,
  now: ReadonlyMap<string, number>,
  blockStart: number,
  first: number,
): string[] {
  const gone = [...before.keys()].filter((v) => !now.has(v));
  if (gone.length === 0 || blockStart !== first || ![...now.values()].includes(blockStart - 1)) return [];
  const last = [...before.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, gone.length)
    .map(([v]) => v);
  return gone.every((v) => last.includes(v)) ? gone : [];
}

/** Rows a write can push under an import's block and the undo can put back: more than people insert in the moment between two calls. */
const TAIL_ROWS = 50;

/** Rows past the last one read too, in case rows were inserted above meanwhile and pushed the last ones there. */
const TAIL_SLACK = 5;

function lastRows(data: LedgerColumns, last: number): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  if (last < 2) return out;
  const top = Math.max(2, last - TAIL_ROWS + 1);
  const bottom = Math.min(last + TAIL_SLACK, data.sheet.getMaxRows());
  const videoCol = data.cols.index.videoUrl as number;
  const rows = data.sheet.getRange(top, 1, bottom - top + 1, data.values[0].length).getValues();
  for (const r of rows) {
    const id = videoIdOf(r[videoCol]);
    if (id && !out.has(id)) out.set(id, r);
  }
  return out;
}

/**
 * Writes new rows from `first` on: one setValues per run of adjacent ledger
 * columns, so the agency's own columns in between are never written.
 */
function writeBlock(
  data: LedgerColumns,
  first: number,
  records: readonly LedgerRecord[],
  before: ReadonlyMap<string, number>,
  seals: { col: number; cells: Cell[] } | null,
  tail: ReadonlyMap<string, unknown[]>,
): Undo {
  const sheet = data.sheet;
  const cols = data.cols;
  // The status seal column (seal.ts) is one more column of the block: next to the last ledger column it
  // goes in the same write as its neighbours, so the seals cannot land on other rows than their statuses.
  type Column = { def: FieldDef | null; i: number };
  const positions: Column[] = FIELDS.map((f) => ({
    def: f as FieldDef,
    i: cols.index[f.key as FieldKey] as number,
  })).filter((p) => p.i !== undefined);
  if (seals) positions.push({ def: null, i: seals.col });
  positions.sort((a, b) => a.i - b.i);
  const runs: { start: number; defs: (FieldDef | null)[] }[] = [];
  for (const p of positions) {
    const last = runs[runs.length - 1];
    if (last && last.start + last.defs.length === p.i) last.defs.push(p.def);
    else runs.push({ start: p.i, defs: [p.def] });
  }
  const lastRow = first + records.length - 1;
  if (lastRow > sheet.getMaxRows())
    sheet.insertRowsAfter(sheet.getMaxRows(), Math.max(lastRow - sheet.getMaxRows(), 100));
  const videoCol = cols.index.videoUrl as number;
  const ours = records.map((r) => videoIdOf(r.videoUrl) ?? '').filter(Boolean);
  const undos: Undo[] = [];
  // Undone by video id: the imported rows are deleted wherever they are now, and a last row of the
  // ledger that rows inserted meanwhile pushed under the block is put back from the plan's read.
  undos.push(() => {
    const now = videoRows(sheet, videoCol, ours);
    const rows = ours.map((v) => now.get(v)).filter((r): r is number => r !== undefined);
    const blocks = blocksOf(rows);
    for (let i = blocks.length - 1; i >= 0; i--) sheet.deleteRows(blocks[i].start, blocks[i].count);
    const after = videoRows(sheet, videoCol);
    for (const v of overwritten(before, after, rows.length ? Math.min(...rows) : first, first)) {
      const row = tail.get(v);
      if (row) sheet.appendRow(row.map(restorable));
      else throw new Error(`a row of the Ledger (${v}) was written over and could not be put back`);
    }
  });
  try {
    for (const run of runs) {
      const block: Cell[][] = records.map((rec, r) =>
        run.defs.map((def) =>
          def ? valueToCell(def, rec[def.key as FieldKey]) : (seals as { cells: Cell[] }).cells[r],
        ),
      );
      const formats = run.defs.map((def) => (def ? numberFormatFor(def) : AUTOMATIC_FORMAT));
      const range = sheet.getRange(first, run.start + 1, records.length, run.defs.length);
      // Formats first: text columns become automatic (older ledgers had '@') before their quoted text lands.
      range.setNumberFormats(records.map(() => formats)).setValues(block);
    }
  } catch (e) {
    undoAll(undos);
    throw e;
  }
  // Throws when a part of it failed, so the caller does not say nothing was imported.
  return undoEvery(undos);
}
