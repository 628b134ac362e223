/**
 * JSON snapshots of the whole emulator state. Dates are stored as
 * {"$date": ISO instant}; date cells as {"$wall": ISO wall time without zone};
 * ranges referenced by rules as {"$range": {...}}.
 */
import { FakeEmbeddedChart } from './charts';
import { FakeConditionalFormatRule } from './conditional';
import type { Env } from './env';
import { SparseGrid } from './grid';
import type { LockState } from './lock';
import type { MailState } from './mail';
import { FakeProtection } from './protection';
import type { PropertyStores } from './properties';
import { FakeRange } from './range';
import { FakeSheet, type FormatAttr } from './sheet';
import { FakeSpreadsheet } from './spreadsheet';
import { FakeTrigger } from './triggers';
import { CellDate, type CellValue } from './typing';
import type { UiState } from './ui';
import { isDateLike } from './clock';
import { FakeDataValidation } from './validation';

export const SNAPSHOT_VERSION = 1;

interface RangeRef {
  ss: string;
  sheet: number;
  row: number;
  col: number;
  numRows: number;
  numCols: number;
}

export interface Snapshot {
  version: number;
  options: {
    timeZone: string;
    scriptTimeZone: string;
    user: string;
    mailQuota: number;
    files: Record<string, string>;
    locale?: string;
    manifest?: { oauthScopes?: string[] } | null;
    deployment?: 'bound' | 'addon';
    account?: 'workspace' | 'consumer';
    clockTriggersPerDocument?: boolean;
    enabledIn?: string[];
  };
  clock: { $date: string };
  boundId: string | null;
  seq: Record<string, number>;
  spreadsheets: unknown[];
  properties: {
    document: Record<string, string>;
    script: Record<string, string>;
    user: Record<string, string>;
    byDocument?: Record<string, Record<string, string>>;
    byUser?: Record<string, Record<string, string>>;
  };
  triggers: Record<string, unknown>[];
  mail: { quota: number; used: number; windowStart: { $date: string } | null; outbox: unknown[] };
  ui: unknown;
  lock: { heldByOther: boolean };
  logs: string[];
}

function wallIso(wall: number): string {
  return new Date(wall).toISOString().slice(0, -1);
}

export function encodeValue(v: unknown): unknown {
  if (v instanceof CellDate) return { $wall: wallIso(v.wall) };
  if (isDateLike(v)) return { $date: v.toISOString() };
  if (v instanceof FakeRange) return { $range: rangeRef(v) };
  if (Array.isArray(v)) return v.map(encodeValue);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) o[k] = encodeValue((v as Record<string, unknown>)[k]);
    return o;
  }
  return v;
}

export function decodeValue(v: unknown, resolve: (r: RangeRef) => FakeRange, env: Env): unknown {
  if (Array.isArray(v)) return v.map((x) => decodeValue(x, resolve, env));
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.$wall === 'string') return new CellDate(Date.parse(`${o.$wall}Z`));
    if (typeof o.$date === 'string') return new env.DateClass(Date.parse(o.$date));
    if (o.$range) return resolve(o.$range as RangeRef);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) out[k] = decodeValue(o[k], resolve, env);
    return out;
  }
  return v;
}

function rangeRef(r: FakeRange): RangeRef {
  return { ss: r.sheet.parent.id, sheet: r.sheet.id, row: r.row, col: r.col, numRows: r.numRows, numCols: r.numCols };
}

function gridToJSON<T>(g: SparseGrid<T>, enc: (v: T) => unknown = (v) => v): unknown[] {
  const out: unknown[] = [];
  for (const [r, c, v] of g.entries()) out.push([r, c, enc(v)]);
  return out;
}
function gridFromJSON<T>(rows: unknown[], dec: (v: unknown) => T = (v) => v as T): SparseGrid<T> {
  const g = new SparseGrid<T>();
  for (const e of rows as [number, number, unknown][]) g.set(e[0], e[1], dec(e[2]));
  return g;
}

