/**
 * The daily TikTok and TokPortal sync (docs/product.md §9), run by the daily
 * trigger before the expiry check, and on demand (`syncConnected()`):
 *
 * 1. codes saved "not yet checked" are checked with `/tt_video/info/`;
 * 2. per connected ad account, the authorized posts (`/tt_video/list/`), the
 *    ads and their lifetime figures (`/ad/get/`, `/report/integrated/get/`
 *    with `query_lifetime`), which replace Spend, Conversions and Comments:
 *    a lifetime total read again each day carries TikTok's latest
 *    attribution, and nothing is added across runs, so nothing can double;
 * 3. TokPortal ad-code requests are polled, and a code that arrived is
 *    recorded as if typed (and checked with TikTok).
 *
 * Cost: every read is a paged list fetched in batches (http.ts); one read of
 * the Ledger's columns, one write per ad account. A run has a budget of
 * fetches and time. What it has no room for, or what a rate limit stops
 * (TikTok's HTTP 200 with code 40100, TokPortal's 429), waits for the next
 * run: the progress of the day is kept per spreadsheet in script properties
 * (no secret in it), as an add-on's daily run may have no document
 * properties (connection.ts). An ad account not read completely changes
 * nothing (core/connect/sync.ts).
 */
import { type SyncAlertKind, type SyncAlertLine, syncAlertEmail } from '../../core/connect/alerts';
import { NOT_YET_CHECKED, rowCheckChanges } from '../../core/connect/check';
import { type LiveCode, type SyncFindings, planSync, syncKey } from '../../core/connect/sync';
import {
  type AdLink,
  type AdvertiserInfo,
  type AuthorizedPost,
  advertiserInfoRequest,
  parseAdvertisers,
  type FetchRequest,
  type Page,
  type ReportRow,
  adGetRequest,
  figuresPerVideo,
  lifetimeReportRequest,
  parseAds,
  parseReport,
  parseVideoList,
  readTikTokAnswer,
  videoListRequest,
} from '../../core/connect/tiktok';
import { adCodePoll, readTokPortalAnswer } from '../../core/connect/tokportal';
import { dateCellToYmd } from '../../core/ledger/dates';
import { type FieldDef, type FieldKey, type LedgerRecord, fieldDef } from '../../core/ledger/fields';
import { type Cell, quoteText } from '../../core/ledger/sheetRow';
import type { AuditEntry } from '../../core/ledger/sheets';
import { rowLink } from '../../core/expiry/digest';
import { videoIdOf } from '../../core/ledger/video';
import { type Env, openEnv } from '../ledger/env';
import { oneRowColumns, readLedgerColumns } from '../ledger/ledger';
import { withDocumentLock } from '../ledger/lock';
import { appendAudit } from '../ledger/logs';
import { readSettings } from '../ledger/settingsSheet';
import { type RowChanges, auditAs, writeChanges } from '../expiry/writes';
import { getRecord, recordCodeVia } from '../lifecycle/actions';
import { askAboutCodes } from './check';
import { type Connection, isConnected, keepUserCopy, readConnection } from './connection';
import { type FetchBudget, fetchInBatches, fetchOne, hasRoom, newBudget } from './http';

/** A run's budget: fetches (of the 20,000 / 100,000 a day) and seconds (of the 6 minutes). */
export const SYNC_BUDGET = { fetches: 1500, seconds: 150 };
/** After a rate limit, the sync waits at least this long (the hourly trigger's next run). */
const RATE_LIMIT_WAIT_MS = 45 * 60 * 1000;
/** Alerts kept for a later run when mail fails, at most (the rest are in the Audit). */
const PENDING_MAX = 150;
const STATE_KEY = 'sparkLedger.sync.';

/** Statuses in which a code has been applied to its ad account, so it must be in TikTok's list. */
const APPLIED = new Set(['Activated', 'Spending', 'Paused', 'Renewal needed']);
const SYNC_KEYS: FieldKey[] = [
  'adAccount',
  'sparkCode',
  'status',
  'organicStatus',
  'tiktokCheck',
  'expiresOn',
  'spend',
  'conversions',
  'comments',
  'figuresFrom',
  'paidOwner',
  'creatorOwner',
  'approvalOwner',
  'client',
  'creatorHandle',
  'campaign',
  'authorizedOn',
  'authDays',
  'tokportalVideo',
  'tokportalRequest',
  'requestedDays',
  'paidStatus',
];

