/**
 * TikTok API for Business (Marketing API v1.3), as plain functions: the
 * requests the shell sends with UrlFetchApp, and what its answers mean.
 *
 * Sources, as gathered in /work/shared/CONNECT.md: TikTok's reference pages as
 * stored in github.com/ckr2436/Tiktok-OPS (`docs/tiktok_api/pages/API Reference/…`),
 * the Go SDK github.com/bububa/tiktok-business (`model/ttvideo/*.go`), and Airbyte's
 * TikTok Marketing connector (`source-tiktok-marketing/BEHAVIOR.md`). Where a fact
 * is marked unverified below, the code is written to stay safe if it is wrong.
 */
import { addDays, daysBetween, isYmd, utcMsToYmd } from '../ledger/dates';
import { parseJsonLossless } from './json';

export const TIKTOK_BASE = 'https://business-api.tiktok.com/open_api/v1.3/';
/** "Rate limiting also arrives as HTTP 200, with code: 40100" (CONNECT.md; Airbyte BEHAVIOR.md §6). */
export const RATE_LIMITED_CODE = 40100;
/** `/tt_video/list/` takes page_size 1–50 (CONNECT.md; bububa `ListRequest.PageSize`). */
export const VIDEO_LIST_MAX_PAGE_SIZE = 50;
/** `/ad/get/` and `/report/integrated/get/` take page_size 1–1,000 (Tiktok-OPS `Get_ads`, `Run_a_synchronous_report`). */
export const REPORT_PAGE_SIZE = 1000;
/**
 * With `stat_time_day` among the dimensions a query spans at most 30 days
 * (Tiktok-OPS `Run_a_synchronous_report`, `dimensions`). Counted here as 30
 * calendar days including both ends, the stricter reading.
 */
export const MAX_DAILY_SPAN_DAYS = 30;
/** The metrics the ledger keeps (docs/product.md §3 Spend, Conversions, Comments). */
export const REPORT_METRICS = ['spend', 'conversion', 'comments'] as const;

export interface FetchRequest {
  url: string;
  method: 'get' | 'post';
  headers: Record<string, string>;
  payload?: string;
  contentType?: string;
  muteHttpExceptions: true;
  followRedirects: false;
}

export type TikTokAnswer =
  | { kind: 'ok'; data: Record<string, unknown>; requestId: string }
  | { kind: 'rateLimited'; code: number; message: string }
  | {
      kind: 'error';
      /** TikTok's envelope code; the HTTP status when the answer had no envelope. */
      code: number;
      message: string;
      requestId: string;
      /** A fault on TikTok's side or on the way (5xx, a body that is not TikTok's JSON): the same call may work later. */
      retryLater: boolean;
      /** A plain sentence for the person: what went wrong and what to do. */
      reason: string;
    };

// ---------------------------------------------------------------- requests

function query(params: [string, string | number | boolean][]): string {
  return params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
}

/** Every call sends the token as `Access-Token: <token>`, without `Bearer` (CONNECT.md; Airbyte BEHAVIOR.md §8). */
function get(token: string, path: string, params: [string, string | number | boolean][]): FetchRequest {
  return {
    url: `${TIKTOK_BASE}${path}?${query(params)}`,
    method: 'get',
    headers: { 'Access-Token': token },
    muteHttpExceptions: true,
    followRedirects: false,
  };
}

function post(token: string, path: string, body: Record<string, unknown>): FetchRequest {
  return {
    url: `${TIKTOK_BASE}${path}`,
    method: 'post',
    headers: { 'Access-Token': token },
    payload: JSON.stringify(body),
    contentType: 'application/json',
    muteHttpExceptions: true,
    followRedirects: false,
  };
}

function pageNumber(page: number): number {
  if (!Number.isInteger(page) || page < 1) throw new RangeError(`A page number is a whole number from 1; got ${page}.`);
  return page;
}

/**
 * `GET /tt_video/info/?advertiser_id=…&auth_code=…`: what TikTok knows of a
 * Spark code. The code holds `+ / =` (and usually a leading `#`), so it is
 * percent-encoded: a raw `+` would arrive as a space and a raw `#` would end
 * the URL (CONNECT.md, "A code, checked").
 */