function sheetToJSON(s: FakeSheet): unknown {
  const rules: FakeDataValidation[] = [];
  const ruleIndex = new Map<FakeDataValidation, number>();
  const validationCells = gridToJSON(s.validations, (rule) => {
    let i = ruleIndex.get(rule);
    if (i === undefined) {
      i = rules.length;
      rules.push(rule);
      ruleIndex.set(rule, i);
    }
    return i;
  });
  const formats: Record<string, unknown[]> = {};
  for (const [k, g] of s.formats) formats[k] = gridToJSON(g);
  return {
    id: s.id,
    name: s.name,
    maxRows: s.maxRows,
    maxCols: s.maxCols,
    frozenRows: s.frozenRows,
    frozenCols: s.frozenCols,
    tabColor: s.tabColor,
    hidden: s.hidden,
    hiddenGridlines: s.hiddenGridlines,
    colWidths: [...s.colWidths],
    rowHeights: [...s.rowHeights],
    hiddenCols: [...s.hiddenCols],
    hiddenRows: [...s.hiddenRows],
    cells: s.cells.map((row) => row.map((v) => (v instanceof CellDate ? encodeValue(v) : v === undefined ? '' : v))),
    formulas: gridToJSON(s.formulas),
    formats,
    notes: gridToJSON(s.notes),
    validations: { rules: rules.map((r) => encodeValue({ ...r.state })), cells: validationCells },
    cfRules: s.cfRules.map((r) => encodeValue({ ...r.state })),
    protections: s.protections.map((p) => ({
      type: p.type,
      range: encodeValue(p.range),
      description: p.description,
      warningOnly: p.warningOnly,
      domainEdit: p.domainEdit,
      editors: p.editors.slice(),
      unprotected: encodeValue(p.unprotected),
    })),
    charts: s.charts.map((c) => encodeValue({ ...c.state })),
    merges: s.merges,
    borders: encodeValue(s.borders),
  };
}

export interface StateParts {
  env: Env;
  properties: PropertyStores;
  triggers: FakeTrigger[];
  mail: MailState;
  lock: LockState;
  ui: UiState;
  options: Snapshot['options'];
}

export function toSnapshot(p: StateParts): Snapshot {
  const mapObj = (m: Map<string, string>): Record<string, string> => Object.fromEntries(m);
  return {
    version: SNAPSHOT_VERSION,
    options: { ...p.options },
    clock: { $date: p.env.clock.now().toISOString() },
    boundId: p.env.bound?.id ?? null,
    seq: { ...p.env.seq },
    spreadsheets: [...p.env.spreadsheets.values()].map((ss) => ({
      id: ss.id,
      name: ss.name,
      timeZone: ss.timeZone,
      locale: ss.locale,
      editors: ss.editors.slice(),
      activeSheetId: ss.activeSheet?.id ?? null,
      activeRange: ss.activeRange ? rangeRef(ss.activeRange) : null,
      nextSheetSeq: ss.sheetIdSeq,
      sheets: ss.sheets.map(sheetToJSON),
    })),
    properties: {
      document: mapObj(p.properties.document),
      script: mapObj(p.properties.script),
      user: mapObj(p.properties.user),
      byDocument: Object.fromEntries([...p.properties.byDocument].map(([k, m]) => [k, mapObj(m)])),
      byUser: Object.fromEntries([...p.properties.byUser].map(([k, m]) => [k, mapObj(m)])),
    },
    triggers: p.triggers.map((t) => ({ ...t })),
    mail: {
      quota: p.mail.quota,
      used: p.mail.used,
      windowStart: p.mail.windowStart === null ? null : { $date: new Date(p.mail.windowStart).toISOString() },
      outbox: p.mail.outbox.map((m) => encodeValue(m)),
    },
    ui: JSON.parse(JSON.stringify(p.ui)),
    lock: { heldByOther: p.lock.heldByOther },
    logs: p.env.logs.slice(),
  };
}

