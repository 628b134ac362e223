/**
 * The daily check's writes to the Ledger: statuses in chunks (with their
 * seals and audit lines, all or nothing) and the Last alert cells, each row
 * found by its video id just before and after the write (rowGuard.ts).
 */
import type { AuditEntry } from '../../core/ledger/sheets';
import type { AlertState, ExpiryRow, StatusChange } from '../../core/expiry/plan';
import { type FieldDef, type Status, fieldDef, fieldLabel } from '../../core/ledger/fields';
import { numberFormatFor } from '../../core/ledger/sheetRow';
import { type Cell, quoteText } from '../../core/ledger/sheetRow';
import { parseVideoUrl } from '../../core/ledger/video';
import type { Env } from '../ledger/env';
import { type LedgerColumns, ownCell, undoAll } from '../ledger/ledger';
import { type JournalCell, clearJournal, recordJournal } from '../ledger/journal';
import { type RowWrite, guardedWrite } from '../ledger/rowGuard';
import { sealWriter, writeSeals } from '../ledger/seal';
import { paidStatusFor } from '../../core/lifecycle/lifecycle';
import { type Appended, type AppendUndo, appendAudit } from '../ledger/logs';

export type AuditFn = (videoUrl: string, field: string, oldValue: string, newValue: string) => AuditEntry;

/**
 * How many status changes go in one all-or-nothing write. A backlog (the first
 * run on a big ledger, or one after days without a run) goes in several, the
 * time checked between them, so a run stops inside its limit and the next one
 * carries on; each is a few calls whatever its size.
 */
const STATUS_CHUNK = 5000;

/**
 * How long a run may spend moving statuses before it leaves the rest to the
 * next run (6 minutes a run,
 * https://developers.google.com/apps-script/guides/services/quotas#current_limitations,
 * leaving room for the chunk under way, the memory and the audit).
 */
export const STATUS_BUDGET_MS = 3 * 60 * 1000;

/** Moves statuses in chunks until `deadline` (Date.now() milliseconds); returns how many changes are left for the next run. */
export function writeStatuses(
  env: Env,
  data: LedgerColumns,
  changes: readonly StatusChange[],
  audit: AuditFn,
  ymdOf: (d: Date) => string,
  deadline: number,
): number {
  for (let i = 0; i < changes.length; i += STATUS_CHUNK) {
    if (i > 0 && Date.now() > deadline) return changes.length - i;
    writeStatusChunk(env, data, changes.slice(i, i + STATUS_CHUNK), audit, ymdOf);
  }
  return 0;
}

/**
 * Status changes and their audit lines, all or nothing: undone together if
 * either fails, journaled for the next run if the undo fails too. A video
 * whose row is gone by the time of the write is left for the next run.
 */