export function videoInfoRequest(token: string, advertiserId: string, authCode: string): FetchRequest {
  return get(token, 'tt_video/info/', [
    ['advertiser_id', advertiserId],
    ['auth_code', authCode],
  ]);
}

/** `GET /tt_video/list/`: the posts authorized to an ad account, page_size 1–50 (CONNECT.md). */
export function videoListRequest(
  token: string,
  advertiserId: string,
  page: number,
  pageSize: number = VIDEO_LIST_MAX_PAGE_SIZE,
): FetchRequest {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > VIDEO_LIST_MAX_PAGE_SIZE)
    throw new RangeError(`/tt_video/list/ takes a page size from 1 to ${VIDEO_LIST_MAX_PAGE_SIZE}; got ${pageSize}.`);
  return get(token, 'tt_video/list/', [
    ['advertiser_id', advertiserId],
    ['page', pageNumber(page)],
    ['page_size', pageSize],
  ]);
}

/** `GET /ad/get/`: the account's ads, each with `tiktok_item_id`, the post it runs as Spark creative (CONNECT.md). */
export function adGetRequest(token: string, advertiserId: string, page: number): FetchRequest {
  return get(token, 'ad/get/', [
    ['advertiser_id', advertiserId],
    ['page', pageNumber(page)],
    ['page_size', REPORT_PAGE_SIZE],
  ]);
}

/**
 * `GET /advertiser/info/` for the connected ad accounts: their currency and
 * time zone. advertiser_ids and fields are JSON lists (as public clients send
 * them; at most 100 ids a call, a guess kept safe by asking in slices).
 */
export function advertiserInfoRequest(token: string, advertiserIds: readonly string[]): FetchRequest {
  return get(token, 'advertiser/info/', [
    ['advertiser_ids', JSON.stringify(advertiserIds.slice(0, 100))],
    ['fields', JSON.stringify(['advertiser_id', 'name', 'currency', 'timezone'])],
  ]);
}

export interface AdvertiserInfo {
  advertiserId: string;
  /** ISO 4217, upper case; '' when TikTok did not say. */
  currency: string;
  timeZone: string;
}

/** `data.list[] {advertiser_id, currency, timezone}` by advertiser id. */
export function parseAdvertisers(data: Record<string, unknown>): Map<string, AdvertiserInfo> {
  const out = new Map<string, AdvertiserInfo>();
  const list = Array.isArray(data.list) ? data.list : [];
  for (const item of list) {
    if (!isObject(item)) continue;
    const advertiserId = idText(item.advertiser_id);
    if (advertiserId === '') continue;
    const currency = text(item.currency).toUpperCase();
    out.set(advertiserId, {
      advertiserId,
      currency: /^[A-Z]{3}$/.test(currency) ? currency : '',
      timeZone: text(item.timezone),
    });
  }
  return out;
}

/**
 * `report_type=BASIC&data_level=AUCTION_AD` reports only undeleted ads unless
 * `ad_status` is filtered to `STATUS_ALL` (Tiktok-OPS `Run_a_synchronous_report`,
 * `data_level`): a deleted ad's spend still belongs to the video it ran.
 */
const ALL_ADS_FILTER = JSON.stringify([{ field_name: 'ad_status', filter_type: 'IN', filter_value: '["STATUS_ALL"]' }]);

function reportParams(advertiserId: string, dimensions: string[]): [string, string | number | boolean][] {
  return [
    ['advertiser_id', advertiserId],
    ['report_type', 'BASIC'],
    ['data_level', 'AUCTION_AD'],
    ['dimensions', JSON.stringify(dimensions)],
    ['metrics', JSON.stringify(REPORT_METRICS)],
    ['filtering', ALL_ADS_FILTER],
  ];
}

/**
 * `GET /report/integrated/get/` with `query_lifetime=true`: each ad's figures
 * over its whole life, one row per ad (dates are then ignored; time breakdowns
 * are not allowed, so the only dimension is `ad_id`).
 */
export function lifetimeReportRequest(token: string, advertiserId: string, page: number): FetchRequest {
  return get(token, 'report/integrated/get/', [
    ...reportParams(advertiserId, ['ad_id']),
    ['query_lifetime', true],
    ['page', pageNumber(page)],
    ['page_size', REPORT_PAGE_SIZE],
  ]);
}