interface PendingAlert {
  to: string;
  line: SyncAlertLine;
}

interface SyncState {
  day: string;
  /** Ad accounts read completely today. */
  done: string[];
  /** Not-yet-checked codes asked about today. */
  checked: boolean;
  /** TokPortal requests polled today. */
  polled: boolean;
  /** Epoch ms before which no fetch is made (a rate limit). */
  waitUntil: number;
  pending: PendingAlert[];
  /** Ad accounts whose failure today is already in the Audit (once a day each). */
  told?: string[];
}

export interface SyncResult {
  connected: { tiktok: boolean; tokportal: boolean };
  /** Ad accounts read completely today, and those still to do with why. */
  accountsDone: string[];
  accountsLeft: { advertiserId: string; reason: string }[];
  /** Codes checked with TikTok this run (saved "not yet checked" before). */
  checked: number;
  /** Rows whose cells this run changed. */
  rowsChanged: number;
  /** Alert emails sent, and alerts left for the next run. */
  alertsSent: number;
  alertsPending: number;
  /** TokPortal codes that arrived and were recorded. */
  tokportalReceived: number;
  /** Codes whose ad account has no TikTok advertiser ID in Settings (their figures are not pulled). */
  unmapped: number;
  /** Rows whose Currency became their ad account's, as TikTok's figures came in that currency. */
  currencyChanged: number;
  fetches: number;
  /** Work left for the next run (budget, rate limit, an error). */
  continues: boolean;
  message: string;
}

