/**
 * The cost model: what each counted service call costs in Apps Script time,
 * at three levels of the published measurements ('low', 'mid', 'high').
 * Opt-in (`createEmulator({ costModel: 'mid' })`): the clock then advances by
 * each call's cost as the call runs, so the execution time limits of
 * execution.ts stop long executions where Google would. Without it the clock
 * never moves by itself, but cells and modelled costs are still tallied.
 *
 * Round trips, not calls, cost time, and a read's cost grows with its cells
 * (docs/runtime.md, "What a call costs").
 *
 * Writes are queued as Sheets queues them: a write call costs what queuing
 * costs (a builder call), and its cells are paid when the queue is committed,
 * at the next read, size probe, structural change or flush, or when the
 * execution ends. "Every time you do a read, we must first empty (commit) the
 * write cache": http://googleappsscript.blogspot.com/2010/06/optimizing-spreadsheet-operations.html
 */
import type { FakeRange } from './range';

export type CostLevel = 'low' | 'mid' | 'high';
export const COST_LEVELS: readonly CostLevel[] = ['low', 'mid', 'high'];

/**
 * local: in-process services and builders (Utilities, Session, Logger, menus,
 * HtmlService, rule builders). meta: a handle or metadata the script already
 * has (getRange, getSheetByName, getMaxRows, Range geometry). probe: a round
 * trip that returns sizes, no cells (Sheet.getLastRow, getDataRange,
 * openById). read: cells come back (getValues, getNotes, getBackgrounds…).
 * search: a TextFinder's find or replace, which looks at cells on Google's
 * side and returns only the ranges that match.
 * write: cells are queued (setValues, setBackgrounds, clear…). flush:
 * SpreadsheetApp.flush. structural: the grid or the sheets change at once
 * (insertRows, deleteRows, sort, insertSheet, appendRow). mail: sendEmail.
 * propertiesRead / propertiesWrite: the key-value stores (PropertiesService,
 * and, priced alike, locks and triggers). fetch: UrlFetchApp.fetch and
 * fetchAll, priced by the requests they send (fetchPrice).
 */
export type CallKind =
  | 'local'
  | 'meta'
  | 'probe'
  | 'read'
  | 'search'
  | 'write'
  | 'flush'
  | 'structural'
  | 'mail'
  | 'propertiesRead'
  | 'propertiesWrite'
  | 'fetch';
export const CALL_KINDS: readonly CallKind[] = [
  'local',
  'meta',
  'probe',
  'read',
  'search',
  'write',
  'flush',
  'structural',
  'mail',
  'propertiesRead',
  'propertiesWrite',
  'fetch',
];

export type PerLevel = Record<CostLevel, number>;
export interface CostParameter extends PerLevel {
  unit: 'ms' | 'µs/cell';
  source: string;
}

const RUNTIME_NOTES = 'docs/runtime.md, "What a call costs"';
const ZIRITIONE = 'https://ziritione.org/post/apps_script_performance (100 runs: min / avg / max)';
const FETCH_EXPERIMENT =
  'https://www.pre-practice.net/2020/03/urlfetchappfetchallfetch.html (3 Google Books API requests: 1.769 s one after another, 0.929 s with fetchAll)';
const FLUSH_EXPERIMENT =
  'https://ruby-bash.developreference.com/article/29263774/What+is+faster+ScriptDb+or+SpreadsheetApp';