/**
 * The same report per ad and day, `start_date` to `end_date` inclusive, in the
 * ad account's time zone (CONNECT.md). Conversions keep changing for days
 * (attribution), so callers re-fetch a trailing window. Throws RangeError for a
 * date that is not YYYY-MM-DD, an end before the start, or a span over 30 days.
 */
export function dailyReportRequest(
  token: string,
  advertiserId: string,
  startDate: string,
  endDate: string,
  page: number,
): FetchRequest {
  if (!isYmd(startDate) || !isYmd(endDate))
    throw new RangeError(`Report dates are YYYY-MM-DD; got ${startDate} and ${endDate}.`);
  const span = daysBetween(startDate, endDate) + 1;
  if (span < 1) throw new RangeError(`The report ends (${endDate}) before it starts (${startDate}).`);
  if (span > MAX_DAILY_SPAN_DAYS)
    throw new RangeError(
      `A daily report spans at most ${MAX_DAILY_SPAN_DAYS} days; ${startDate} to ${endDate} is ${span}. Split it (dailySpans).`,
    );
  return get(token, 'report/integrated/get/', [
    ...reportParams(advertiserId, ['ad_id', 'stat_time_day']),
    ['start_date', startDate],
    ['end_date', endDate],
    ['page', pageNumber(page)],
    ['page_size', REPORT_PAGE_SIZE],
  ]);
}

/** `startDate` to `endDate` (inclusive) cut into spans a daily report takes, oldest first. */
export function dailySpans(startDate: string, endDate: string): { startDate: string; endDate: string }[] {
  if (!isYmd(startDate) || !isYmd(endDate))
    throw new RangeError(`Report dates are YYYY-MM-DD; got ${startDate} and ${endDate}.`);
  const out: { startDate: string; endDate: string }[] = [];
  for (let from = startDate; from <= endDate; from = addDays(from, MAX_DAILY_SPAN_DAYS)) {
    const last = addDays(from, MAX_DAILY_SPAN_DAYS - 1);
    out.push({ startDate: from, endDate: last < endDate ? last : endDate });
  }
  return out;
}

/**
 * `POST /tt_video/authorize/` with `{"advertiser_id", "auth_code"}`: applies a
 * code to an ad account; answers `data: {}`. Resubmitting after an uncertain
 * answer can fail, so a caller checks `/tt_video/list/` first (CONNECT.md).
 */
export function authorizeRequest(token: string, advertiserId: string, authCode: string): FetchRequest {
  return post(token, 'tt_video/authorize/', { advertiser_id: advertiserId, auth_code: authCode });
}

// ---------------------------------------------------------------- answers

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

/**
 * An id as text. A string is taken as it is; a number only when it is exact
 * (a safe integer). A larger one has already lost digits and is refused, so
 * two ads are never taken for one.
 */
function idText(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  return '';
}

/**
 * What people meet (CONNECT.md, "Ads Manager errors people meet"), matched on
 * TikTok's message as well as its code: `4025 auth_code_expired`, `4013
 * auth_code_format_error`, `auth_code_not_found`, `video_deleted`.
 */
const CODE_WORDS: { test: RegExp; codes: number[]; reason: string }[] = [
  {
    test: /auth_code_expired/i,
    codes: [4025],
    reason:
      'TikTok says this Spark code has expired. Contact the creator to extend the authorization, or ask for a new code.',
  },
  {
    test: /auth_code_format_error/i,
    codes: [4013],
    reason: 'TikTok cannot read this Spark code: paste the whole code the creator sent, with its leading #.',
  },
  {
    test: /auth_code_not_found/i,
    codes: [],
    reason: 'TikTok does not know this Spark code: check it was copied whole, or ask the creator to send it again.',
  },
  {
    test: /video_deleted/i,
    codes: [],
    reason: 'TikTok says the post behind this Spark code was deleted: the code cannot be used.',
  },
];

/**
 * Envelope codes by range. Unverified: TikTok's appendix of return codes is not
 * in the sources gathered. 40100 (rate limit) is confirmed (Airbyte); 40101 (app
 * id and secret) and 40110 (auth code for a token) are seen in client code; the
 * 401xx block is read as "the token or the app", and 5xxxx as TikTok's own
 * fault. Anything else falls back on TikTok's message.
 */
