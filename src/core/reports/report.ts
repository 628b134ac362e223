/**
 * The client report (docs/product.md §7) as a pure function: one client's rows
 * in (the Ledger's and the Archive's: its whole history), a grid of cells and
 * styles out. A client may see this tab, so the model is built from an
 * explicit allow-list of fields and never from a whole record, and it speaks
 * the client's words (words.ts), not the ledger's.
 *
 * Layout, top to bottom: the headline figures per currency (and, when Settings
 * names a reporting currency, the total converted at the agency's dated
 * rates); videos by status with a chart and a legend of the words shown; codes
 * ending within 7 days; decisions made; by market; by campaign; the AI funnel;
 * every video. A section with nothing to say is left out, and an empty value
 * is a blank cell.
 */
import { recordFingerprint } from '../archive/archive';
import { addDays, daysBetween } from '../ledger/dates';
import { type LedgerRecord, RETIREMENT_REASONS, STATUSES } from '../ledger/fields';
import type { ExchangeRates } from '../ledger/settings';
import { parseVideoUrl } from '../ledger/video';
import { type ClientSafeRow, byName, clientSafeRow, isClientRow, reportSheetName } from './clients';
import {
  type CurrencyTotals,
  type Totals,
  addRow,
  convertedTotal,
  costPerConversion,
  emptyTotals,
  totalsByCurrency,
} from './figures';
import { funnelRows } from './funnel';
import {
  type ChartSpec,
  GridBuilder,
  type ModelCell,
  type SheetModel,
  TEXT_FORMAT,
  date,
  num,
  text,
} from './reportGrid';
import { CodeScrubber, type Secrets, scrubNote } from './secrets';
import { clientDecision, clientStatus } from './words';

export interface ReportContext {
  /** Today in the report's time zone. */
  today: string;
  /** "YYYY-MM-DD HH:mm" in the report's time zone. */
  generatedAt: string;
  /** The report's time zone: the client's own (Settings), else the spreadsheet's. */
  timeZone: string;
  /**
   * When a code ends, "YYYY-MM-DD HH:mm" in the report's zone, from its
   * Expires on date (the code ends at 00:00 of that day in the spreadsheet's
   * zone, docs/product.md §3). Without it the report's zone is the
   * spreadsheet's, and a code ends at 00:00 of the day.
   */
  endsAt?: (expiresOn: string) => string;
  /** The reporting currency and the agency's usable rates (core/ledger/settings.ts parseExchangeRates). */
  money?: Pick<ExchangeRates, 'reporting' | 'rates'>;
}

export interface ClientReport {
  client: string;
  sheetName: string;
  /** The client's videos listed: every one it ever had, archived ones too. */
  rows: number;
  model: SheetModel;
}

/** Statuses in which a code is still running and can expire. */
const LIVE = new Set(['Received', 'Activated', 'Spending', 'Paused', 'Renewal needed']);
export const EXPIRING_DAYS = 7;

/** Report columns: the videos list uses all twelve; the blocks above reuse them from the left. */
export const REPORT_COLUMN_WIDTHS = [330, 130, 90, 170, 170, 180, 110, 75, 100, 95, 85, 100];
const WIDTH = REPORT_COLUMN_WIDTHS.length;
/** The status chart's first column (E): the status table and its legend fit in A to D. */
const CHART_COLUMN = 5;
const ROW_PX = 21;

/** Markets and campaigns left empty are grouped under this name, when there are any. */
export const OTHER = 'Other';

const head = (label: string, kind: ModelCell['kind'] = 'text'): ModelCell => ({ value: label, kind });
const money = (v: number | null): ModelCell => num(v, 'money');
const count = (v: number | null): ModelCell => num(v);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The client's whole history: its Ledger rows, and its Archive rows (closed
 * rows moved out for finance, docs/product.md §2), so archiving changes no
 * total. A row an interrupted archive run left in both sheets is the same row
 * (every field alike, core/archive/archive.ts) and counts once.
 */
export function lifetimeRecords(ledger: readonly LedgerRecord[], archive: readonly LedgerRecord[]): LedgerRecord[] {
  if (archive.length === 0) return ledger.slice();
  const inLedger = new Set(ledger.map(recordFingerprint));
  return [...ledger, ...archive.filter((r) => !inLedger.has(recordFingerprint(r)))];
}

interface Group extends Totals {
  name: string;
  currency: string;
}