/** Every figure of the model, with where it comes from. */
export const COST_PARAMETERS = {
  localMs: {
    low: 0,
    mid: 0.5,
    high: 1,
    unit: 'ms',
    source: `${RUNTIME_NOTES}: getRange and builders cost almost nothing; JavaScript in the script is "an order of magnitude faster than talking to any services" (googleappsscript.blogspot.com 2010/06 optimizing-spreadsheet-operations)`,
  },
  metaMs: {
    low: 0,
    mid: 1,
    high: 3,
    unit: 'ms',
    source: `${RUNTIME_NOTES}: getRange and builders cost almost nothing; high: the cheapest measured service round trip, CacheService get min 3 ms (${ZIRITIONE})`,
  },
  probeMs: {
    low: 100,
    mid: 160,
    high: 300,
    unit: 'ms',
    source: `${RUNTIME_NOTES}: getLastRow ≈ 160 ms (mid); low / high: a read's fixed cost on plain (100 ms) and formatted (3×) sheets, same notes`,
  },
  readFixedMs: {
    low: 100,
    mid: 200,
    high: 300,
    unit: 'ms',
    source: `${RUNTIME_NOTES}: getValues ≈ 100 ms + 30 µs a cell on plain data, about 3× more on a formatted sheet (high); mid halfway`,
  },
  readCellUs: {
    low: 30,
    mid: 60,
    high: 90,
    unit: 'µs/cell',
    source: `${RUNTIME_NOTES}: 240,000 cells in 7.4 s (≈ 30 µs a cell) on plain data; about 3× on a formatted sheet (high); mid halfway`,
  },
  scanCellUs: {
    low: 1,
    mid: 3,
    high: 10,
    unit: 'µs/cell',
    source: `**guess**: no published TextFinder timing. A search is one round trip (its fixed part is priced as a read's) that returns ranges, not cells, so a cell it looks at is taken as an order of magnitude cheaper than one a read sends back (readCellUs, ${RUNTIME_NOTES}); high leaves room for a slower scan`,
  },
  writeCellUs: {
    low: 100,
    mid: 200,
    high: 300,
    unit: 'µs/cell',
    source: `${RUNTIME_NOTES}: queued writes ≈ 100 µs a cell when committed (low); high: the same 3× a formatted sheet costs reads (assumed to hold for writes); mid halfway`,
  },
  commitMs: {
    low: 30,
    mid: 300,
    high: 560,
    unit: 'ms',
    source: `mid: ${RUNTIME_NOTES}, a read right after a write first commits the writes (≈ 300 ms); low: 400 flushes in ≈ 12 s (30 ms each), high: one flush added 560 ms to a 4,000-cell write (${FLUSH_EXPERIMENT})`,
  },
  structuralMs: {
    low: 30,
    mid: 300,
    high: 560,
    unit: 'ms',
    source: `priced as a commit (same sources as commitMs): a structural change is applied at once, as a flush is (assumption: no published per-operation figure); it commits the queue first`,
  },
  mailMs: {
    low: 300,
    mid: 1000,
    high: 1500,
    unit: 'ms',
    source: `**guess**: no published sendEmail timing; the range of a measured cross-service round trip, google.script.run 0.3–1.5 s (${RUNTIME_NOTES})`,
  },
  fetchMs: {
    low: 150,
    mid: 590,
    high: 1500,
    unit: 'ms',
    source: `one request, before the server's own time (a route's latencyMs is added): mid, 1.769 s / 3 sequential fetches (${FETCH_EXPERIMENT}); low and high **guess** (a fast API nearby; the slow end of a cross-service round trip, google.script.run 1.5 s, ${RUNTIME_NOTES})`,
  },
  fetchAllEachMs: {
    low: 20,
    mid: 110,
    high: 250,
    unit: 'ms',
    source: `what each request adds to a fetchAll, whose requests run concurrently (its time is its slowest request plus this per request): mid from the same experiment, (929 − 590) ms / 3 ≈ 110 ms; low and high **guess** (${FETCH_EXPERIMENT})`,
  },
  propertiesReadMs: {
    low: 20,
    mid: 30,
    high: 84,
    unit: 'ms',
    source: `getProperty 20 / 30 / 84 ms (${ZIRITIONE}); locks and trigger listings priced alike (assumption)`,
  },
  propertiesWriteMs: {
    low: 43,
    mid: 62,
    high: 231,
    unit: 'ms',
    source: `setProperty 43 / 62 / 231 ms (${ZIRITIONE}); trigger creation and deletion priced alike (assumption)`,
  },
} satisfies Record<string, CostParameter>;

// ---- classification -------------------------------------------------------

/** Range methods that read cells (the rest of Range's getters are geometry or handles). */
const RANGE_READ =
  /^(getValues?|getDisplayValues?|getFormulas?|getFormulasR1C1|getNotes?|getBackgrounds?|getBackgroundColors?|getNumberFormats?|getFont[A-Z]\w*|getHorizontalAlignments?|getVerticalAlignments?|getWraps?|getWrapStrategies|getWrapStrategy|getTextStyles?|getDataValidations?|getRichTextValues?|isBlank|isPartOfMerge|getMergedRanges)$/;