function reasonFor(code: number, message: string, httpStatus: number): string {
  for (const w of CODE_WORDS) if (w.test.test(message) || w.codes.includes(code)) return w.reason;
  if (httpStatus >= 500 || code >= 50000)
    return 'TikTok had a problem answering. Nothing was changed; the add-on tries again later.';
  if ((code >= 40101 && code <= 40199) || /access[ _-]?token/i.test(message))
    return 'TikTok refused the access token: it is missing, wrong, expired or revoked. Connect the ad account again to get a new token.';
  if (code === 40001 || /permission/i.test(message))
    return 'TikTok says the access token may not act for this ad account. Check the advertiser id, or connect the ad account again with that permission.';
  const said = message.trim() === '' ? '' : `: ${message.trim().replace(/\.$/, '')}`;
  return `TikTok refused the request (code ${code})${said}.`;
}

function errorAnswer(code: number, message: string, requestId: string, httpStatus: number, retryLater: boolean) {
  return {
    kind: 'error' as const,
    code,
    message,
    requestId,
    retryLater,
    reason: retryLater
      ? 'TikTok had a problem answering. Nothing was changed; the add-on tries again later.'
      : reasonFor(code, message, httpStatus),
  };
}

/**
 * What one TikTok answer means. Every answer is meant to be HTTP 200 with an
 * envelope `{code, message, request_id, data}`, `code` 0 for success; rate
 * limiting arrives as HTTP 200 with code 40100 (CONNECT.md), and HTTP 429 is
 * taken the same way. A body that is not the envelope (a proxy's HTML page, a
 * cut-off answer) is an error to retry later. The body is read with
 * `parseJsonLossless`, so ids beyond 2^53 in `data` are exact strings.
 */
export function readTikTokAnswer(httpStatus: number, body: string): TikTokAnswer {
  let parsed: unknown;
  try {
    parsed = parseJsonLossless(body);
  } catch {
    if (httpStatus === 429) return { kind: 'rateLimited', code: 429, message: 'Too many requests' };
    return errorAnswer(httpStatus, `HTTP ${httpStatus}: the answer is not JSON`, '', httpStatus, true);
  }
  const env = isObject(parsed) ? parsed : {};
  const rawCode = env.code;
  const code =
    typeof rawCode === 'number'
      ? rawCode
      : typeof rawCode === 'string' && /^-?\d+$/.test(rawCode)
        ? Number(rawCode)
        : null;
  const message = text(env.message);
  const requestId = text(env.request_id);
  if (code === RATE_LIMITED_CODE || httpStatus === 429)
    return { kind: 'rateLimited', code: code ?? 429, message: message || 'Too many requests' };
  if (code === null) {
    // Not the envelope: a proxy or gateway answered. Worth another try unless the request itself was refused (4xx).
    const refused = httpStatus >= 400 && httpStatus < 500;
    return errorAnswer(
      httpStatus,
      `HTTP ${httpStatus}: the answer is not TikTok's envelope`,
      requestId,
      httpStatus,
      !refused,
    );
  }
  if (httpStatus >= 500) return errorAnswer(code, message, requestId, httpStatus, true);
  if (code !== 0 || httpStatus < 200 || httpStatus > 299)
    return errorAnswer(code === 0 ? httpStatus : code, message, requestId, httpStatus, code >= 50000);
  return { kind: 'ok', data: isObject(env.data) ? env.data : {}, requestId };
}

// ---------------------------------------------------------------- data

export interface CodeInfo {
  itemId: string;
  /** VIDEO or CAROUSEL (a photo post). */
  itemType: string;
  postStatus: string;
  authStartUtc: string;
  authEndUtc: string;
  identityType: string;
  identityId: string;
  tiktokName: string;
}

/**
 * `/tt_video/info/`'s `data`: `auth_info {auth_start_time, auth_end_time}`,
 * `item_info {item_id, item_type, status}`, `user_info {identity_type,
 * tiktok_name, identity_id}` (CONNECT.md; bububa `ttvideo.Item`). `auth_info`
 * is also looked for inside `item_info`, where the list answer may carry it.
 */
