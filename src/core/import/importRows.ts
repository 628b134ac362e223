/**
 * Bulk import (docs/api.md importRows): a CSV with the ledger's headers, each line
 * checked exactly as a sidebar request would be (the same planner), plus the
 * fields of a later status when the line carries one. Plain data in, plain
 * data out: the shell writes the accepted records in one batch.
 */
import { type ActionContext, type LedgerLookup, pastCodeConflict, planRequestCode } from '../lifecycle/actions';
import { type CsvRecord, isBlankRecord, parseCsv } from './csv';
import { expiryDate } from '../ledger/dates';
import { type FieldError, dedupeErrors } from '../ledger/errors';
import {
  FIELDS,
  type FieldDef,
  type FieldKey,
  type FieldValue,
  type LedgerRecord,
  NUMBER_KINDS,
  type Status,
  emptyRecord,
  fieldDef,
  fieldLabel,
} from '../ledger/fields';
import { isStatus, paidStatusOnEntering, requirementErrors } from '../lifecycle/lifecycle';
import { EDITABLE_KEYS, type Input, parseInput } from '../ledger/schemas';
import { changedKeys } from '../ledger/sheetRow';
import { normalizeValue } from '../ledger/values';
import { completeVideoUrl, isShortLink, parseVideoUrl } from '../ledger/video';

/**
 * Keeps one import inside an execution's time and a sidebar call's payload:
 * into a 50,000-row ledger, 5,000 lines model 372 s at the high prices, past
 * the 6 minutes (docs/scale.md); 4,000 fit.
 */
export const MAX_IMPORT_LINES = 4000;

export interface ImportRejection {
  /** Line of the file (the header is line 1); 0 for the whole file. */
  line: number;
  errors: FieldError[];
}

export interface ImportPlan {
  accepted: { line: number; record: LedgerRecord; changed: FieldKey[] }[];
  rejected: ImportRejection[];
  /** Headers that are not ledger columns (their cells are not imported). */
  ignoredColumns: string[];
}

/** Columns the add-on computes itself: a CSV value for them is not taken. */
const COMPUTED: ReadonlySet<FieldKey> = new Set<FieldKey>([
  'videoId',
  'expiresOn',
  'lastAlertOn',
  'updatedAt',
  'updatedBy',
]);
/** Fields a new row may carry when the line's status is past Requested. */
const LATER: ReadonlySet<FieldKey> = new Set<FieldKey>(['sparkCode', 'authorizedOn', 'authDays', 'status']);
const REQUEST: ReadonlySet<FieldKey> = new Set<FieldKey>([...EDITABLE_KEYS, 'creatorHandle', 'videoUrl']);

function norm(h: string): string {
  return h.trim().replace(/\s+/g, ' ').toLowerCase();
}

const BY_NAME = new Map<string, FieldKey>();
for (const f of FIELDS) {
  BY_NAME.set(norm(f.header), f.key);
  BY_NAME.set(norm(f.key), f.key);
}

function fileError(line: number, message: string): ImportPlan {
  return { accepted: [], rejected: [{ line, errors: [{ field: '', message }] }], ignoredColumns: [] };
}

/** `locale` is the spreadsheet's: number cells of the file are read in it, as the sidebar reads typed numbers. */
/** The share-sheet short links in the file's Video URL column, each once, as typed (trimmed). */
export function shortLinksIn(csvText: unknown): string[] {
  if (typeof csvText !== 'string') return [];
  const parsed = parseCsv(csvText);
  if (!parsed.ok) return [];
  const headerAt = parsed.records.findIndex((r) => !isBlankRecord(r.cells));
  if (headerAt < 0) return [];
  const col = parsed.records[headerAt].cells.findIndex((h) => BY_NAME.get(norm(h)) === 'videoUrl');
  if (col < 0) return [];
  const out = new Set<string>();
  for (const r of parsed.records.slice(headerAt + 1)) {
    const v = String(r.cells[col] ?? '').trim();
    if (isShortLink(v)) out.add(v);
  }
  return [...out];
}

/**
 * `links`: short links the shell resolved (shortLinksIn, then their
 * redirects), by the link as typed; a line whose short link is not among
 * them is refused with the short-link message.
 */