/** Totals per (name, currency): money is never added across currencies. Rows with an empty name go under OTHER. */
function groupsBy(rows: readonly ClientSafeRow[], nameOf: (r: ClientSafeRow) => string): Group[] {
  const map = new Map<string, Group>();
  for (const r of rows) {
    const name = nameOf(r) || OTHER;
    const key = JSON.stringify([name, r.currency]);
    let g = map.get(key);
    if (!g) {
      g = { name, currency: r.currency, ...emptyTotals() };
      map.set(key, g);
    }
    addRow(g, r);
  }
  // OTHER last, the rest by name, then currency (a blank currency last).
  return [...map.values()].sort(
    (a, b) =>
      Number(a.name === OTHER) - Number(b.name === OTHER) ||
      byName(a.name, b.name) ||
      Number(a.currency === '') - Number(b.currency === '') ||
      byName(a.currency, b.currency),
  );
}

/** When a row's code ends in the report's zone: the day, and the time when it is not midnight. */
function endsOf(r: ClientSafeRow, ctx: ReportContext): { day: string; time: string } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(r.expiresOn)) return null;
  const at = ctx.endsAt ? ctx.endsAt(r.expiresOn) : `${r.expiresOn} 00:00`;
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})/.exec(at);
  return m ? { day: m[1], time: m[2] } : { day: r.expiresOn, time: '00:00' };
}

function endsCell(r: ClientSafeRow, ctx: ReportContext): ModelCell {
  const e = endsOf(r, ctx);
  if (!e) return text('');
  return e.time === '00:00' ? date(e.day) : text(`${e.day} ${e.time}`);
}

/**
 * Builds `Report · <client>` from that client's own records (lifetimeRecords).
 * `secrets` lists what the grid must never contain; every text cell is
 * checked against the ledger's codes before it leaves this function.
 */
export function buildClientReport(
  ownRecords: readonly LedgerRecord[],
  client: string,
  ctx: ReportContext,
  secrets: Secrets,
): ClientReport {
  const own = ownRecords.filter((r) => isClientRow(r.client, client)).map(clientSafeRow);
  const ownIds = new Set<string>();
  for (const r of own) {
    const p = parseVideoUrl(r.videoUrl);
    if (p) ownIds.add(p.videoId);
  }
  const g = new GridBuilder(WIDTH);

  g.add('title', [text(`Spark Ads report · ${client}`)]);
  g.add('subtitle', [
    text(
      `Made ${ctx.generatedAt} (${ctx.timeZone} time) · ${plural(own.length, 'video')} to date · figures as recorded by your agency`,
    ),
  ]);
  g.blank();

  headline(g, own, ctx);
  g.blank();
  const chart = statusBlocks(g, own);
  g.blank();

  const expiring = own
    .filter((r) => LIVE.has(r.status))
    .map((r) => {
      const e = endsOf(r, ctx);
      // A code ending during a day (another zone's midnight) still runs that day.
      const days = e ? daysBetween(ctx.today, e.day) + (e.time === '00:00' ? 0 : 1) : 0;
      return { r, days };
    })
    .filter((x) => x.days >= 1 && x.days <= EXPIRING_DAYS)
    .sort((a, b) => a.days - b.days || byName(a.r.videoUrl, b.r.videoUrl));
  g.table(
    'expiring',
    `Codes ending in the next ${EXPIRING_DAYS} days (to ${addDays(ctx.today, EXPIRING_DAYS)})`,
    [
      head('Video'),
      head('Creator'),
      head('Market'),
      head('Campaign'),
      head('Decision'),
      head('Status'),
      head('Code ends', 'date'),
      head('Days left', 'int'),
    ],
    expiring.map(({ r, days }) => [
      text(r.videoUrl),
      text(r.creatorHandle),
      text(r.market),
      text(r.campaign),
      text(clientDecision(r.renewalDecision, r.status)),
      text(clientStatus(r.status).word),
      endsCell(r, ctx),
      num(days),
    ]),
    `No code ends in the next ${EXPIRING_DAYS} days.`,
  );
  g.blank();

  const decided = own
    .filter((r) => clientDecision(r.renewalDecision, r.status) !== '')
    .sort(
      (a, b) =>
        byName(clientDecision(a.renewalDecision, a.status), clientDecision(b.renewalDecision, b.status)) ||
        byName(a.campaign, b.campaign) ||
        byName(a.videoUrl, b.videoUrl),
    );
  if (decided.length > 0) {
    g.table(
      'decisions',
      'Decisions to renew or stop',
      [
        head('Video'),
        head('Creator'),
        head('Market'),
        head('Campaign'),
        head('Decision'),
        head('Reason'),
        head('Note'),
      ],
      decided.map((r) => [
        text(r.videoUrl),
        text(r.creatorHandle),
        text(r.market),
        text(r.campaign),
        text(clientDecision(r.renewalDecision, r.status)),
        text((RETIREMENT_REASONS as readonly string[]).includes(r.retirementReason) ? r.retirementReason : ''),
        text(scrubNote(r.clientNote, client, ownIds, secrets.clients)),
      ]),
      '',
    );
    g.blank();
  }

  if (own.length > 0) {
    const breakdownHeader = (first: string) => [
      head(first),
      head('Currency'),
      head('Videos', 'int'),
      head('Spend', 'money'),
      head('Conversions', 'int'),
      head('Cost per conversion', 'money'),
      head('Comments', 'int'),
    ];
    const breakdownRow = (s: Group) => [
      text(s.name),
      text(s.currency),
      count(s.videos),
      money(s.spend),
      count(s.conversions),
      money(costPerConversion(s.spend, s.conversions)),
      count(s.comments),
    ];
    g.table('market', 'By market', breakdownHeader('Market'), groupsBy(own, (r) => r.market).map(breakdownRow), '');
    g.blank();
    g.table(
      'campaign',
      'By campaign',
      breakdownHeader('Campaign'),
      groupsBy(own, (r) => r.campaign).map(breakdownRow),
      '',
    );
    g.blank();
  }

  const funnel = funnelRows(own.map((r) => r.funnel));
  if (funnel.length > 0) {
    g.table(
      'funnel',
      'Videos made with AI, by campaign',
      [
        head('Campaign'),
        head('Made with AI', 'int'),
        head('Reviewed', 'int'),
        head('Spark code received', 'int'),
        head('Running', 'int'),
      ],
      funnel.map((f) => [
        text(f.campaign || OTHER),
        num(f.generated),
        num(f.reviewed),
        num(f.authorized),
        num(f.spending),
      ]),
      '',
    );
    g.add('note', [
      text('Reviewed: a person checked the video before the code was asked for. Running: it has spent, or spends now.'),
    ]);
    g.blank();
  }

  const videos = own
    .slice()
    .sort(
      (a, b) =>
        byName(a.campaign || '\uffff', b.campaign || '\uffff') ||
        byName(a.expiresOn, b.expiresOn) ||
        byName(a.videoUrl, b.videoUrl),
    );
  g.table(
    'videos',
    'Videos',
    [
      head('Video'),
      head('Creator'),
      head('Market'),
      head('Campaign'),
      head('Objective'),
      head('Status'),
      head('Code ends', 'date'),
      head('Currency'),
      head('Spend', 'money'),
      head('Conversions', 'int'),
      head('Comments', 'int'),
      head('Code hint'),
    ],
    videos.map((r) => [
      text(r.videoUrl),
      text(r.creatorHandle),
      text(r.market),
      text(r.campaign),
      text(r.objective),
      text(clientStatus(r.status).word),
      endsCell(r, ctx),
      text(r.currency),
      num(r.spend, 'money'),
      num(r.conversions),
      num(r.comments),
      text(r.codeHint),
    ]),
    'No videos for this client yet.',
  );
  if (own.some((r) => r.codeHint !== '')) {
    // A footnote, apart from the list: whoever reads the list down to its end stops at the blank row.
    g.blank();
    g.add('note', [text('Code hint: the first and last characters of the Spark code, to find it in Ads Manager.')]);
  }

  const model = g.build(REPORT_COLUMN_WIDTHS, { frozenRows: 2, chart, rowHeights: [{ row: 1, height: 36 }] });
  scrubCodes(model, new CodeScrubber(secrets.codes));
  return { client, sheetName: reportSheetName(client), rows: own.length, model };
}