export function parseVideoInfo(data: Record<string, unknown>): CodeInfo | { error: string } {
  const item = isObject(data.item_info) ? data.item_info : null;
  const itemId = item ? idText(item.item_id) : '';
  if (!item || !/^\d+$/.test(itemId))
    return { error: 'TikTok answered without naming the post this Spark code belongs to; try again later.' };
  const auth = isObject(data.auth_info) ? data.auth_info : isObject(item.auth_info) ? item.auth_info : {};
  const user = isObject(data.user_info) ? data.user_info : {};
  return {
    itemId,
    itemType: text(item.item_type),
    postStatus: text(item.status),
    authStartUtc: text(auth.auth_start_time),
    authEndUtc: text(auth.auth_end_time),
    identityType: text(user.identity_type),
    identityId: idText(user.identity_id),
    tiktokName: text(user.tiktok_name),
  };
}

export interface AuthorizedPost {
  itemId: string;
  itemType: string;
  postStatus: string;
  adAuthStatus: string;
  authStartUtc: string;
  authEndUtc: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  totalPages: number;
  /**
   * Whether the answer said how many pages there are (`page_info.total_page`,
   * or `total_number` and `page_size`). When it did not, `totalPages` is this
   * page, and a caller cannot know it has read everything. Always set by the parsers here.
   */
  pagesKnown?: boolean;
}

function whole(v: unknown): number | null {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null;
}

/** `data.page_info {page, page_size, total_number, total_page}` (CONNECT.md). */
function pageOf<T>(data: Record<string, unknown>, items: T[]): Page<T> {
  const info = isObject(data.page_info) ? data.page_info : {};
  const page = whole(info.page) || 1;
  const total = whole(info.total_page);
  if (total !== null) return { items, page, totalPages: total, pagesKnown: true };
  const count = whole(info.total_number);
  const size = whole(info.page_size);
  if (count !== null && size) return { items, page, totalPages: Math.ceil(count / size), pagesKnown: true };
  return { items, page, totalPages: page, pagesKnown: false };
}

function list(data: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(data.list) ? data.list.filter(isObject) : [];
}

/**
 * `/tt_video/list/`'s `data`: `list[]` of `item_info {item_id, item_type,
 * status}` and `auth_info {ad_auth_status, auth_start_time, auth_end_time}`
 * (CONNECT.md). `auth_info` is taken beside `item_info` or inside it (bububa's
 * `ItemInfo` carries one too). An item without an id is left out.
 */
export function parseVideoList(data: Record<string, unknown>): Page<AuthorizedPost> {
  const items: AuthorizedPost[] = [];
  for (const row of list(data)) {
    const item = isObject(row.item_info) ? row.item_info : {};
    const itemId = idText(item.item_id);
    if (!/^\d+$/.test(itemId)) continue;
    const auth = isObject(row.auth_info) ? row.auth_info : isObject(item.auth_info) ? item.auth_info : {};
    items.push({
      itemId,
      itemType: text(item.item_type),
      postStatus: text(item.status),
      adAuthStatus: text(auth.ad_auth_status),
      authStartUtc: text(auth.auth_start_time),
      authEndUtc: text(auth.auth_end_time),
    });
  }
  return pageOf(data, items);
}

export interface AdLink {
  adId: string;
  itemId: string;
}

/** `/ad/get/`'s `data.list[]`: `ad_id` and `tiktok_item_id`; ads that run no TikTok post (no item id) are left out. */
export function parseAds(data: Record<string, unknown>): Page<AdLink> {
  const items: AdLink[] = [];
  for (const row of list(data)) {
    const adId = idText(row.ad_id);
    const itemId = idText(row.tiktok_item_id);
    if (adId === '' || !/^\d+$/.test(itemId)) continue;
    items.push({ adId, itemId });
  }
  return pageOf(data, items);
}

export interface ReportRow {
  adId: string;
  /** YYYY-MM-DD in the ad account's zone; '' for a lifetime row. */
  day: string;
  spend: number | null;
  conversions: number | null;
  comments: number | null;
}

/**
 * A metric as TikTok sends it: a string such as `"76.73"` or `"116.0"`, `"-"`
 * when empty (CONNECT.md; Airbyte BEHAVIOR.md §3). A number is taken as it is.
 * Empty, `"-"`, null and anything not a plain decimal are null: unknown, never 0.
 */