const RANGE_STRUCTURAL = /^(sort|merge|mergeAcross|mergeVertically|breakApart|protect|insertCells|deleteCells|moveTo)$/;
const SHEET_PROBE = /^(getLastRow|getLastColumn|getDataRange)$/;
const SHEET_STRUCTURAL =
  /^(insertRows?(After|Before)?|deleteRows?|insertColumns?(After|Before)?|deleteColumns?|appendRow|sort|copyTo|insertChart|removeChart|updateChart|setName|autoResize\w*|protect)$/;
const SHEET_CLEAR = /^(clear|clearContents|clearFormats|clearNotes)$/;
const SPREADSHEET_STRUCTURAL =
  /^(insertSheet|deleteSheet|duplicateActiveSheet|moveActiveSheet|rename|setName|appendRow|addEditors?|removeEditor|addViewer|removeViewer|setSpreadsheetTimeZone|setSpreadsheetLocale)$/;
const SPREADSHEET_PROBE = /^(getLastRow|getLastColumn|getDataRange)$/;

/** The kind of a counted call, by its 'Class.method' key. */
export function kindOf(key: string): CallKind {
  const dot = key.indexOf('.');
  const cls = key.slice(0, dot);
  const m = key.slice(dot + 1);
  const getter = /^(get|is|has|can)[A-Z]?/.test(m);
  // A TextFinder is built locally; its searches are the round trips.
  if (m === 'createTextFinder') return 'local';
  switch (cls) {
    case 'Range':
      if (RANGE_READ.test(m)) return 'read';
      if (RANGE_STRUCTURAL.test(m)) return 'structural';
      if (getter || m === 'offset' || m === 'activate' || m === 'activateAsCurrentCell') return 'meta';
      return 'write';
    case 'Sheet':
      if (m === 'getSheetValues') return 'read';
      if (SHEET_PROBE.test(m)) return 'probe';
      if (SHEET_STRUCTURAL.test(m)) return 'structural';
      if (getter || m === 'activate' || m === 'newChart') return 'meta';
      return 'write';
    case 'RangeList':
      return getter ? 'meta' : 'write';
    case 'Spreadsheet':
      if (m === 'flush') return 'flush';
      if (SPREADSHEET_PROBE.test(m)) return 'probe';
      if (SPREADSHEET_STRUCTURAL.test(m)) return 'structural';
      if (m === 'toast') return 'local';
      if (getter) return 'meta';
      return 'meta';
    case 'SpreadsheetApp':
      if (m === 'flush') return 'flush';
      if (m === 'openById' || m === 'openByUrl') return 'probe';
      if (m === 'create') return 'structural';
      if (m.startsWith('new') || m === 'getUi') return 'local';
      return 'meta';
    case 'Protection':
      return getter ? 'meta' : 'write';
    case 'TextFinder':
      return /^(findAll|findNext|findPrevious|replaceAllWith|replaceWith)$/.test(m) ? 'search' : 'local';
    case 'Properties':
      return getter ? 'propertiesRead' : 'propertiesWrite';
    case 'Lock':
      return m === 'hasLock' ? 'local' : 'propertiesRead';
    case 'ScriptApp':
      if (m === 'getProjectTriggers' || m === 'getUserTriggers') return 'propertiesRead';
      if (m === 'deleteTrigger') return 'propertiesWrite';
      return 'local';
    case 'ClockTriggerBuilder':
    case 'SpreadsheetTriggerBuilder':
    case 'TriggerBuilder':
      return m === 'create' ? 'propertiesWrite' : 'local';
    case 'UrlFetchApp':
      return m === 'fetch' || m === 'fetchAll' ? 'fetch' : 'local';
    case 'MailApp':
      if (m === 'sendEmail') return 'mail';
      if (m === 'getRemainingDailyQuota') return 'propertiesRead';
      return 'local';
    default:
      // Utilities, Session, Logger, PropertiesService, LockService, Ui, Menu,
      // HtmlService and its outputs, rule and chart builders, Blob, Trigger.
      return 'local';
  }
}

