/**
 * The client report (docs/product.md §7) as a pure function: one client's rows in, a
 * grid of cells and styles out. A client may see this tab, so the model is
 * built from an explicit allow-list of fields and never from a whole record.
 */
import { addDays, daysBetween } from '../ledger/dates';
import { type LedgerRecord, STATUSES } from '../ledger/fields';
import { type FunnelFacts, funnelRows, funnelFacts } from './funnel';
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
import { REPORT_PREFIX } from '../ledger/sheets';
import { maskSparkCode, parseVideoUrl } from '../ledger/video';

/**
 * Every ledger field a client report reads, and why it is safe:
 * - the video, its creator, market, campaign, objective, status, expiry and
 *   results: the client's own campaign facts (docs/product.md §7 list of videos);
 * - renewal decision, retirement reason and decision note: docs/product.md §7 shows
 *   "decisions with reasons"; the note is the agency's stated reason, shown
 *   after scrubbing codes, other clients' names and other videos' links.
 * Left out on purpose: owners' emails, ad account, brand, landing page,
 * usage rights and notes, excluded categories, checks, contract, invoice
 * fields, proof and snapshot links, generation prompt text, alerts, who
 * updated the row. The Spark code only ever appears as maskSparkCode's hint.
 */
export const CLIENT_SAFE_FIELDS = [
  'videoUrl',
  'creatorHandle',
  'market',
  'campaign',
  'objective',
  'status',
  'expiresOn',
  'currency',
  'spend',
  'conversions',
  'comments',
  'renewalDecision',
  'retirementReason',
  'decisionNote',
] as const;

export type ClientSafeKey = (typeof CLIENT_SAFE_FIELDS)[number];

export type ClientSafeRow = {
  [K in ClientSafeKey]: K extends 'spend' | 'conversions' | 'comments' ? number | '' : string;
} & {
  /** First characters and last two of the code: enough to match it in Ads Manager, never the code. */
  codeHint: string;
  funnel: FunnelFacts;
};

export function clientSafeRow(rec: LedgerRecord): ClientSafeRow {
  const out: Record<string, unknown> = {};
  for (const k of CLIENT_SAFE_FIELDS) {
    const v = rec[k];
    out[k] =
      k === 'spend' || k === 'conversions' || k === 'comments'
        ? typeof v === 'number'
          ? v
          : ''
        : String(v ?? '').trim();
  }
  out.codeHint = maskSparkCode(String(rec.sparkCode ?? '').trim());
  out.funnel = funnelFacts(rec);
  return out as ClientSafeRow;
}

/** A client's identity: the cell's text, trimmed. Case matters: "Acme" and "ACME" are two clients. */
export function clientKey(value: unknown): string {
  return String(value ?? '').trim();
}

export function isClientRow(clientCell: unknown, client: string): boolean {
  return client !== '' && clientKey(clientCell) === client;
}

/** Every client that has at least one row, sorted. */
export function clientsWithRows(clientCells: readonly unknown[]): string[] {
  const set = new Set<string>();
  for (const c of clientCells) {
    const k = clientKey(c);
    if (k !== '') set.add(k);
  }
  return [...set].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()) || (a < b ? -1 : 1));
}

export type ClientChoice = { ok: true; client: string } | { ok: false; message: string };

/** What a person typed into the client prompt, matched to a known client: exactly, else by case when that is unambiguous. */
export function resolveClient(input: unknown, known: readonly string[]): ClientChoice {
  const wanted = clientKey(input);
  if (wanted === '') return { ok: false, message: `Client is required: type one of ${listForPeople(known)}.` };
  if (known.includes(wanted)) return { ok: true, client: wanted };
  const byCase = known.filter((k) => k.toLowerCase() === wanted.toLowerCase());
  if (byCase.length === 1) return { ok: true, client: byCase[0] };
  if (byCase.length > 1)
    return {
      ok: false,
      message: `Client "${wanted}" matches ${listForPeople(byCase)}: type the name exactly as the ledger spells it.`,
    };
  return { ok: false, message: `Client "${wanted}" has no rows in the ledger: type one of ${listForPeople(known)}.` };
}

function listForPeople(names: readonly string[]): string {
  if (names.length === 0) return 'the clients in the ledger (there are none yet)';
  const shown = names.slice(0, 12).map((n) => `"${n}"`);
  return shown.join(', ') + (names.length > 12 ? ` and ${names.length - 12} more` : '');
}

/**
 * Sheets refuses tab names over 100 characters
 * (https://github.com/getodk/collect/issues/2918: "The sheet name cannot be
 * greater than 100 characters"); line breaks and control characters would make
 * an unreadable tab. Truncation never splits a character.
 */