export function parseMetric(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (!/^-?\d+(?:\.\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/**
 * `/report/integrated/get/`'s `data.list[] {dimensions {ad_id, stat_time_day},
 * metrics {spend, conversion, comments}}`. `ad_id` arrives as an unquoted
 * number above 2^53 (CONNECT.md), so the answer must be read with
 * `parseJsonLossless`: it is then a digit string here, or a safe number, and
 * always comes out as text. `stat_time_day` reads `2020-10-17 00:00:00`.
 */
export function parseReport(data: Record<string, unknown>): Page<ReportRow> {
  const items: ReportRow[] = [];
  for (const row of list(data)) {
    const dims = isObject(row.dimensions) ? row.dimensions : {};
    const metrics = isObject(row.metrics) ? row.metrics : {};
    const adId = idText(dims.ad_id);
    if (!/^\d+$/.test(adId)) continue;
    const dayText = text(dims.stat_time_day).slice(0, 10);
    items.push({
      adId,
      day: isYmd(dayText) ? dayText : '',
      spend: parseMetric(metrics.spend),
      conversions: parseMetric(metrics.conversion),
      comments: parseMetric(metrics.comments),
    });
  }
  return pageOf(data, items);
}

export interface VideoFigures {
  spend: number;
  conversions: number;
  comments: number;
  /** How many ads run this video. */
  ads: number;
  /** Metrics no report row gave a value for ("-" everywhere): unknown, not 0. Always set by figuresPerVideo. */
  noValue?: ('spend' | 'conversions' | 'comments')[];
}

/**
 * Spend, conversions and comments per video: summed over the ads whose
 * `tiktok_item_id` is the video's id (CONNECT.md), keyed by that id. Ids are
 * compared as exact strings. Money is summed in whole cents so that no float
 * drift creeps in. A row repeated (the same ad and day, as paging can repeat
 * rows) counts once, the last one read. A video none of whose ads has a value
 * in the rows is left out: TikTok said nothing about it.
 */
export function figuresPerVideo(ads: readonly AdLink[], rows: readonly ReportRow[]): Map<string, VideoFigures> {
  const itemOfAd = new Map<string, string>();
  const adsOfItem = new Map<string, Set<string>>();
  for (const a of ads) {
    itemOfAd.set(a.adId, a.itemId);
  }
  for (const [adId, itemId] of itemOfAd) {
    const set = adsOfItem.get(itemId) ?? new Set<string>();
    set.add(adId);
    adsOfItem.set(itemId, set);
  }
  const lastRow = new Map<string, ReportRow>();
  for (const r of rows) lastRow.set(`${r.adId}\u0000${r.day}`, r);
  const sums = new Map<string, { cents: number; conv: number; comm: number; seen: Set<string> }>();
  for (const r of lastRow.values()) {
    const itemId = itemOfAd.get(r.adId);
    if (itemId === undefined) continue;
    const s = sums.get(itemId) ?? { cents: 0, conv: 0, comm: 0, seen: new Set<string>() };
    if (r.spend !== null) {
      s.cents += Math.round(r.spend * 100);
      s.seen.add('spend');
    }
    if (r.conversions !== null) {
      s.conv += Math.round(r.conversions);
      s.seen.add('conversions');
    }
    if (r.comments !== null) {
      s.comm += Math.round(r.comments);
      s.seen.add('comments');
    }
    sums.set(itemId, s);
  }
  const out = new Map<string, VideoFigures>();
  for (const [itemId, s] of sums) {
    if (s.seen.size === 0) continue;
    out.set(itemId, {
      spend: s.cents / 100,
      conversions: s.conv,
      comments: s.comm,
      ads: adsOfItem.get(itemId)?.size ?? 0,
      noValue: (['spend', 'conversions', 'comments'] as const).filter((k) => !s.seen.has(k)),
    });
  }
  return out;
}

// ---------------------------------------------------------------- windows

/** TikTok's times are UTC, `YYYY-MM-DD HH:MM:SS` (CONNECT.md; bububa `AuthInfo`: "UTC+0"). Anything else is null. */
export function parseTikTokTime(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(String(s ?? '').trim());
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, se);
  // Date.UTC rolls 31 April over to 1 May: such a day is refused.
  if (new Date(t).getUTCDate() !== d) return null;
  return t;
}

export interface LedgerWindow {
  authorizedOn: string;
  authDays: number;
  expiresOn: string;
}

function localYmd(epochMs: number, zoneOffsetMinutes: (epochMs: number) => number): string {
  return utcMsToYmd(epochMs + zoneOffsetMinutes(epochMs) * 60000);
}

/**
 * TikTok's exact UTC window as the ledger stores it, conservatively:
 * authorizedOn = the start's calendar day in the zone, expiresOn = the
 * calendar day in the zone that contains the end instant (the ledger treats
 * a code as expired from 00:00 of expiresOn, so never later than TikTok),
 * authDays = days between them (at least 1). `zoneOffsetMinutes(epochMs)`
 * gives the zone's offset at an instant (minutes east of UTC, -240 for New
 * York in summer) so core needs no Intl. Null when either time is not TikTok's
 * format or the end is not after the start. For a window that starts and ends
 * on one local day, authDays is 1 and expiresOn is that day.
 */
export function windowFromTikTok(
  startUtc: string,
  endUtc: string,
  zoneOffsetMinutes: (epochMs: number) => number,
): LedgerWindow | null {
  const start = parseTikTokTime(startUtc);
  const end = parseTikTokTime(endUtc);
  if (start === null || end === null || end <= start) return null;
  const authorizedOn = localYmd(start, zoneOffsetMinutes);
  const expiresOn = localYmd(end, zoneOffsetMinutes);
  return { authorizedOn, authDays: Math.max(1, daysBetween(authorizedOn, expiresOn)), expiresOn };
}

// ---------------------------------------------------------------- verdicts

export type PostVerdict = 'live' | 'removed' | 'private' | 'reviewing' | 'unknown';

/**
 * A post's `status` (CONNECT.md, "The account's authorized posts"):
 * `HESITATE_RECOMMEND` is public; `USER_DELETE`, `AUDIT_DELETE` removed;
 * `ONLY_AUTHOR_SEE`, `ONLY_FRIEND_SEE`, `ONLY_USER_PASS` not public;
 * `REVIEW_PENDING` in review. Any other value is unknown, and changes nothing.
 */
export function postVerdict(postStatus: string): PostVerdict {
  switch (
    String(postStatus ?? '')
      .trim()
      .toUpperCase()
  ) {
    case 'HESITATE_RECOMMEND':
      return 'live';
    case 'USER_DELETE':
    case 'AUDIT_DELETE':
      return 'removed';
    case 'ONLY_AUTHOR_SEE':
    case 'ONLY_FRIEND_SEE':
    case 'ONLY_USER_PASS':
      return 'private';
    case 'REVIEW_PENDING':
      return 'reviewing';
    default:
      return 'unknown';
  }
}

export type AuthVerdict = 'authorized' | 'expired' | 'revoked' | 'unknown';

/**
 * `ad_auth_status`: `AUTHORIZED` and `EXPIRED` have been seen; TikTok does not
 * publish the full list (CONNECT.md), so anything else is unknown, and unknown
 * is never read as revoked. (Revocation is inferred elsewhere, from a post
 * missing in a list read completely.)
 */
export function authVerdict(adAuthStatus: string): AuthVerdict {
  switch (
    String(adAuthStatus ?? '')
      .trim()
      .toUpperCase()
  ) {
    case 'AUTHORIZED':
      return 'authorized';
    case 'EXPIRED':
      return 'expired';
    default:
      return 'unknown';
  }
}

/**
 * A key or token as it may be shown: at most its first 3 and last 4
 * characters, and never more than a third of it, e.g. `sk_…9f2a`. '' for ''.
 */
export function maskSecret(secret: string): string {
  const s = String(secret ?? '');
  if (s === '') return '';
  const shown = Math.min(7, Math.floor(s.length / 3));
  const head = Math.min(3, Math.floor((shown * 3) / 7));
  const tail = Math.min(4, shown - head);
  return `${s.slice(0, head)}…${tail > 0 ? s.slice(s.length - tail) : ''}`;
}