/** Fills freshly created state holders from a snapshot. */
export function applySnapshot(snap: Snapshot, p: StateParts): void {
  if (snap.version !== SNAPSHOT_VERSION) throw new Error(`Unsupported emulator snapshot version ${snap.version}`);
  const env = p.env;
  env.clock.set(snap.clock.$date);
  env.spreadsheets.clear();
  type SsJson = {
    id: string;
    name: string;
    timeZone: string;
    locale: string;
    editors: string[];
    activeSheetId: number | null;
    activeRange: RangeRef | null;
    nextSheetSeq: number;
    sheets: Record<string, unknown>[];
  };
  const list = snap.spreadsheets as SsJson[];
  // Pass 1: spreadsheets and empty sheets, so ranges can be resolved.
  for (const j of list) {
    const ss = new FakeSpreadsheet(env, j.id, j.name, j.timeZone);
    ss.locale = j.locale;
    ss.editors = j.editors.slice();
    ss.sheetIdSeq = j.nextSheetSeq;
    for (const sj of j.sheets)
      ss.sheets.push(new FakeSheet(ss, sj.id as number, sj.name as string, sj.maxRows as number, sj.maxCols as number));
    env.spreadsheets.set(ss.id, ss);
  }
  const resolve = (r: RangeRef): FakeRange => {
    const ss = env.spreadsheets.get(r.ss);
    const sheet = ss?.sheets.find((s) => s.id === r.sheet);
    if (!sheet) throw new Error(`Snapshot refers to a missing sheet ${r.ss}/${r.sheet}`);
    return new FakeRange(sheet, r.row, r.col, r.numRows, r.numCols);
  };
  const dec = (v: unknown): unknown => decodeValue(v, resolve, env);
  // Pass 2: contents.
  for (const j of list) {
    const ss = env.spreadsheets.get(j.id) as FakeSpreadsheet;
    j.sheets.forEach((sj, i) => {
      const s = ss.sheets[i];
      s.frozenRows = sj.frozenRows as number;
      s.frozenCols = sj.frozenCols as number;
      s.tabColor = sj.tabColor as string | null;
      s.hidden = sj.hidden as boolean;
      s.hiddenGridlines = sj.hiddenGridlines as boolean;
      s.colWidths = new Map(sj.colWidths as [number, number][]);
      s.rowHeights = new Map(sj.rowHeights as [number, number][]);
      s.hiddenCols = new Set(sj.hiddenCols as number[]);
      s.hiddenRows = new Set(sj.hiddenRows as number[]);
      s.cells = (sj.cells as unknown[][]).map((row) =>
        row.map((v) => (v !== null && typeof v === 'object' ? (dec(v) as CellValue) : (v as CellValue))),
      );
      s.formulas = gridFromJSON<string>(sj.formulas as unknown[]);
      for (const [k, rows] of Object.entries(sj.formats as Record<string, unknown[]>))
        s.formats.set(k as FormatAttr, gridFromJSON(rows));
      s.notes = gridFromJSON<string>(sj.notes as unknown[]);
      const v = sj.validations as { rules: unknown[]; cells: unknown[] };
      const rules = v.rules.map((r) => new FakeDataValidation(dec(r) as FakeDataValidation['state']));
      s.validations = gridFromJSON(v.cells, (i) => rules[i as number]);
      s.cfRules = (sj.cfRules as unknown[]).map(
        (r) => new FakeConditionalFormatRule(dec(r) as FakeConditionalFormatRule['state']),
      );
      s.protections = (sj.protections as Record<string, unknown>[]).map((pj) => {
        const prot = new FakeProtection(env, s, pj.type as 'RANGE' | 'SHEET', dec(pj.range) as FakeRange);
        prot.description = pj.description as string;
        prot.warningOnly = pj.warningOnly as boolean;
        prot.domainEdit = pj.domainEdit as boolean;
        prot.editors = (pj.editors as string[]).slice();
        prot.unprotected = dec(pj.unprotected) as FakeRange[];
        return prot;
      });
      s.charts = (sj.charts as unknown[]).map((c) => new FakeEmbeddedChart(dec(c) as FakeEmbeddedChart['state'], s));
      s.merges = (sj.merges as FakeSheet['merges']).map((m) => ({ ...m }));
      s.borders = dec(sj.borders) as FakeSheet['borders'];
    });
    ss.activeSheet = ss.sheets.find((s) => s.id === j.activeSheetId) ?? ss.sheets[0] ?? null;
    ss.activeRange = j.activeRange ? resolve(j.activeRange) : null;
  }
  env.bound = snap.boundId ? (env.spreadsheets.get(snap.boundId) ?? null) : null;
  env.seq = { ...snap.seq };
  for (const k of ['document', 'script', 'user'] as const) {
    p.properties[k].clear();
    for (const [key, val] of Object.entries(snap.properties[k])) p.properties[k].set(key, val);
  }
  for (const [all, saved] of [
    [p.properties.byDocument, snap.properties.byDocument],
    [p.properties.byUser, snap.properties.byUser],
  ] as const) {
    all.clear();
    for (const [id, obj] of Object.entries(saved ?? {})) all.set(id, new Map(Object.entries(obj)));
  }
  // The home document's and the default user's stores stay the objects tests hold.
  if (env.bound) p.properties.byDocument.set(env.bound.id, p.properties.document);
  p.properties.byUser.set(p.options.user, p.properties.user);
  p.triggers.length = 0;
  for (const tj of snap.triggers) p.triggers.push(Object.assign(new FakeTrigger(), tj));
  p.mail.quota = snap.mail.quota;
  p.mail.used = snap.mail.used;
  p.mail.windowStart = snap.mail.windowStart ? Date.parse(snap.mail.windowStart.$date) : null;
  p.mail.outbox.length = 0;
  for (const m of snap.mail.outbox) p.mail.outbox.push(dec(m) as MailState['outbox'][number]);
  Object.assign(p.ui, JSON.parse(JSON.stringify(snap.ui)));
  p.lock.heldByOther = snap.lock.heldByOther;
  env.logs.length = 0;
  env.logs.push(...snap.logs);
}
