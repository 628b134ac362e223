/**
 * The daily check's writes to the Ledger: statuses in chunks (with their
 * seals and audit lines, all or nothing) and the Last alert cells, each row
 * found by its video id just before and after the write (rowGuard.ts).
 */
import type { AuditEntry, Via } from '../../core/ledger/sheets';
import type { AlertState, ExpiryRow, StatusChange } from '../../core/expiry/plan';
import { type FieldDef, type FieldKey, type Status, fieldDef, fieldLabel } from '../../core/ledger/fields';
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

/** Audit lines of one execution: now, this user, through `via`. */
export function auditAs(env: Pick<Env, 'nowIso' | 'user'>, via: Via): AuditFn {
  return (videoUrl, field, oldValue, newValue) => ({
    when: env.nowIso,
    who: env.user,
    videoUrl,
    field,
    oldValue,
    newValue,
    via,
  });
}

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
    statusChunk(env, data, changes.slice(i, i + STATUS_CHUNK), audit, ymdOf);
  }
  return 0;
}

/** One row's changes: fields by key, old value as read (for the Audit and the journal) and new value. */
export interface RowChanges {
  row: number;
  videoUrl: string;
  set: { key: FieldKey; from: string; to: Cell }[];
}

/** How a batch of changes is named in the journal and in its failure messages. */
export interface ChangeWords {
  /** "Status of 3 codes (daily check)". */
  what: string;
  /** "The expiry check", at the start of a failure message. */
  job: string;
  /** What else did not happen on a failure, in lower case ("no mail went out"), or ''. */
  alsoNot: string;
}

function statusChunk(
  env: Env,
  data: LedgerColumns,
  changes: readonly StatusChange[],
  audit: AuditFn,
  ymdOf: (d: Date) => string,
): void {
  writeChanges(
    env,
    data,
    changes.map((c) => ({ row: c.row, videoUrl: c.videoUrl, set: [{ key: 'status', from: c.from, to: c.to }] })),
    audit,
    ymdOf,
    {
      what: `Status of ${changes.length} code${changes.length === 1 ? '' : 's'} (daily check)`,
      job: 'The expiry check',
      alsoNot: 'no mail went out',
    },
  );
}

/**
 * Changes to rows and their audit lines, all or nothing: undone together if
 * either fails, journaled for the next run if the undo fails too. A status
 * brings its seal and, where the lifecycle says so, Paid campaign
 * (docs/product.md §8: an expired code's campaign has ended). A video whose
 * row is gone by the time of the write is left for the next run.
 */
export function writeChanges(
  env: Env,
  data: LedgerColumns,
  changes: readonly RowChanges[],
  audit: AuditFn,
  ymdOf: (d: Date) => string,
  words: ChangeWords,
): void {
  if (changes.length === 0) return;
  const videoCol = data.cols.index.videoUrl as number;
  const paidCol = data.cols.index.paidStatus;
  const seals = sealWriter(env, data.sheet, data.values[0] ?? []);
  const sealCol = seals.column();
  const writes: RowWrite[] = [];
  const hints = new Map<string, number>();
  const journal: JournalCell[] = [];
  const lines: AuditEntry[] = [];
  const statusTo = new Map<string, string>();
  for (const c of changes) {
    const videoId = parseVideoUrl(c.videoUrl)?.videoId;
    if (!videoId || hints.has(videoId)) continue;
    hints.set(videoId, c.row);
    const cells = new Map<number, { value: Cell; format: string }>();
    const put = (key: FieldKey, from: string, to: Cell) => {
      const col = data.cols.index[key];
      if (col === undefined) return;
      const format = numberFormatFor(fieldDef(key) as FieldDef);
      cells.set(col, { value: to, format });
      journal.push({
        videoId,
        videoUrl: c.videoUrl,
        header: fieldLabel(key),
        col,
        format,
        before: quoteText(from),
        after: to,
      });
      // The Audit shows the value, not the apostrophe that keeps text as text in the cell.
      lines.push(audit(c.videoUrl, fieldLabel(key), from, typeof to === 'string' ? to.replace(/^'/, '') : String(to)));
    };
    for (const f of c.set) {
      put(f.key, f.from, f.to);
      if (f.key !== 'status') continue;
      statusTo.set(videoId, String(f.to));
      const paid = paidStatusFor(f.to as Status);
      const oldPaid = paidCol === undefined ? '' : String(data.values[c.row - 1]?.[paidCol] ?? '');
      if (paid !== null && oldPaid !== paid && !c.set.some((x) => x.key === 'paidStatus'))
        put('paidStatus', oldPaid, paid);
    }
    if (cells.size) writes.push({ videoId, cells });
  }
  const undos: AppendUndo[] = [];
  // Written ahead: a run that dies between the cells and their audit lines (the time limit
  // gives no chance to undo) leaves this, and the next run adds the lines it finds missing.
  const ahead = recordJournal(env, {
    when: env.nowIso,
    who: env.user,
    what: words.what,
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
    if (sealCol >= 0 && statusTo.size) {
      undos.push(
        writeSeals(
          env,
          data.sheet,
          data.values[0] ?? [],
          [...written.rows]
            .filter(([videoId]) => statusTo.has(videoId))
            .map(([videoId, row]) => ({ row, videoId, status: statusTo.get(videoId) ?? '' })),
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
        `${words.job} could not update the ledger (${reason}). Nothing was changed in the ledger${words.alsoNot ? ` and ${words.alsoNot}` : ''}; the next run does it again.`,
      );
    }
    recordJournal(env, {
      when: env.nowIso,
      who: env.user,
      what: words.what,
      videoCol,
      cells: journal,
      rows: undos.map((u) => u.appended).filter((a): a is Appended => !!a),
    });
    throw new Error(
      `${words.job} could not update the ledger (${reason}), and Sheets also failed while undoing it; the next run puts it right and says so in the Audit sheet.${words.alsoNot ? ` ${words.alsoNot.charAt(0).toUpperCase()}${words.alsoNot.slice(1)}.` : ''}`,
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