export function planImport(
  csvText: unknown,
  ctx: ActionContext,
  lookup: LedgerLookup,
  locale?: string,
  links: ReadonlyMap<string, string> = new Map(),
): ImportPlan {
  if (typeof csvText !== 'string' || csvText.trim() === '')
    return fileError(0, 'The file is empty: choose a CSV file whose first line holds the ledger headers.');
  const parsed = parseCsv(csvText);
  if (!parsed.ok) return fileError(parsed.line, parsed.message);
  const records = parsed.records;
  const headerAt = records.findIndex((r) => !isBlankRecord(r.cells));
  if (headerAt < 0)
    return fileError(0, 'The file is empty: choose a CSV file whose first line holds the ledger headers.');
  const header = records[headerAt];
  const columns: (FieldKey | null)[] = [];
  const ignoredColumns: string[] = [];
  const seen = new Set<FieldKey>();
  for (const h of header.cells) {
    const key = BY_NAME.get(norm(h)) ?? null;
    if (key && seen.has(key))
      return fileError(header.line, `The header ${fieldLabel(key)} appears twice; keep one column per field.`);
    if (key) seen.add(key);
    else if (h.trim() !== '') ignoredColumns.push(h.trim());
    columns.push(key && !COMPUTED.has(key) ? key : null);
  }
  if (!seen.has('videoUrl'))
    return fileError(
      header.line,
      'The first line must hold the ledger headers, including Video URL (e.g. Video URL,Creator handle,Client,…).',
    );
  const lines = records.slice(headerAt + 1).filter((r) => !isBlankRecord(r.cells));
  const urlCol = columns.indexOf('videoUrl');
  if (links.size)
    for (const r of lines) {
      const full = links.get(String(r.cells[urlCol] ?? '').trim());
      if (full) r.cells[urlCol] = full;
    }
  if (lines.length > MAX_IMPORT_LINES) {
    return fileError(
      0,
      `The file has ${lines.length.toLocaleString('en-US')} rows; import at most ${MAX_IMPORT_LINES.toLocaleString('en-US')} at a time (split the file).`,
    );
  }

  const plan: ImportPlan = { accepted: [], rejected: [], ignoredColumns };
  const videoLine = new Map<string, number>();
  const codeLine = new Map<string, number>();
  for (const rec of lines) {
    const r = planLine(rec, columns, ctx, lookup, videoLine, codeLine, locale);
    if ('errors' in r) plan.rejected.push({ line: rec.line, errors: r.errors });
    else plan.accepted.push({ line: rec.line, record: r.record, changed: r.changed });
  }
  return plan;
}

/**
 * Reads the number cells of `fields` in the spreadsheet's locale, in place:
 * each becomes a number, or is taken out with an error naming its field, so
 * that nothing after this reads the text in another way.
 */
function readNumbers(
  fields: Record<string, string | number>,
  locale: string | undefined,
  errors: FieldError[],
  bad: Set<string>,
): void {
  for (const [k, v] of Object.entries(fields)) {
    const def = fieldDef(k);
    if (!def || !NUMBER_KINDS.has(def.kind)) continue;
    const r = normalizeValue(def as FieldDef, v, locale);
    if ('error' in r) {
      errors.push({ field: k, message: r.error });
      bad.add(k);
      delete fields[k];
    } else if (r.value === '') {
      delete fields[k];
    } else {
      fields[k] = r.value as number;
    }
  }
}

/** What a request's fields hold where they parse, for checks that go on after a planner refused the line. */
function goodValues(request: Record<string, string | number>): LedgerRecord {
  const rec = emptyRecord();
  for (const [k, v] of Object.entries(request)) {
    const one = parseInput('record', { [k]: v });
    if (one.ok) Object.assign(rec, one.value);
  }
  // A mobile link names no handle: the line's Creator handle completes it, as the planner does.
  rec.videoUrl = completeVideoUrl(rec.videoUrl, rec.creatorHandle);
  return rec;
}