/** Cells a call reads and writes (0 where it moves none), measured before it runs. `target` is the raw fake, `args` unwrapped. */
export function cellsOf(
  kind: CallKind,
  key: string,
  target: object,
  args: unknown[],
): { read: number; written: number; scanned?: number } {
  const m = key.slice(key.indexOf('.') + 1);
  const isRange = key.startsWith('Range.');
  const size = (r: FakeRange) => r.numRows * r.numCols;
  if (kind === 'search')
    return { read: 0, written: 0, scanned: (target as { cellsSearched(): number }).cellsSearched() };
  if (kind === 'read') {
    if (isRange) return { read: /s$/.test(m) || m === 'getMergedRanges' ? size(target as FakeRange) : 1, written: 0 };
    if (key === 'Sheet.getSheetValues') {
      const s = target as { getLastRow(): number; getLastColumn(): number };
      const [r, c, nr, nc] = args as number[];
      const rows = nr === -1 ? Math.max(1, s.getLastRow() - r + 1) : nr;
      const cols = nc === -1 ? Math.max(1, s.getLastColumn() - c + 1) : nc;
      return { read: Math.max(0, rows) * Math.max(0, cols), written: 0 };
    }
    return { read: 0, written: 0 };
  }
  if (kind === 'write' || kind === 'structural') {
    if (isRange) {
      if (kind === 'write' || m === 'sort') return { read: 0, written: size(target as FakeRange) };
      return { read: 0, written: 0 };
    }
    if (key.startsWith('RangeList.')) {
      const ranges = (target as { ranges?: FakeRange[] }).ranges ?? [];
      return { read: 0, written: ranges.reduce((n, r) => n + size(r), 0) };
    }
    if (m === 'appendRow') return { read: 0, written: Array.isArray(args[0]) ? args[0].length : 0 };
    if (key.startsWith('Sheet.') && SHEET_CLEAR.test(m)) {
      const s = target as { getLastRow(): number; getLastColumn(): number };
      return { read: 0, written: s.getLastRow() * s.getLastColumn() };
    }
  }
  return { read: 0, written: 0 };
}

// ---- pricing --------------------------------------------------------------

const P = COST_PARAMETERS;
const fixedOf: Record<CallKind, PerLevel> = {
  local: P.localMs,
  meta: P.metaMs,
  probe: P.probeMs,
  read: P.readFixedMs,
  search: P.readFixedMs,
  // Queuing a write is a builder call; its cells are paid at the commit.
  write: P.metaMs,
  // A flush with nothing queued is one more service call (its commit is priced separately).
  flush: P.metaMs,
  structural: P.structuralMs,
  mail: P.mailMs,
  propertiesRead: P.propertiesReadMs,
  propertiesWrite: P.propertiesWriteMs,
  // One request without server time; a call's real price comes from fetchPrice.
  fetch: P.fetchMs,
};
/** Kinds that commit the write queue before they run. */
const COMMITS: ReadonlySet<CallKind> = new Set<CallKind>(['read', 'search', 'probe', 'flush', 'structural']);

export interface KindTally {
  calls: number;
  cellsRead: number;
  cellsWritten: number;
  cellsScanned: number;
  ms: PerLevel;
}

/** Modelled milliseconds of a span of calls, at each level. */
export interface CostTally {
  ms: PerLevel;
  /** Commits of the write queue (reads after writes, flushes, execution ends). */
  commits: number;
  byKind: Record<CallKind, KindTally>;
}

const zero = (): PerLevel => ({ low: 0, mid: 0, high: 0 });
export function emptyTally(): CostTally {
  const byKind = {} as Record<CallKind, KindTally>;
  for (const k of CALL_KINDS) byKind[k] = { calls: 0, cellsRead: 0, cellsWritten: 0, cellsScanned: 0, ms: zero() };
  return { ms: zero(), commits: 0, byKind };
}