export const SHEET_NAME_MAX = 100;

export function reportSheetName(client: string): string {
  const clean =
    clientKey(client)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this takes out of a tab name.
      .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || 'Unnamed client';
  const room = SHEET_NAME_MAX - REPORT_PREFIX.length;
  const chars = Array.from(clean);
  const name =
    chars.length > room
      ? `${chars
          .slice(0, room - 1)
          .join('')
          .trimEnd()}…`
      : clean;
  return REPORT_PREFIX + name;
}

/** What must never reach a client: every Spark code in the ledger and every other client's name. */
export interface Secrets {
  codes: readonly string[];
  clients: readonly string[];
}

const SCAN = 8;

/**
 * Finds any known code inside text, however it is surrounded. Codes are
 * looked up by their first characters, then by exact body per known length,
 * so the cost does not grow with the number of codes sharing a prefix.
 */
export class CodeScrubber {
  private bodies = new Set<string>();
  private lengthsByPrefix = new Map<string, number[]>();

  constructor(codes: readonly string[]) {
    for (const raw of codes) {
      const code = String(raw).trim();
      const body = code.startsWith('#') ? code.slice(1) : code;
      // Shorter strings are not codes (isValidSparkCode wants 16+) and would mask ordinary words.
      if (body.length < SCAN || this.bodies.has(body)) continue;
      this.bodies.add(body);
      const key = body.slice(0, SCAN);
      const lengths = this.lengthsByPrefix.get(key);
      if (!lengths) this.lengthsByPrefix.set(key, [body.length]);
      else if (!lengths.includes(body.length)) lengths.push(body.length);
    }
    for (const lengths of this.lengthsByPrefix.values()) lengths.sort((a, b) => b - a);
  }

  scrub(s: string): string {
    if (s.length < SCAN || this.bodies.size === 0) return s;
    let out = '';
    let i = 0;
    let copied = 0;
    while (i <= s.length - SCAN) {
      const lengths = this.lengthsByPrefix.get(s.substr(i, SCAN));
      const len = lengths?.find((n) => this.bodies.has(s.substr(i, n)));
      if (len) {
        const hashed = i > 0 && s[i - 1] === '#';
        const start = hashed ? i - 1 : i;
        out += s.slice(copied, start) + maskSparkCode((hashed ? '#' : '') + s.substr(i, len));
        i += len;
        copied = i;
      } else i++;
    }
    return copied === 0 ? s : out + s.slice(copied);
  }
}

/** Code-shaped words in free text (docs/product.md §1: codes usually begin with #). */
const CODE_LIKE = /#[A-Za-z0-9+/=_-]{16,}/g;
const TIKTOK_LINK = /(?:https?:\/\/)?(?:www\.|m\.|vm\.)?tiktok\.com\/@[A-Za-z0-9_.]+\/video\/\d+[^\s]*/gi;

/**
 * A decision note as a client may read it: code-shaped words masked, links to
 * videos outside this report replaced, other clients' names replaced. The
 * client's own name is kept even where another client's name is part of it.
 */
export function scrubNote(
  note: string,
  client: string,
  ownVideoIds: ReadonlySet<string>,
  otherClients: readonly string[],
): string {
  let s = note.replace(CODE_LIKE, (m) => maskSparkCode(m));
  s = s.replace(TIKTOK_LINK, (m) => {
    const p = parseVideoUrl(m);
    return p && ownVideoIds.has(p.videoId) ? m : '[another video]';
  });
  return redactOtherNames(s, client, otherClients);
}

/**
 * Replaces other clients' names (any case) with "[another client]", reading
 * left to right and taking the longest name at each place, so "Acme Apps"
 * is caught in Acme's report and "Acme" is kept in Acme Apps'. The client's
 * own name, spelled exactly, wins a tie.
 */
export function redactOtherNames(s: string, client: string, otherClients: readonly string[]): string {
  const others = otherClients
    .filter((o) => o !== client && o.length > 0)
    .map((o) => ({ len: o.length, lower: o.toLowerCase() }));
  if (others.length === 0) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const ownLen = client !== '' && s.startsWith(client, i) ? client.length : 0;
    let otherLen = 0;
    for (const o of others) if (o.len > otherLen && s.substr(i, o.len).toLowerCase() === o.lower) otherLen = o.len;
    if (otherLen > ownLen) {
      out += '[another client]';
      i += otherLen;
    } else if (ownLen > 0) {
      out += s.slice(i, i + ownLen);
      i += ownLen;
    } else {
      out += s[i];
      i++;
    }
  }
  return out;
}

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