/**
 * Where the figures came from (docs/product.md §9): "TikTok, <day>" on rows
 * whose figures the daily sync last changed that day, blank on rows the
 * agency typed. Null when no row's
 * figures came from TikTok, so a ledger without the connection says nothing.
 */
export function figuresSource(rows: readonly Pick<ClientSafeRow, 'figuresFrom'>[]): string | null {
  const days = rows
    .map((r) => /^TikTok, (\d{4}-\d{2}-\d{2})$/.exec(r.figuresFrom)?.[1])
    .filter((d): d is string => !!d);
  if (days.length === 0) return null;
  const latest = [...days].sort()[days.length - 1];
  const all = days.length === rows.length;
  return all
    ? `Spend, conversions and comments come from TikTok, read daily; the latest change came on ${latest}.`
    : `Spend, conversions and comments of ${plural(days.length, 'video')} come from TikTok, read daily (the latest change came on ${latest}); ${rows.length - days.length === 1 ? 'the other video is as the agency recorded it' : `the other ${rows.length - days.length} videos are as the agency recorded them`}.`;
}

/** The headline: spend, conversions and cost per conversion per currency, and the converted total when asked for. */
function headline(g: GridBuilder, own: readonly ClientSafeRow[], ctx: ReportContext): void {
  const byCurrency = totalsByCurrency(own);
  const total = convertedTotal(byCurrency, ctx.money);
  const row = (label: string, t: Totals) => [
    text(label),
    money(t.spend),
    count(t.videos),
    count(t.conversions),
    money(costPerConversion(t.spend, t.conversions)),
    count(t.comments),
  ];
  const showTotal =
    total !== null &&
    total.videos > 0 &&
    (byCurrency.length > 1 || (byCurrency[0] as CurrencyTotals).currency !== total.reporting);
  g.table(
    'headline',
    'Spend and results to date',
    [
      head('Currency'),
      head('Spend', 'money'),
      head('Videos', 'int'),
      head('Conversions', 'int'),
      head('Cost per conversion', 'money'),
      head('Comments', 'int'),
    ],
    byCurrency.map((t) => row(t.currency, t)),
    'No spend or results recorded yet.',
    showTotal && total ? row(`Total in ${total.reporting}`, total) : undefined,
  );
  const source = figuresSource(own);
  if (source) g.add('note', [text(source)]);
  if (byCurrency.length > 1 || showTotal)
    g.add('note', [
      text(
        showTotal && total
          ? `Each currency is totalled on its own; the total in ${total.reporting} converts them at the rates below.`
          : 'Each currency is totalled on its own; amounts in different currencies are never added together.',
      ),
    ]);
  if (!showTotal || !total) return;
  if (total.notConverted.length > 0) {
    const named = total.notConverted.filter((c) => c !== '');
    const parts: string[] = [];
    if (named.length > 0)
      parts.push(`${named.join(', ')} ${named.length === 1 ? 'is' : 'are'} not converted: no exchange rate is kept`);
    if (total.notConverted.includes('')) parts.push('spend recorded without a currency is not converted');
    g.add('note', [text(`Not in the total: ${parts.join('; ')}.`)]);
  }
  if (total.used.length > 0) {
    g.blank();
    g.table(
      'rates',
      `Exchange rates used for the total in ${total.reporting}`,
      [head('Currency'), head(`Rate to ${total.reporting}`, 'rate'), head('Rate date', 'date')],
      total.used
        .slice()
        .sort((a, b) => byName(a.currency, b.currency))
        .map((r) => [text(r.currency), num(r.rate, 'rate'), date(r.asOf)]),
      '',
    );
    g.add('note', [
      text(
        `1 unit of the currency is worth the rate in ${total.reporting}: rates kept by your agency, of the date shown.`,
      ),
    ]);
  }
}