/** What one call costs at each level: its fixed part plus its cells (writes' cells go to the queue). */
export function priceOf(kind: CallKind, cellsRead: number, cellsWritten: number, cellsScanned = 0): PerLevel {
  const out = zero();
  for (const l of COST_LEVELS) {
    let ms = fixedOf[kind][l];
    if (kind === 'read') ms += (cellsRead * P.readCellUs[l]) / 1000;
    if (kind === 'search') ms += (cellsScanned * P.scanCellUs[l]) / 1000;
    if (kind === 'structural') ms += (cellsWritten * P.writeCellUs[l]) / 1000;
    out[l] = ms;
  }
  return out;
}

/**
 * What a fetch or fetchAll costs. `entries` holds, per request the call made,
 * the server latency of each hop (a followed redirect is one more hop). A
 * request costs fetchMs + latency per hop, its hops one after another. fetch:
 * its one request. fetchAll: its requests run concurrently, so the slowest one
 * plus fetchAllEachMs per request (https://gist.github.com/tanaikech/c0f383034045ab63c19604139ecb0728:
 * "the fetchAll method is worked by the asynchronous processing"). No request, no cost.
 */
export function fetchPrice(entries: readonly (readonly number[])[], all: boolean): PerLevel {
  const out = zero();
  if (entries.length === 0) return out;
  for (const l of COST_LEVELS) {
    const each = entries.map((hops) => hops.reduce((ms, latency) => ms + P.fetchMs[l] + latency, 0));
    out[l] = all ? Math.max(...each) + entries.length * P.fetchAllEachMs[l] : each.reduce((a, b) => a + b, 0);
  }
  return out;
}

/** What committing `queued` cells costs (nothing when nothing is queued). */
export function commitPrice(queued: number, pending: boolean): PerLevel {
  const out = zero();
  if (!pending) return out;
  for (const l of COST_LEVELS) out[l] = P.commitMs[l] + (queued * P.writeCellUs[l]) / 1000;
  return out;
}

/**
 * The running cost of an emulator: totals since the last reset, and per
 * execution. `advance` moves the emulator clock by the chosen level's cost.
 */
export class CostMeter {
  total: CostTally = emptyTally();
  /** The execution in progress, or the last one to end. */
  execution: CostTally = emptyTally();
  /** Cells queued by writes since the last commit, and whether any write is queued. */
  queuedCells = 0;
  pending = false;
  /** The clock keeps whole milliseconds (as Date does); fractions are carried to the next call. */
  private carry = 0;
  constructor(
    readonly level: CostLevel | null,
    private readonly advance: (ms: number) => void,
  ) {}

  /** Prices one counted call that has just run; `price` replaces the kind's own (fetches, priced by fetchPrice). */
  charge(kind: CallKind, cellsRead: number, cellsWritten: number, cellsScanned = 0, price?: PerLevel): void {
    if (COMMITS.has(kind)) this.commit();
    if (!price) price = priceOf(kind, cellsRead, cellsWritten, cellsScanned);
    this.add(kind, price, 1, cellsRead, cellsWritten, cellsScanned);
    if (kind === 'write') {
      this.queuedCells += cellsWritten;
      this.pending = true;
    }
  }

  /** Commits the write queue (a read, a flush, a structural change, or the end of an execution). */
  commit(): void {
    if (!this.pending) return;
    const price = commitPrice(this.queuedCells, true);
    this.queuedCells = 0;
    this.pending = false;
    this.total.commits++;
    this.execution.commits++;
    // The commit's time is the writes' time: it is booked under 'write'.
    this.add('write', price, 0, 0, 0);
  }

  startExecution(): void {
    this.execution = emptyTally();
  }

  reset(): void {
    this.total = emptyTally();
    this.execution = emptyTally();
  }

  private add(kind: CallKind, price: PerLevel, calls: number, read: number, written: number, scanned = 0): void {
    for (const t of [this.total, this.execution]) {
      const k = t.byKind[kind];
      k.calls += calls;
      k.cellsScanned += scanned;
      k.cellsRead += read;
      k.cellsWritten += written;
      for (const l of COST_LEVELS) {
        k.ms[l] += price[l];
        t.ms[l] += price[l];
      }
    }
    if (this.level && price[this.level] > 0) {
      this.carry += price[this.level];
      const whole = Math.floor(this.carry);
      this.carry -= whole;
      if (whole > 0) this.advance(whole);
    }
  }
}