function planLine(
  line: CsvRecord,
  columns: readonly (FieldKey | null)[],
  ctx: ActionContext,
  lookup: LedgerLookup,
  videoLine: Map<string, number>,
  codeLine: Map<string, number>,
  locale: string | undefined,
): { record: LedgerRecord; changed: FieldKey[] } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const extra = line.cells.slice(columns.length).filter((c) => c.trim() !== '');
  if (extra.length)
    errors.push({
      field: '',
      message: `Line ${line.line} has ${line.cells.length} cells but the header has ${columns.length}; check for an unquoted comma.`,
    });

  const request: Record<string, string | number> = {};
  const later: Record<string, string | number> = {};
  columns.forEach((key, i) => {
    const v = line.cells[i] ?? '';
    if (!key || v.trim() === '') return;
    if (REQUEST.has(key)) request[key] = v;
    else if (LATER.has(key)) later[key] = v;
  });

  // Duplicates inside the file name the earlier line; those in the ledger are named by the planner.
  const url = parseVideoUrl(String(request.videoUrl ?? ''));
  if (url) {
    const first = videoLine.get(url.videoId);
    if (first !== undefined)
      errors.push({
        field: 'videoUrl',
        message: `This video is already on line ${first} of this file; each video gets one row.`,
      });
  }
  const code = String(later.sparkCode ?? '').trim();
  if (code) {
    const first = codeLine.get(code);
    if (first !== undefined)
      errors.push({
        field: 'sparkCode',
        message: `This Spark code is already on line ${first} of this file; each code belongs to one video.`,
      });
  }

  // Numbers first, in the locale; a field refused here is named once, not again as missing.
  const badNumbers = new Set<string>();
  readNumbers(request, locale, errors, badNumbers);
  readNumbers(later, locale, errors, badNumbers);
  const planned = planRequestCode(request, ctx, lookup);
  if (!planned.ok) errors.push(...planned.errors.filter((e) => !badNumbers.has(e.field)));

  let status: Status = 'Requested';
  const laterValues: Input = {};
  if (later.status !== undefined) {
    const s = parseInput('record', { status: later.status });
    if (s.ok) status = s.value.status as Status;
    else errors.push(...s.errors);
  }
  const { status: _ignored, ...laterFields } = later;
  if (Object.keys(laterFields).length) {
    const parsedLater = parseInput('record', laterFields);
    if (parsedLater.ok) Object.assign(laterValues, parsedLater.value);
    else {
      errors.push(...parsedLater.errors);
      for (const [k, v] of Object.entries(laterFields)) {
        const one = parseInput('record', { [k]: v });
        if (one.ok) Object.assign(laterValues, one.value);
      }
    }
  }
  if (status === 'Requested') {
    for (const k of Object.keys(laterFields)) {
      errors.push({
        field: k,
        message: `${fieldLabel(k)} is filled in but Status is Requested: a requested row has no code yet. Set Status to Received (or later) to import it with its code.`,
      });
    }
  }

  if (url && !videoLine.has(url.videoId)) videoLine.set(url.videoId, line.line);
  if (code && !codeLine.has(code)) codeLine.set(code, line.line);

  const base = planned.ok ? planned.plan.after : goodValues(request);
  const record: LedgerRecord = { ...base, ...laterValues, status } as LedgerRecord;
  if (status !== 'Requested' && isStatus(status)) {
    if (record.authorizedOn && typeof record.authDays === 'number')
      record.expiresOn = expiryDate(record.authorizedOn, record.authDays);
    if (record.authorizedOn && record.authorizedOn > ctx.today) {
      errors.push({
        field: 'authorizedOn',
        message: `Authorized on (${record.authorizedOn}) is in the future; use the date the creator generated the code (today is ${ctx.today}).`,
      });
    }
    if (record.sparkCode) {
      const row = lookup.rowOfSparkCode(record.sparkCode);
      if (row !== null)
        errors.push({
          field: 'sparkCode',
          message: `This Spark code is already in the ledger on row ${row}; each code belongs to one video.`,
        });
      // docs/product.md §8: unique across Code history and Archive too, so a code never moves to another post.
      const past = pastCodeConflict(record.sparkCode, record.videoUrl, lookup);
      if (past) errors.push(past);
    }
    // Status and Paid campaign agree (docs/product.md §8): the line's own value when it matches, else refused.
    const paid = paidStatusOnEntering(
      status,
      (laterValues as Record<string, unknown>).paidStatus ?? (request as Record<string, unknown>).paidStatus,
      record.paidStatus,
    );
    if (paid.error) errors.push(paid.error);
    else (record as unknown as Record<string, unknown>).paidStatus = paid.value;
    if (status === 'Retired') record.renewalDecision = 'Retire';
    // Fields already named by an error are not named again as missing.
    const named = new Set(errors.map((e) => e.field));
    errors.push(...requirementErrors(status, record).filter((e) => !named.has(e.field)));
  }
  if (errors.length) return { errors: dedupeErrors(errors) };

  const changed = changedKeys({}, record as unknown as Partial<Record<FieldKey, FieldValue>>);
  return { record, changed };
}
