/**
 * The client report (docs/product.md §7) as a pure function: one client's rows in, a
 * grid of cells and styles out. A client may see this tab, so the model is
 * built from an explicit allow-list of fields and never from a whole record.
 */
import { addDays, daysBetween } from '../ledger/dates';
import { type LedgerRecord, STATUSES } from '../ledger/fields';
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
import { parseVideoUrl } from '../ledger/video';
import { type ClientSafeRow, clientSafeRow, isClientRow, reportSheetName } from './clients';
import { CodeScrubber, type Secrets, scrubNote } from './secrets';

export interface ReportContext {
  /** Today in the spreadsheet's time zone. */
  today: string;
  /** "YYYY-MM-DD HH:mm" in the spreadsheet's time zone. */
  generatedAt: string;
  timeZone: string;
}

export interface ClientReport {
  client: string;
  sheetName: string;
  /** The client's videos listed. */
  rows: number;
  model: SheetModel;
}

/** Statuses in which a code is still running and can expire. */
const LIVE = new Set(['Received', 'Activated', 'Spending', 'Paused', 'Renewal needed']);
export const EXPIRING_DAYS = 7;

/** Report columns: the videos list uses all twelve; the blocks above reuse them from the left. */
export const REPORT_COLUMN_WIDTHS = [330, 130, 80, 170, 170, 120, 100, 80, 110, 100, 95, 110];
const WIDTH = REPORT_COLUMN_WIDTHS.length;

const NOT_SET = 'Not set';
const head = (label: string, kind: ModelCell['kind'] = 'text'): ModelCell => ({ value: label, kind });
const byText = (a: string, b: string): number =>
  a.toLowerCase().localeCompare(b.toLowerCase()) || (a < b ? -1 : a > b ? 1 : 0);

interface Sums {
  name: string;
  currency: string;
  videos: number;
  spend: number;
  conversions: number;
  comments: number;
}

/** Totals per (name, currency): money is never added across currencies. */
function sumsBy(rows: readonly ClientSafeRow[], nameOf: (r: ClientSafeRow) => string): Sums[] {
  const map = new Map<string, Sums>();
  for (const r of rows) {
    const name = nameOf(r) || NOT_SET;
    const currency = r.currency || NOT_SET;
    const key = JSON.stringify([name, currency]);
    let s = map.get(key);
    if (!s) {
      s = { name, currency, videos: 0, spend: 0, conversions: 0, comments: 0 };
      map.set(key, s);
    }
    s.videos++;
    if (typeof r.spend === 'number') s.spend += r.spend;
    if (typeof r.conversions === 'number') s.conversions += r.conversions;
    if (typeof r.comments === 'number') s.comments += r.comments;
  }
  return [...map.values()].sort((a, b) => byText(a.name, b.name) || byText(a.currency, b.currency));
}

