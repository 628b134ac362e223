/**
 * Direct edits in the Ledger sheet (docs/product.md §8), decided as plain data: which
 * status changes stand and which are put back (with the note that says why),
 * what goes to the Audit sheet, and which expiry dates follow from an edited
 * authorization date or window.
 */
import { addDays, expiryDate } from '../ledger/dates';
import type { FieldError } from '../ledger/errors';
import { FIELDS, type FieldDef, type FieldKey, type LedgerRecord, type Status, fieldLabel } from '../ledger/fields';
import { isStatus, nextStatuses, paidStatusFor, requirementErrors, transitionErrors } from '../lifecycle/lifecycle';
import { type ColumnMap, displayValue } from '../ledger/sheetRow';
import type { AuditEntry } from '../ledger/sheets';
import { normalizeValue } from '../ledger/values';

/** Notes the add-on writes start with this, so it only ever clears its own. */
export const NOTE_PREFIX = 'Spark Ledger: ';

/** Audit "Field" of a refused status edit (not a status the row holds). */
export const REFUSED_FIELD = 'Status edit refused';

/** Old value shown in the Audit sheet when a paste hides what the cells held. */
export const UNKNOWN_OLD = '(not known: several cells were pasted at once)';

export interface EditedBlock {
  /** 1-based first row and column of the edited range. */
  top: number;
  left: number;
  numRows: number;
  numCols: number;
}

export interface StatusCell {
  row: number;
  /** Value the Status cell must hold after the check (the old one when refused). */
  value: string;
  /** Note for the cell: '' removes an earlier note of the add-on's. */
  note: string;
  /** What the cell held before the edit, to put back if the audit line cannot be written; null when not known. */
  previous: string | null;
  /**
   * The row's status changed and the change is audited: its status seal must
   * be written again for `value` ('' clears it). False when nothing changed,
   * when the edit was put back (the old seal still holds), and when a pasted
   * status is kept unchecked (never recorded, so never sealed).
   */
  reseal: boolean;
}

export interface EditPlan {
  /** Status cells of the edited rows, top to bottom; empty when Status was not edited. */
  status: StatusCell[];
  /** Rows whose status was put back. */
  reverted: number[];
  /** Expires on values recomputed for edited rows (row → YYYY-MM-DD or ''). */
  expiry: Map<number, string>;
  /** Renewal decisions that follow from the edit (row → decision): a row retired in the sheet is decided Retire, as in the sidebar. */
  decision: Map<number, string>;
  /** Paid campaign values that follow from a status change (row → value): Spending means Active, Paused Paused, Retired and Expired Ended (docs/product.md §8). */
  paid: Map<number, string>;
  audit: AuditEntry[];
}

export interface EditContext {
  who: string;
  nowIso: string;
  /** Hours until 00:00 of a date in the spreadsheet's zone. */
  hoursUntil(ymd: string): number;
  /**
   * The status a row had before the edit: from the event's oldValue for one
   * cell, from the row's status seal for a paste (when it verifies for the
   * row's video); null when nobody can know.
   */
  previousStatus(row: number, rec: LedgerRecord): Status | '' | null;
  /** For a single-cell edit: the cell's value before the edit, as the event gives it. */
  oldValue?: string;
}

/** Ledger fields whose columns intersect the edited block. */
export function editedKeys(block: EditedBlock, cols: ColumnMap): FieldKey[] {
  const out: FieldKey[] = [];
  for (const f of FIELDS) {
    const i = cols.index[f.key];
    if (i === undefined) continue;
    const col = i + 1;
    if (col >= block.left && col < block.left + block.numCols) out.push(f.key);
  }
  return out;
}

function transitionsHelp(from: Status | ''): string {
  const allowed = nextStatuses(from);
  if (from === '') return 'A new row starts as Requested.';
  if (allowed.length === 0) return `${from} is final.`;
  return `From ${from} a row may move to ${allowed.join(', ')}.`;
}

function refusalNote(from: Status | '', attempted: string, errors: FieldError[]): string {
  const why = errors.map((e) => e.message).join(' ');
  return `${NOTE_PREFIX}Status was put back to ${from || 'empty'}: "${attempted}" is not allowed here. ${why} ${transitionsHelp(from)} Use the sidebar to change status with the fields it needs.`;
}

/** A value from the event's oldValue, read the way the cell would hold it. */
function oldValueOf(def: FieldDef, oldValue: string | undefined): string {
  if (oldValue === undefined) return '';
  if (def.kind === 'date' && /^\d+(\.\d+)?$/.test(oldValue)) {
    // The event reports a date cell's old value as its serial number (days since 1899-12-30).
    return addDays('1899-12-30', Math.floor(Number(oldValue)));
  }
  return oldValue;
}

/**
 * Decides what happens after a person edited `block`. `records` are the rows
 * of the block as they read after the edit (row → record).
 */