function writeStatusChunk(
  env: Env,
  data: LedgerColumns,
  changes: readonly StatusChange[],
  audit: AuditFn,
  ymdOf: (d: Date) => string,
): void {
  if (changes.length === 0) return;
  const statusCol = data.cols.index.status as number;
  const videoCol = data.cols.index.videoUrl as number;
  const format = numberFormatFor(fieldDef('status') as FieldDef);
  const paidCol = data.cols.index.paidStatus;
  const paidFormat = numberFormatFor(fieldDef('paidStatus') as FieldDef);
  const seals = sealWriter(env, data.sheet, data.values[0] ?? []);
  const sealCol = seals.column();
  const writes: RowWrite[] = [];
  const hints = new Map<string, number>();
  const journal: JournalCell[] = [];
  const lines: AuditEntry[] = [];
  for (const c of changes) {
    const videoId = parseVideoUrl(c.videoUrl)?.videoId;
    if (!videoId || hints.has(videoId)) continue;
    hints.set(videoId, c.row);
    const cells = new Map<number, { value: Cell; format: string }>([[statusCol, { value: c.to, format }]]);
    journal.push({
      videoId,
      videoUrl: c.videoUrl,
      header: fieldLabel('status'),
      col: statusCol,
      format,
      before: quoteText(c.from),
      after: c.to,
    });
    lines.push(audit(c.videoUrl, fieldLabel('status'), c.from, c.to));
    // Status and Paid campaign agree (docs/product.md §8): an expired code's campaign has ended.
    const paid = paidStatusFor(c.to as Status);
    const oldPaid = paidCol === undefined ? '' : String(data.values[c.row - 1]?.[paidCol] ?? '');
    if (paidCol !== undefined && paid !== null && oldPaid !== paid) {
      cells.set(paidCol, { value: paid, format: paidFormat });
      journal.push({
        videoId,
        videoUrl: c.videoUrl,
        header: fieldLabel('paidStatus'),
        col: paidCol,
        format: paidFormat,
        before: quoteText(oldPaid),
        after: paid,
      });
      lines.push(audit(c.videoUrl, fieldLabel('paidStatus'), oldPaid, paid));
    }
    writes.push({ videoId, cells });
  }
  const undos: AppendUndo[] = [];
  const what = `Status of ${journal.length} code${journal.length === 1 ? '' : 's'} (daily check)`;
  // Written ahead: a run that dies between the Status cells and their audit lines (the time limit
  // gives no chance to undo) leaves this, and the next run adds the lines it finds missing.
  const ahead = recordJournal(env, {
    when: env.nowIso,
    who: env.user,
    what,
    videoCol,
    cells: journal,
    rows: [],
    finish: lines,
  });
  try {
    const written = guardedWrite(data.sheet, videoCol, writes, hints, (v, col) => ownCell(data, v, col), ymdOf);
    undos.push(written.undo);
    // Status seals (seal.ts) on the rows the statuses landed on, in one write of the column's span: seals
    // differ row by row, so they cannot go in groups. A seal that a sort meanwhile puts on another row does
    // not verify there (it names its video), so the worst a race does is leave a row unsealed.
    if (sealCol >= 0) {
      const to = new Map(changes.map((c) => [parseVideoUrl(c.videoUrl)?.videoId ?? '', c.to]));
      undos.push(
        writeSeals(
          env,
          data.sheet,
          data.values[0] ?? [],
          [...written.rows].map(([videoId, row]) => ({ row, videoId, status: to.get(videoId) ?? '' })),
        ),
      );
    }
    const gone = new Set(written.gone);
    undos.push(
      appendAudit(
        env,
        lines.filter((l) => !gone.has(parseVideoUrl(l.videoUrl)?.videoId ?? '')),
      ),
    );
    SpreadsheetApp.flush();
  } catch (err) {
    const reason = (err as Error).message;
    if (undoAll(undos)) {
      if (ahead) clearJournal(env);
      throw new Error(
        `The expiry check could not update the ledger (${reason}). Nothing was changed in the ledger and no mail went out; the next run does it again.`,
      );
    }
    recordJournal(env, {
      when: env.nowIso,
      who: env.user,
      what,
      videoCol,
      cells: journal,
      rows: undos.map((u) => u.appended).filter((a): a is Appended => !!a),
    });
    throw new Error(
      `The expiry check could not update the ledger (${reason}), and Sheets also failed while undoing it; the next run puts it right and says so in the Audit sheet. No mail went out.`,
    );
  }
  if (ahead) clearJournal(env);
}

/** Last alert cells that disagree with the memory's day of the last mail, rows found by video id. */
/** Returns how many codes' Last alert could not be written. */
export function writeLastAlert(
  data: LedgerColumns,
  find: (key: string) => ExpiryRow | null,
  state: AlertState,
  ymdOf: (d: Date) => string,
): number {
  const alertCol = data.cols.index.lastAlertOn;
  if (alertCol === undefined) return 0;
  const format = numberFormatFor(fieldDef('lastAlertOn') as FieldDef);
  const writes: RowWrite[] = [];
  const hints = new Map<string, number>();
  for (const [key, mem] of Object.entries(state.codes)) {
    const r = mem.sentOn ? find(key) : null;
    if (!r || mem.sentOn === r.lastAlertOn || hints.has(r.videoId)) continue;
    hints.set(r.videoId, r.row);
    writes.push({ videoId: r.videoId, cells: new Map([[alertCol, { value: mem.sentOn, format }]]) });
  }
  if (writes.length === 0) return 0;
  // Tried twice: the Audit sheet's "Expiry alert sent" lines keep the day either way, and the run says when the cells are stale.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      guardedWrite(
        data.sheet,
        data.cols.index.videoUrl as number,
        writes,
        hints,
        (v, col) => ownCell(data, v, col),
        ymdOf,
      );
      return 0;
    } catch (_) {
      // Once more, below.
    }
  }
  return writes.length;
}