/**
 * Builds `Report · <client>` from that client's own records. `secrets` lists
 * what the grid must never contain; every text cell is checked against the
 * ledger's codes before it leaves this function.
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
      `Generated ${ctx.generatedAt} (${ctx.timeZone}) · ${own.length} video${own.length === 1 ? '' : 's'} · figures as recorded by your agency`,
    ),
  ]);
  g.blank();

  // Codes by status, with the chart beside it.
  const statusCounts = STATUSES.map((s) => ({ status: s as string, n: own.filter((r) => r.status === s).length }));
  const other = own.filter((r) => !(STATUSES as readonly string[]).includes(r.status)).length;
  if (other > 0) statusCounts.push({ status: NOT_SET, n: other });
  const statusBlock = g.table(
    'status',
    'Videos by status',
    [head('Status'), head('Videos', 'int'), head('Share', 'pct')],
    statusCounts.map((s) => [text(s.status), num(s.n), num(own.length ? s.n / own.length : '', 'pct')]),
    '',
    [text('Total'), num(own.length), num(own.length ? 1 : '', 'pct')],
  );
  const chart: ChartSpec = {
    type: 'column',
    title: 'Videos by status',
    range: { row: statusBlock.headerRow, column: 1, numRows: statusCounts.length + 1, numColumns: 2 },
    anchor: { row: statusBlock.titleRow, column: 5 },
    width: 620,
    height: (statusBlock.lastRow - statusBlock.titleRow + 1) * 21,
  };
  g.blank();

  const currencies = sumsBy(own, () => 'all');
  g.table(
    'currency',
    'Spend and results by currency',
    [
      head('Currency'),
      head('Videos', 'int'),
      head('Spend', 'money'),
      head('Conversions', 'int'),
      head('Comments', 'int'),
    ],
    currencies.map((s) => [
      text(s.currency),
      num(s.videos),
      num(s.spend, 'money'),
      num(s.conversions),
      num(s.comments),
    ]),
    'No videos yet.',
  );
  g.add('note', [
    text('Each currency is totalled on its own; amounts in different currencies are never added together.'),
  ]);
  g.blank();

  const expiring = own
    .filter((r) => LIVE.has(r.status) && /^\d{4}-\d{2}-\d{2}$/.test(r.expiresOn))
    .map((r) => ({ r, days: daysBetween(ctx.today, r.expiresOn) }))
    .filter((x) => x.days >= 1 && x.days <= EXPIRING_DAYS)
    .sort((a, b) => a.days - b.days || byText(a.r.videoUrl, b.r.videoUrl));
  g.table(
    'expiring',
    `Codes expiring in the next ${EXPIRING_DAYS} days (to ${addDays(ctx.today, EXPIRING_DAYS)})`,
    [
      head('Video'),
      head('Creator'),
      head('Market'),
      head('Campaign'),
      head('Renewal decision'),
      head('Status'),
      head('Expires on', 'date'),
      head('Days left', 'int'),
    ],
    expiring.map(({ r, days }) => [
      text(r.videoUrl),
      text(r.creatorHandle),
      text(r.market),
      text(r.campaign),
      text(r.renewalDecision),
      text(r.status),
      date(r.expiresOn),
      num(days),
    ]),
    `No code expires in the next ${EXPIRING_DAYS} days.`,
  );
  g.blank();

  const decided = own
    .filter((r) => r.renewalDecision === 'Renew' || r.renewalDecision === 'Retire' || r.status === 'Retired')
    .sort(
      (a, b) =>
        byText(a.renewalDecision, b.renewalDecision) ||
        byText(a.campaign, b.campaign) ||
        byText(a.videoUrl, b.videoUrl),
    );
  g.table(
    'decisions',
    'Renewal and retirement decisions',
    [
      head('Video'),
      head('Creator'),
      head('Market'),
      head('Campaign'),
      head('Decision'),
      head('Status'),
      head('Reason'),
      head('Note'),
    ],
    decided.map((r) => [
      text(r.videoUrl),
      text(r.creatorHandle),
      text(r.market),
      text(r.campaign),
      text(r.renewalDecision || (r.status === 'Retired' ? 'Retire' : '')),
      text(r.status),
      text(r.retirementReason),
      text(scrubNote(r.decisionNote, client, ownIds, secrets.clients)),
    ]),
    'No renewal or retirement decisions yet.',
  );
  g.blank();

  const breakdownHeader = (first: string) => [
    head(first),
    head('Currency'),
    head('Videos', 'int'),
    head('Spend', 'money'),
    head('Conversions', 'int'),
    head('Comments', 'int'),
  ];
  const breakdownRow = (s: Sums) => [
    text(s.name),
    text(s.currency),
    num(s.videos),
    num(s.spend, 'money'),
    num(s.conversions),
    num(s.comments),
  ];
  g.table(
    'market',
    'By market',
    breakdownHeader('Market'),
    sumsBy(own, (r) => r.market).map(breakdownRow),
    'No videos yet.',
  );
  g.blank();
  g.table(
    'campaign',
    'By campaign',
    breakdownHeader('Campaign'),
    sumsBy(own, (r) => r.campaign).map(breakdownRow),
    'No videos yet.',
  );
  g.blank();

  const funnel = funnelRows(own.map((r) => r.funnel));
  g.table(
    'funnel',
    'AI-generated videos by campaign',
    [
      head('Campaign'),
      head('Generated', 'int'),
      head('Human-reviewed', 'int'),
      head('Spark-authorized', 'int'),
      head('Spending', 'int'),
    ],
    funnel.map((f) => [
      text(f.campaign || NOT_SET),
      num(f.generated),
      num(f.reviewed),
      num(f.authorized),
      num(f.spending),
    ]),
    'No AI-generated videos for this client.',
  );
  g.blank();

  const videos = own
    .slice()
    .sort(
      (a, b) => byText(a.campaign, b.campaign) || byText(a.expiresOn, b.expiresOn) || byText(a.videoUrl, b.videoUrl),
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
      head('Expires on', 'date'),
      head('Currency'),
      head('Spend', 'money'),
      head('Conversions', 'int'),
      head('Comments', 'int'),
      head('Code (hint)'),
    ],
    videos.map((r) => [
      text(r.videoUrl),
      text(r.creatorHandle),
      text(r.market),
      text(r.campaign),
      text(r.objective),
      text(r.status),
      date(r.expiresOn),
      text(r.currency),
      num(r.spend, 'money'),
      num(r.conversions),
      num(r.comments),
      text(r.codeHint),
    ]),
    'No videos for this client yet.',
  );

  const model = g.build(REPORT_COLUMN_WIDTHS, { frozenRows: 2, chart, rowHeights: [{ row: 1, height: 36 }] });
  scrubCodes(model, new CodeScrubber(secrets.codes));
  return { client, sheetName: reportSheetName(client), rows: own.length, model };
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