export function planEdit(
  block: EditedBlock,
  cols: ColumnMap,
  records: ReadonlyMap<number, LedgerRecord>,
  ctx: EditContext,
): EditPlan {
  const plan: EditPlan = {
    status: [],
    reverted: [],
    expiry: new Map(),
    decision: new Map(),
    paid: new Map(),
    audit: [],
  };
  const keys = editedKeys(block, cols);
  if (keys.length === 0) return plan;
  const single = block.numRows === 1 && block.numCols === 1;
  const first = Math.max(block.top, 2);
  const last = block.top + block.numRows - 1;
  const entry = (rec: LedgerRecord, field: string, oldValue: string, newValue: string): AuditEntry => ({
    when: ctx.nowIso,
    who: ctx.who,
    videoUrl: rec.videoUrl,
    field,
    oldValue,
    newValue,
    via: 'sheet edit',
  });

  for (let row = first; row <= last; row++) {
    const rec = records.get(row);
    if (!rec) continue;
    for (const key of keys) {
      if (key === 'status') continue;
      const def = FIELDS.find((f) => f.key === key) as FieldDef;
      const now = displayValue(rec[key]);
      const before = single ? oldValueOf(def, ctx.oldValue) : UNKNOWN_OLD;
      if (single && before === now) continue;
      if (!single && now === '') continue;
      plan.audit.push(entry(rec, def.header, before, now));
    }

    if (keys.includes('authorizedOn') || keys.includes('authDays')) {
      const ok =
        rec.authorizedOn !== '' &&
        'value' in normalizeValue(FIELDS.find((f) => f.key === 'authorizedOn') as FieldDef, rec.authorizedOn) &&
        typeof rec.authDays === 'number' &&
        Number.isInteger(rec.authDays) &&
        rec.authDays >= 1 &&
        rec.authDays <= 365;
      const expected = ok ? expiryDate(rec.authorizedOn, rec.authDays as number) : '';
      if (expected !== rec.expiresOn) {
        plan.expiry.set(row, expected);
        plan.audit.push(entry(rec, fieldLabel('expiresOn'), rec.expiresOn, expected));
      }
    }

    if (!keys.includes('status')) continue;
    const raw = String(rec.status ?? '').trim();
    const norm = raw === '' ? { value: '' } : normalizeValue(FIELDS.find((f) => f.key === 'status') as FieldDef, raw);
    const to = 'value' in norm ? (norm.value as string) : raw;
    const from = ctx.previousStatus(row, rec);
    if (from !== null && to === from) {
      plan.status.push({ row, value: to, note: '', previous: from, reseal: false });
      continue;
    }
    if (from === null) {
      // A paste over a row whose last recorded status cannot be confirmed (no
      // seal, or one that does not verify): the old value is gone, so the row
      // can only be checked against what the new status needs.
      const errors =
        'error' in norm
          ? [{ field: 'status', message: norm.error }]
          : isStatus(to)
            ? requirementErrors(to, { ...rec, status: to })
            : [];
      if (to === '' || errors.length === 0) {
        plan.status.push({ row, value: to, note: '', previous: null, reseal: to !== '' });
        if (to !== '') plan.audit.push(entry(rec, fieldLabel('status'), UNKNOWN_OLD, to));
      } else {
        plan.status.push({
          row,
          value: raw,
          previous: null,
          reseal: false,
          note: `${NOTE_PREFIX}This status could not be checked against the row's previous one (it was pasted over a row whose last recorded status the add-on cannot confirm) and the row is not ready for it: ${errors.map((e) => e.message).join(' ')} Run Validate ledger after fixing it.`,
        });
      }
      continue;
    }
    if (to === '' && rec.videoUrl === '') {
      // The whole row was cleared: nothing is left for a status to describe.
      plan.status.push({ row, value: '', note: '', previous: from, reseal: from !== '' });
      if (from !== '') plan.audit.push(entry(rec, fieldLabel('status'), from, ''));
      continue;
    }
    let errors: FieldError[];
    if ('error' in norm) errors = [{ field: 'status', message: norm.error }];
    else if (to === '')
      errors = [
        { field: 'status', message: 'Status cannot be emptied; retire the code instead if it is no longer used.' },
      ];
    else {
      const target = to as Status;
      const hours = rec.expiresOn ? ctx.hoursUntil(rec.expiresOn) : null;
      errors = [...transitionErrors(from, target, hours), ...requirementErrors(target, { ...rec, status: target })];
    }
    if (errors.length) {
      plan.status.push({ row, value: from, note: refusalNote(from, raw, errors), previous: from, reseal: false });
      plan.reverted.push(row);
      plan.audit.push(entry(rec, REFUSED_FIELD, from, raw));
    } else {
      plan.status.push({ row, value: to, note: '', previous: from, reseal: true });
      plan.audit.push(entry(rec, fieldLabel('status'), from, to));
      if (to === 'Retired' && rec.renewalDecision !== 'Retire') {
        plan.decision.set(row, 'Retire');
        plan.audit.push(entry(rec, fieldLabel('renewalDecision'), displayValue(rec.renewalDecision), 'Retire'));
      }
      const paid = isStatus(to) ? paidStatusFor(to as Status) : null;
      if (paid !== null && String(rec.paidStatus ?? '') !== paid) {
        plan.paid.set(row, paid);
        plan.audit.push(entry(rec, fieldLabel('paidStatus'), displayValue(rec.paidStatus), paid));
      }
    }
  }
  return plan;
}

/** Merges the add-on's note into whatever note the cell has: the agency's own notes are kept. */
export function mergeNote(current: string, ours: string): string {
  // The add-on's note is always the first paragraph; anything after it is the agency's.
  const own = current.startsWith(NOTE_PREFIX) ? current.split('\n\n').slice(1).join('\n\n') : current;
  if (ours === '') return own;
  return own ? `${ours}\n\n${own}` : ours;
}