/** Videos by status in the client's words, a legend of the words shown, and the chart beside them. */
function statusBlocks(g: GridBuilder, own: readonly ClientSafeRow[]): ChartSpec {
  const counts = new Map<string, { word: string; meaning: string; n: number }>();
  const order = [...STATUSES, ''];
  const sorted = own
    .slice()
    .sort(
      (a, b) =>
        (order.indexOf(a.status) < 0 ? order.length : order.indexOf(a.status)) -
        (order.indexOf(b.status) < 0 ? order.length : order.indexOf(b.status)),
    );
  for (const r of sorted) {
    const w = clientStatus(r.status);
    const c = counts.get(w.word) ?? { ...w, n: 0 };
    c.n++;
    counts.set(w.word, c);
  }
  const rows = [...counts.values()];
  const status = g.table(
    'status',
    'Videos by status',
    [head('Status'), head('Videos', 'int'), head('Share', 'pct')],
    rows.map((s) => [text(s.word), num(s.n), num(s.n / own.length, 'pct')]),
    'No videos yet.',
    rows.length > 1 ? [text('Total'), num(own.length), num(1, 'pct')] : undefined,
  );
  let last = status.lastRow;
  if (rows.length > 0) {
    g.blank();
    const legend = g.table(
      'legend',
      'What the statuses mean',
      [head('Status'), head('Meaning')],
      rows.map((s) => [text(s.word), text(s.meaning)]),
      '',
    );
    last = legend.lastRow;
  }
  return {
    type: 'column',
    title: 'Videos by status',
    range: { row: status.headerRow, column: 1, numRows: Math.max(rows.length, 1) + 1, numColumns: 2 },
    anchor: { row: status.titleRow, column: CHART_COLUMN },
    width: 620,
    // Never shorter than a readable chart; the blank row after the legend is room for it.
    height: Math.max(last - status.titleRow + 1, rows.length > 0 ? 8 : 3) * ROW_PX,
  };
}

/** Last line of defence: no text cell may hold a full code, wherever the text came from. */
function scrubCodes(model: SheetModel, scrubber: CodeScrubber): void {
  for (let r = 0; r < model.values.length; r++) {
    const row = model.values[r];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === 'string' && model.numberFormats[r][c] === TEXT_FORMAT) row[c] = scrubber.scrub(v);
    }
  }
}

/** The text of every cell, for checks and previews. */
export function modelText(model: SheetModel): string[] {
  const out: string[] = [];
  for (const row of model.values) for (const v of row) if (v !== '') out.push(String(v));
  return out;
}