/** One alert per owner, video and kind: a run that raised it again after a failed write says it once. */
function dedupe(alerts: readonly PendingAlert[]): PendingAlert[] {
  const seen = new Set<string>();
  return alerts.filter((a) => {
    const key = `${a.to.toLowerCase()}|${a.line.link}|${a.line.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function stateKey(ssId: string): string {
  return STATE_KEY + ssId;
}

function readState(ssId: string, today: string): SyncState {
  const fresh: SyncState = { day: today, done: [], checked: false, polled: false, waitUntil: 0, pending: [] };
  const text = PropertiesService.getScriptProperties().getProperty(stateKey(ssId));
  if (!text) return fresh;
  try {
    const s = JSON.parse(text) as SyncState;
    if (s.day !== today) return { ...fresh, waitUntil: s.waitUntil ?? 0, pending: s.pending ?? [] };
    return { ...fresh, ...s };
  } catch (_) {
    return fresh;
  }
}

function saveState(ssId: string, s: SyncState): void {
  PropertiesService.getScriptProperties().setProperty(stateKey(ssId), JSON.stringify(s));
}

/** Whether today's sync has work left: the trigger asks before its check. */
export function syncDue(env: Env): boolean {
  const ssId = env.ss.getId();
  const conn = readConnection(ssId);
  const c = isConnected(conn);
  if (!c.tiktok && !c.tokportal) return false;
  const s = readState(ssId, env.today);
  if (s.waitUntil > Date.now()) return false;
  const accounts = conn.tiktok?.advertiserIds ?? [];
  return !s.checked || !s.polled || accounts.some((a) => !s.done.includes(a)) || s.pending.length > 0;
}

/** syncConnected(): the sync now, for the sidebar's Connection panel. */
export function syncConnected(): SyncResult {
  const env = openEnv();
  // Whoever syncs by hand keeps their private copy of the connection current (connection.ts).
  const c = readConnection(env.ss.getId());
  keepUserCopy(env.ss.getId(), c);
  // By hand, everything is read again, even what the day's runs already read; a rate limit is still waited out.
  return syncIn(env, newBudget(SYNC_BUDGET.fetches, SYNC_BUDGET.seconds), { again: true });
}

type Answered<T> = { ok: true; items: T[] } | { ok: false; rateLimited: boolean; reason: string };

/**
 * The connected ad accounts' currencies, one request per 100. An answer that
 * does not come (or says nothing) leaves the currency unknown, and the
 * figures are then written as before: TikTok's report is in the account's
 * currency, which Settings and the row are trusted to name.
 */
function readCurrencies(conn: Connection, ids: readonly string[], budget: FetchBudget): Map<string, AdvertiserInfo> {
  const out = new Map<string, AdvertiserInfo>();
  const token = conn.tiktok?.token ?? '';
  const slices: string[][] = [];
  for (let i = 0; i < ids.length; i += 100) slices.push(ids.slice(i, i + 100));
  for (const answer of fetchInBatches(
    slices.map((slice) => advertiserInfoRequest(token, slice)),
    budget,
  )) {
    if (!answer || answer.status === 0) continue;
    const a = readTikTokAnswer(answer.status, answer.body);
    if (a.kind === 'ok') for (const [id, info] of parseAdvertisers(a.data)) out.set(id, info);
  }
  return out;
}

/** Every page of a paged TikTok list: the first, then the rest in batches. */
function allPages<T>(
  request: (page: number) => FetchRequest,
  parse: (data: Record<string, unknown>) => Page<T>,
  budget: FetchBudget,
): Answered<T> {
  const read = (answer: ReturnType<typeof fetchOne>): Page<T> | Exclude<Answered<T>, { ok: true }> => {
    if (!answer) return { ok: false, rateLimited: false, reason: 'the run had no room left for it' };
    if (answer.status === 0) return { ok: false, rateLimited: false, reason: 'TikTok could not be reached' };
    const a = readTikTokAnswer(answer.status, answer.body);
    if (a.kind === 'rateLimited') return { ok: false, rateLimited: true, reason: 'TikTok asked to wait (rate limit)' };
    if (a.kind === 'error') return { ok: false, rateLimited: false, reason: a.reason };
    return parse(a.data);
  };
  const first = read(fetchOne(request(1), budget));
  if ('ok' in first) return first;
  if (first.pagesKnown === false)
    return { ok: false, rateLimited: false, reason: 'TikTok did not say how many pages there are' };
  const items = [...first.items];
  const rest: number[] = [];
  for (let p = 2; p <= first.totalPages; p++) rest.push(p);
  const answers = fetchInBatches(
    rest.map((p) => request(p)),
    budget,
  );
  for (const answer of answers) {
    const page = read(answer);
    if ('ok' in page) return page;
    items.push(...page.items);
  }
  return { ok: true, items };
}

interface AccountRead {
  posts: AuthorizedPost[];
  ads: AdLink[];
  rows: ReportRow[];
}

function readAccount(
  token: string,
  advertiserId: string,
  budget: FetchBudget,
): { ok: true; read: AccountRead } | { ok: false; rateLimited: boolean; reason: string } {
  const posts = allPages((p) => videoListRequest(token, advertiserId, p), parseVideoList, budget);
  if (!posts.ok) return posts;
  const ads = allPages((p) => adGetRequest(token, advertiserId, p), parseAds, budget);
  if (!ads.ok) return ads;
  const rows = allPages((p) => lifetimeReportRequest(token, advertiserId, p), parseReport, budget);
  if (!rows.ok) return rows;
  return { ok: true, read: { posts: posts.items, ads: ads.items, rows: rows.items } };
}

function cellFor(key: FieldKey, to: string | number): Cell {
  const def = fieldDef(key) as FieldDef;
  // Text TikTok sent (a name, a post status) is stored as text, never read as a formula; enum values are the ledger's own.
  if (typeof to === 'string' && (def.kind === 'text' || def.kind === 'longText')) return quoteText(to);
  return to;
}

function change(rec: LedgerRecord, set: { key: FieldKey; to: string | number }[]): RowChanges {
  return {
    row: rec.row as number,
    videoUrl: rec.videoUrl,
    set: set.map((s) => ({ key: s.key, from: String(rec[s.key] ?? ''), to: cellFor(s.key, s.to) })),
  };
}

/** The sync in this execution: `env` is the spreadsheet's (a trigger run opens it by id). */
export function syncIn(env: Env, budget: FetchBudget, options: { again?: boolean } = {}): SyncResult {
  const ssId = env.ss.getId();
  const conn = readConnection(ssId);
  const connected = isConnected(conn);
  const result: SyncResult = {
    connected,
    accountsDone: [],
    accountsLeft: [],
    checked: 0,
    rowsChanged: 0,
    alertsSent: 0,
    alertsPending: 0,
    tokportalReceived: 0,
    unmapped: 0,
    currencyChanged: 0,
    fetches: 0,
    continues: false,
    message: '',
  };
  if (!connected.tiktok && !connected.tokportal) {
    result.message = 'Not connected: add a TikTok token or a TokPortal key in the sidebar’s Connection panel.';
    return result;
  }
  const stored = readState(ssId, env.today);
  const state = options.again ? { ...stored, done: [], checked: false, polled: false } : stored;
  if (state.waitUntil > Date.now()) {
    result.continues = true;
    result.message = 'TikTok or TokPortal asked to wait; the next run carries on.';
    return result;
  }
  const settings = readSettings(env);
  const data = readLedgerColumns(env, SYNC_KEYS);
  const records = data.records(env.offsets());
  const ids = conn.tiktok?.advertiserIds ?? [];
  const advertiserOf = (rec: LedgerRecord): string =>
    settings.adAccountAdvertisers[rec.adAccount] ?? (ids.length === 1 ? ids[0] : '');
  const ymdOf = (d: Date) => dateCellToYmd(d, env.offsets());
  const audit = auditAs(env, 'TikTok sync');
  const alerts: PendingAlert[] = [...state.pending];
  const alert = (rec: LedgerRecord, kind: SyncAlertKind, detail: string) => {
    const line: SyncAlertLine = {
      kind,
      client: rec.client,
      creatorHandle: rec.creatorHandle,
      campaign: rec.campaign,
      sparkCode: rec.sparkCode,
      detail,
      link: rowLink({ url: env.ss.getUrl(), ledgerSheetId: data.sheet.getSheetId() }, rec.row as number),
    };
    const owners = [rec.paidOwner, rec.creatorOwner].filter((o) => o !== '');
    for (const to of new Set(owners.length ? owners : [rec.approvalOwner].filter((o) => o !== '')))
      alerts.push({ to, line });
  };
  const write = (changes: RowChanges[], notes: AuditEntry[], what: string) => {
    const real = changes.filter((c) => c.set.length > 0);
    if (real.length === 0 && notes.length === 0) return;
    // The alerts go into the day's state before the change they tell of: a run that dies between the
    // two sends them at the next run rather than never (the change, once written, would not raise them again).
    saveState(ssId, { ...state, pending: dedupe(alerts).slice(0, PENDING_MAX) });
    withDocumentLock(() => {
      writeChanges(env, data, real, audit, ymdOf, { what, job: 'The TikTok sync', alsoNot: '' });
      if (notes.length) appendAudit(env, notes);
    });
    result.rowsChanged += real.length;
  };
  let stopped = false;

  // 1. Codes saved while TikTok could not be reached.
  if (connected.tiktok && !state.checked) {
    const waiting = records.filter((r) => r.sparkCode !== '' && String(r.tiktokCheck).startsWith(NOT_YET_CHECKED));
    const asks = askAboutCodes(
      conn,
      waiting.map((r) => r.sparkCode),
      budget,
    );
    const changes: RowChanges[] = [];
    const notes: AuditEntry[] = [];
    asks.forEach((ask, i) => {
      if (ask.kind === 'unreachable' || ask.kind === 'off') return;
      const rec = waiting[i];
      const videoId = videoIdOf(rec.videoUrl) ?? '';
      const c = rowCheckChanges(rec, ask, videoId, (ms) => env.offsets().offsetAt(ms));
      result.checked++;
      changes.push(change(rec, c.set));
      if (c.note) notes.push(audit(rec.videoUrl, c.note.field, c.note.oldValue, c.note.newValue));
      if (c.problem) alert(rec, 'wrongPost', c.problem);
    });
    write(changes, notes, `TikTok check of ${changes.length} saved codes`);
    stopped = asks.some((a) => a.kind === 'unreachable');
    if (!stopped) state.checked = true;
  }

  // 2. Each ad account: its currency (one request for all), then its posts, ads and lifetime figures.
  const currencies =
    connected.tiktok && !stopped ? readCurrencies(conn, ids, budget) : new Map<string, AdvertiserInfo>();
  for (const advertiserId of ids) {
    if (stopped || !connected.tiktok) break;
    if (state.done.includes(advertiserId)) continue;
    if (!hasRoom(budget, 3)) {
      result.accountsLeft.push({ advertiserId, reason: 'no room left in this run' });
      continue;
    }
    const r = readAccount((conn.tiktok as NonNullable<Connection['tiktok']>).token, advertiserId, budget);
    if (!r.ok) {
      result.accountsLeft.push({ advertiserId, reason: r.reason });
      if (r.rateLimited) {
        state.waitUntil = Date.now() + RATE_LIMIT_WAIT_MS;
        stopped = true;
      } else if (!(state.told ?? []).includes(advertiserId)) {
        // A refusal (a token TikTok no longer takes, an account it does not cover) is said once a day in the
        // Audit, where the daily run's result would otherwise go unread; a rate limit is only waited out.
        appendAudit(env, [audit('', 'TikTok sync', '', `Ad account ${advertiserId} not read: ${r.reason}`)]);
        state.told = [...(state.told ?? []), advertiserId];
      }
      continue;
    }
    const mine = records.filter((rec) => rec.sparkCode !== '' && advertiserOf(rec) === advertiserId);
    const codeOf = (rec: LedgerRecord): LiveCode => ({
      videoId: videoIdOf(rec.videoUrl) ?? '',
      adAccount: advertiserId,
      sparkCode: rec.sparkCode,
      status: rec.status,
      organicStatus: rec.organicStatus,
      tiktokCheck: String(rec.tiktokCheck ?? ''),
      expiresOn: rec.expiresOn,
      spend: rec.spend as number | string,
      conversions: rec.conversions as number | string,
      comments: rec.comments as number | string,
    });
    const posts = new Map(r.read.posts.map((p) => [syncKey(advertiserId, p.itemId), p]));
    const figures = new Map(
      [...figuresPerVideo(r.read.ads, r.read.rows)].map(([item, f]) => [syncKey(advertiserId, item), f]),
    );
    // Spend comes in the ad account's currency (CONNECT.md): where TikTok's figures replace a row's, its
    // Currency becomes the account's, audited, so the amount and its currency never disagree.
    const accountCurrency = currencies.get(advertiserId)?.currency ?? '';
    // Only a code applied to its ad account must be in that account's list; the others get figures only.
    const found = (list: boolean): SyncFindings => ({
      posts,
      figures,
      complete: { list: new Set(list ? [advertiserId] : []), figures: new Set([advertiserId]) },
    });
    const applied = mine.filter((rec) => APPLIED.has(rec.status));
    const others = mine.filter((rec) => !APPLIED.has(rec.status));
    const planned = [
      ...planSync(applied.map(codeOf), found(true), env.today),
      ...planSync(others.map(codeOf), found(false), env.today),
    ];
    const byId = new Map(mine.map((rec) => [videoIdOf(rec.videoUrl) ?? '', rec]));
    const changes: RowChanges[] = [];
    const notes: AuditEntry[] = [];
    for (const p of planned) {
      const rec = byId.get(p.videoId);
      if (!rec) continue;
      const set = (Object.entries(p.set) as [FieldKey, string | number][]).map(([key, to]) => ({ key, to }));
      if (p.status) set.push({ key: 'status', to: p.status });
      const figuresMoved = p.set.spend !== undefined || p.set.conversions !== undefined || p.set.comments !== undefined;
      if (figuresMoved && accountCurrency !== '' && rec.currency.toUpperCase() !== accountCurrency) {
        set.push({ key: 'currency', to: accountCurrency });
        if (rec.currency !== '') result.currencyChanged++;
      }
      changes.push(change(rec, set));
      if (p.status || p.alert) notes.push(audit(rec.videoUrl, 'TikTok sync', '', p.auditNote));
      // The owners' email says what TikTok said; the figures that moved stay in the Audit.
      if (p.alert)
        alert(
          rec,
          p.alert,
          p.auditNote
            .replace(/^TikTok sync \d{4}-\d{2}-\d{2}: /, '')
            .split(/(?<=\.) /)
            .filter((sentence) => !/^(Spend|Conversions|Comments) /.test(sentence))
            .join(' '),
        );
    }
    write(changes, notes, `TikTok sync of ad account ${advertiserId}`);
    state.done.push(advertiserId);
    result.accountsDone.push(advertiserId);
    saveState(ssId, { ...state, pending: alerts.slice(0, PENDING_MAX) });
  }
  result.unmapped = records.filter(
    (rec) => rec.sparkCode !== '' && connected.tiktok && advertiserOf(rec) === '',
  ).length;

  // 3. TokPortal: the codes asked for.
  if (connected.tokportal && !stopped && !state.polled) {
    const asked = records.filter(
      (rec) => rec.tokportalVideo !== '' && /^(Requested|In review)/.test(String(rec.tokportalRequest ?? '')),
    );
    const key = (conn.tokportal as NonNullable<Connection['tokportal']>).apiKey;
    const answers = fetchInBatches(
      asked.map((rec) => adCodePoll(key, rec.tokportalVideo)),
      budget,
    );
    const changes: RowChanges[] = [];
    let left = false;
    answers.forEach((answer, i) => {
      const rec = asked[i];
      if (!answer || answer.status === 0) {
        left = true;
        return;
      }
      const a = readTokPortalAnswer(answer.status, answer.headers, answer.body, Date.now());
      if (a.kind === 'rateLimited') {
        left = true;
        state.waitUntil = Math.max(state.waitUntil, Date.now() + a.retryAfterSeconds * 1000);
        return;
      }
      if (a.kind === 'error') {
        if (a.retryLater) left = true;
        else changes.push(change(rec, [{ key: 'tokportalRequest', to: `TokPortal refused: ${a.message}` }]));
        return;
      }
      if (!a.code) {
        const to = `In review at TokPortal (asked ${env.today})`;
        if (to !== rec.tokportalRequest) changes.push(change(rec, [{ key: 'tokportalRequest', to }]));
        return;
      }
      // The code arrived: recorded as if typed, so the lifecycle's rules and the TikTok check apply.
      const saved = recordCodeVia(
        {
          videoUrl: rec.videoUrl,
          sparkCode: a.code,
          authorizedOn: env.today,
          authDays: Number(rec.requestedDays) || 30,
        },
        'TokPortal',
      );
      if (saved.ok) result.tokportalReceived++;
      const words = saved.ok
        ? `Code received ${env.today}`
        : `Code received ${env.today}, not recorded: ${saved.errors.map((e) => e.message).join(' ')}`;
      changes.push(change(saved.ok ? { ...rec, ...saved.record } : rec, [{ key: 'tokportalRequest', to: words }]));
    });
    write(changes, [], `TokPortal requests of ${changes.length} videos`);
    if (!left) state.polled = true;
    else stopped = true;
  }

  // 4. Owners are told, one email each; what cannot be sent waits for the next run.
  const byOwner = new Map<string, SyncAlertLine[]>();
  for (const a of dedupe(alerts)) byOwner.set(a.to, [...(byOwner.get(a.to) ?? []), a.line]);
  const pending: PendingAlert[] = [];
  for (const [to, lines] of byOwner) {
    try {
      if (MailApp.getRemainingDailyQuota() < 1) throw new Error('no mail quota left today');
      MailApp.sendEmail(syncAlertEmail(to, lines, { spreadsheetName: env.ss.getName(), today: env.today }));
      result.alertsSent++;
    } catch (_) {
      for (const line of lines) pending.push({ to, line });
    }
  }
  state.pending = pending.slice(0, PENDING_MAX);
  result.alertsPending = state.pending.length;
  saveState(ssId, state);

  result.fetches = budget.used;
  result.accountsDone = state.done.filter((a) => ids.includes(a));
  result.continues = stopped || result.accountsLeft.length > 0 || (connected.tiktok && !state.checked);
  result.message = syncMessage(result);
  return result;
}

export function syncMessage(r: SyncResult): string {
  const parts: string[] = [];
  if (r.connected.tiktok) {
    parts.push(`${r.accountsDone.length} ad account${r.accountsDone.length === 1 ? '' : 's'} synced today`);
    if (r.checked) parts.push(`${r.checked} saved code${r.checked === 1 ? '' : 's'} checked`);
  }
  parts.push(`${r.rowsChanged} row${r.rowsChanged === 1 ? '' : 's'} updated`);
  if (r.tokportalReceived)
    parts.push(`${r.tokportalReceived} TokPortal code${r.tokportalReceived === 1 ? '' : 's'} recorded`);
  if (r.alertsSent) parts.push(`${r.alertsSent} owner${r.alertsSent === 1 ? '' : 's'} emailed`);
  let s = `${parts.join(', ')}.`;
  if (r.accountsLeft.length)
    s += ` Left for the next run: ${r.accountsLeft.map((a) => `${a.advertiserId} (${a.reason})`).join('; ')}.`;
  if (r.alertsPending)
    s += ` ${r.alertsPending} alert${r.alertsPending === 1 ? '' : 's'} could not be sent yet and will be retried.`;
  if (r.currencyChanged)
    s += ` ${r.currencyChanged} row${r.currencyChanged === 1 ? '' : 's'} now ${r.currencyChanged === 1 ? 'shows' : 'show'} the ad account's currency, the one TikTok reports spend in.`;
  if (r.unmapped)
    s += ` ${r.unmapped} code${r.unmapped === 1 ? '' : 's'} have an ad account with no TikTok advertiser ID in Settings: their figures are not pulled.`;
  return s;
}

/** checkWithTikTok(videoUrl): the row's code checked now (docs/api.md). */
export function checkWithTikTok(videoUrl: unknown): { ok: boolean; message: string; record?: LedgerRecord } {
  const env = openEnv();
  const conn = readConnection(env.ss.getId());
  if (!isConnected(conn).tiktok)
    return { ok: false, message: 'TikTok is not connected: add a token in the Connection panel.' };
  const videoId = videoIdOf(String(videoUrl ?? ''));
  if (!videoId) return { ok: false, message: 'Video URL must be a TikTok video link.' };
  // One row, found by its video id: the header, a search and the row, nothing else of the Ledger.
  const found = oneRowColumns(env, videoId);
  if (!found) return { ok: false, message: `No row in the Ledger has the video ${videoId}.` };
  const { data, record: rec } = found;
  if (rec.sparkCode === '') return { ok: false, message: 'This row has no Spark code to check yet.' };
  const [ask] = askAboutCodes(conn, [rec.sparkCode], newBudget(2, 20));
  if (ask.kind === 'unreachable')
    return { ok: false, message: `Not checked: ${ask.reason}. The next sync tries again.` };
  const c = rowCheckChanges(rec, ask, videoId, (ms) => env.offsets().offsetAt(ms));
  const audit = auditAs(env, 'sidebar');
  withDocumentLock(() => {
    writeChanges(env, data, c.set.length ? [change(rec, c.set)] : [], audit, (d) => dateCellToYmd(d, env.offsets()), {
      what: `TikTok check of ${rec.videoUrl}`,
      job: 'The TikTok check',
      alsoNot: '',
    });
    if (c.note) appendAudit(env, [audit(rec.videoUrl, c.note.field, c.note.oldValue, c.note.newValue)]);
  });
  // The whole row as it now stands, for the sidebar's card (the check read only its own columns).
  const record = getRecord(rec.videoUrl) ?? undefined;
  return {
    ok: !c.problem,
    message:
      c.problem ??
      (c.note
        ? `Checked: TikTok's window replaced the typed one (${c.note.newValue}).`
        : 'Checked: the code belongs to this post.'),
    ...(record ? { record } : {}),
  };
}
