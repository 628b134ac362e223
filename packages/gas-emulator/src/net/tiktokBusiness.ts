/**
 * A fake TikTok API for Business (Marketing API v1.3) at
 * https://business-api.tiktok.com/open_api/v1.3/ with the endpoints Spark
 * codes need, traps included.
 *
 * Sources: TikTok's reference pages as stored in github.com/ckr2436/Tiktok-OPS
 * (docs/tiktok_api/pages/API Reference/…: "Get info about a Spark Ad post",
 * "Apply an authorization code", "Get Spark Ad posts", "Get ads", "Run a
 * synchronous report"); Airbyte's TikTok Marketing connector
 * (airbytehq/airbyte, airbyte-integrations/connectors/source-tiktok-marketing:
 * BEHAVIOR.md and unit_tests/test_source.py); TikTok's Ads Manager help page
 * "About Spark Ads Code Error Notifications"
 * (https://ads.us.tiktok.com/help/article/about-spark-ads-code-error-notifications-in-tiktok-ads-manager);
 * CONNECT.md (the TikTok and TokPortal API notes).
 *
 * Every answer is HTTP 200 with the envelope {code, message, request_id, data};
 * code 0 is success ("TikTok's API does not use standard HTTP 429 status codes
 * for rate limiting. Instead, it returns HTTP 200 with a code field … set to
 * 40100", BEHAVIOR.md §6). A path the fake does not serve answers HTTP 404
 * (**guess**).
 */
import { instantToWall } from '../tz';
import { headerOf, jsonResponse, parseDay, parseUtcStamp, tryJson, utcStamp } from './json';
import type { NetRequest, NetResponse, Network, RouteOptions } from './network';

export const TIKTOK_BUSINESS_BASE = 'https://business-api.tiktok.com/open_api/v1.3/';

/** The envelope codes the fake answers. */
export const TIKTOK_CODE = {
  OK: 0,
  /** The token does not cover the advertiser (**guess**: code and message; seen in client tests as a permission error). */
  NO_PERMISSION: 40001,
  /** A missing or invalid parameter (TikTok's reference names 40002 for request errors; messages **guess**). */
  PARAM_ERROR: 40002,
  /** Rate limited, HTTP 200 (BEHAVIOR.md §6; message from unit_tests/test_source.py). */
  RATE_LIMITED: 40100,
  /** A wrong, revoked or missing token ("Access token is incorrect or has been revoked.", test_source.py; for a missing header **guess**). */
  TOKEN_INVALID: 40105,
  /** Ads Manager's "4002 video_deleted" (help page); the API's use of it **guess**. */
  VIDEO_DELETED: 4002,
  /** Ads Manager's "4013 auth_code_format_error" (help page); the API's use of it **guess**. */
  AUTH_CODE_FORMAT_ERROR: 4013,
  /** Ads Manager's "4025 auth_code_expired" (help page); the API's use of it **guess**. */
  AUTH_CODE_EXPIRED: 4025,
  /** The help page gives "auth_code_not_found" no number: the fake answers 40002 with that name (**guess**). */
  AUTH_CODE_NOT_FOUND: 40002,
} as const;

export const TIKTOK_MESSAGE = {
  OK: 'OK',
  RATE_LIMITED: 'App reaches the QPS limit.',
  TOKEN_INVALID: 'Access token is incorrect or has been revoked.',
  AUTH_CODE_NOT_FOUND: 'auth_code_not_found: The code has been deleted.',
  AUTH_CODE_FORMAT_ERROR: 'auth_code_format_error: The post code is incorrect.',
  AUTH_CODE_EXPIRED: 'auth_code_expired: Authorization expired. Contact the creator to extend the authorization.',
  VIDEO_DELETED: 'video_deleted: The video has been deleted and cannot be used to create ads.',
} as const;

export type TikTokItemType = 'VIDEO' | 'CAROUSEL';
/** A metric as stored: a number, or '-' for an empty value (or any text, answered as is). */
export type MetricValue = number | string;

export interface TikTokPost {
  authCode: string;
  /** The 19-digit id in the post's URL. */
  itemId: string;
  itemType: TikTokItemType;
  /** HESITATE_RECOMMEND (public), USER_DELETE, AUDIT_DELETE, ONLY_AUTHOR_SEE, ONLY_FRIEND_SEE, ONLY_USER_PASS, REVIEW_PENDING. */
  status: string;
  text: string;
  /** UTC, 'YYYY-MM-DD HH:MM:SS'. */
  authStart: string;
  authEnd: string;
  /** Forces ad_auth_status in the list; otherwise AUTHORIZED, or EXPIRED once auth_end_time has passed. */
  adAuthStatus?: string;
  identity: { identityType: string; identityId: string; tiktokName: string };
  duration: number;
  /** The creator deleted the code. */
  revoked: boolean;
}

export interface TikTokAd {
  /** Digits only: TikTok's ids pass 2^53. */
  adId: string;
  /** tiktok_item_id: the post used as Spark creative. */
  itemId: string;
  adName: string;
  identityType: string;
  identityId: string;
  /** ENABLE, DISABLE, FROZEN. */
  operationStatus: string;
}

export interface TikTokAdvertiser {
  id: string;
  /** The ad account's time zone: report dates are in it. */
  timeZone: string;
  /** The ad account's currency (ISO 4217): spend is reported in it. */
  currency: string;
  /** Auth codes applied to the account, in the order they were applied. */
  authorized: string[];
  ads: TikTokAd[];
  /** ad_id → day (YYYY-MM-DD in the account's zone) → metric → value. */
  stats: Map<string, Map<string, Record<string, MetricValue>>>;
}

export interface AddPostInput {
  authCode: string;
  itemId: string;
  itemType?: TikTokItemType;
  status?: string;
  text?: string;
  authStart: string;
  authEnd: string;
  adAuthStatus?: string;
  identity?: Partial<TikTokPost['identity']>;
  duration?: number;
  /** Also apply the code to this ad account (as POST tt_video/authorize/ would). */
  advertiserId?: string;
}

export interface DailyStatsInput {
  adId: string;
  /** 'YYYY-MM-DD' in the ad account's zone, or an instant (its day in that zone). */
  day: string | Date;
  spend?: MetricValue;
  conversion?: MetricValue;
  comments?: MetricValue;
  /** Any other metric by name (impressions, clicks…). */
  metrics?: Record<string, MetricValue>;
}

/** Metrics the fake's report accepts. */
export const REPORT_METRICS: readonly string[] = [
  'spend',
  'conversion',
  'comments',
  'impressions',
  'clicks',
  'likes',
  'shares',
  'follows',
  'reach',
  'video_play_actions',
];

/** An auth code's shape: TikTok's own example is "#1Ea2bcde3fUM/ghijEk/L4mOceft5deFRq6za7JsgnAJ8PB9n1XIr1rC1b/5Rw4=". */
const AUTH_CODE_SHAPE = /^#?[A-Za-z0-9+/]{8,}={0,2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;
const RAW = '@@raw-number@@';

class Refusal {
  constructor(
    readonly code: number,
    readonly message: string,
  ) {}
}

function refuse(code: number, message: string): never {
  throw new Refusal(code, message);
}

/**
 * A metric string as TikTok writes it: "76.73", whole numbers with one
 * decimal ("116.0", "10505.0" in the reference's example); '-' and other
 * text as stored.
 */
export function metricText(v: MetricValue | undefined): string {
  if (v === undefined) return '0.0';
  if (typeof v === 'string') return v;
  const r = Math.round(v * 1e6) / 1e6;
  return Number.isInteger(r) ? r.toFixed(1) : String(r);
}

function pageArgs(q: Record<string, string>, def: number, max: number): { page: number; size: number } {
  const page = q.page === undefined ? 1 : Number(q.page);
  const size = q.page_size === undefined ? def : Number(q.page_size);
  if (!Number.isInteger(page) || page < 1) refuse(TIKTOK_CODE.PARAM_ERROR, 'page: Must be greater than or equal to 1.');
  if (!Number.isInteger(size) || size < 1 || size > max)
    refuse(TIKTOK_CODE.PARAM_ERROR, `page_size: Must be between 1 and ${max}.`);
  return { page, size };
}

function paged<T>(all: T[], page: number, size: number): { list: T[]; page_info: Record<string, number> } {
  return {
    list: all.slice((page - 1) * size, page * size),
    page_info: { page, page_size: size, total_number: all.length, total_page: Math.ceil(all.length / size) },
  };
}

function jsonArray(q: Record<string, string>, name: string): string[] | undefined {
  if (q[name] === undefined) return undefined;
  const v = tryJson(q[name]);
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    refuse(TIKTOK_CODE.PARAM_ERROR, `${name}: Not a valid list.`);
  return v as string[];
}

export class FakeTikTokBusiness {
  readonly advertisers = new Map<string, TikTokAdvertiser>();
  /** Access token → the advertiser ids it covers. */
  readonly tokens = new Map<string, { advertiserIds: string[]; revoked: boolean }>();
  /** Posts by auth code. */
  readonly posts = new Map<string, TikTokPost>();
  /** While true every request is answered 40100. */
  rateLimited = false;
  /** Requests the fake has answered. */
  served = 0;
  private limit: { after: number; times: number; seen: number; hit: number } | null = null;
  private seq = 0;
  private clockMs: () => number = () => Date.now();

  /** Mounts the fake at https://business-api.tiktok.com/open_api/v1.3/. */
  install(net: Network, opts: RouteOptions = {}): this {
    this.clockMs = () => net.clock.nowMs();
    net.route(TIKTOK_BUSINESS_BASE, this.handler, opts);
    return this;
  }

  // ---- state helpers -------------------------------------------------------

  addAdvertiser(id: string, opts: { timeZone?: string; currency?: string; token?: string } = {}): TikTokAdvertiser {
    const a: TikTokAdvertiser = {
      id: String(id),
      timeZone: opts.timeZone ?? 'UTC',
      currency: opts.currency ?? 'USD',
      authorized: [],
      ads: [],
      stats: new Map(),
    };
    this.advertisers.set(a.id, a);
    if (opts.token) {
      const t = this.tokens.get(opts.token);
      if (t) t.advertiserIds.push(a.id);
      else this.addToken(opts.token, [a.id]);
    }
    return a;
  }

  /** A long-lived advertiser token, as POST /oauth2/access_token/ hands out, covering these ad accounts. */
  addToken(token: string, advertiserIds: string[]): void {
    this.tokens.set(token, { advertiserIds: advertiserIds.map(String), revoked: false });
  }

  revokeToken(token: string): void {
    const t = this.tokens.get(token);
    if (t) t.revoked = true;
  }

  /** An authorized post (a creator's Spark code), optionally already applied to an ad account. */
  addPost(p: AddPostInput): TikTokPost {
    for (const t of [p.authStart, p.authEnd])
      if (Number.isNaN(parseUtcStamp(t))) throw new Error(`Times are UTC 'YYYY-MM-DD HH:MM:SS': ${t}`);
    const post: TikTokPost = {
      authCode: p.authCode,
      itemId: String(p.itemId),
      itemType: p.itemType ?? 'VIDEO',
      status: p.status ?? 'HESITATE_RECOMMEND',
      text: p.text ?? '',
      authStart: p.authStart,
      authEnd: p.authEnd,
      adAuthStatus: p.adAuthStatus,
      identity: {
        identityType: p.identity?.identityType ?? 'AUTH_CODE',
        identityId: p.identity?.identityId ?? `ident-${p.itemId}`,
        tiktokName: p.identity?.tiktokName ?? 'creator',
      },
      duration: p.duration ?? 15.0,
      revoked: false,
    };
    this.posts.set(post.authCode, post);
    if (p.advertiserId !== undefined) this.authorizePost(p.advertiserId, post.authCode);
    return post;
  }

  /** Applies a code to an ad account without a request. */
  authorizePost(advertiserId: string, authCode: string): void {
    const a = this.account(advertiserId);
    if (!a.authorized.includes(authCode)) a.authorized.push(authCode);
  }

  addAd(advertiserId: string, ad: Partial<TikTokAd> & { adId: string; itemId: string }): TikTokAd {
    if (!/^\d+$/.test(ad.adId)) throw new Error(`ad ids are digits: ${ad.adId}`);
    const full: TikTokAd = {
      adId: ad.adId,
      itemId: String(ad.itemId),
      adName: ad.adName ?? `Spark ad ${ad.adId}`,
      identityType: ad.identityType ?? 'AUTH_CODE',
      identityId: ad.identityId ?? `ident-${ad.itemId}`,
      operationStatus: ad.operationStatus ?? 'ENABLE',
    };
    this.account(advertiserId).ads.push(full);
    return full;
  }

  /** One day of an ad's numbers; a metric given again for the same day replaces the earlier value. */
  addDailyStats(advertiserId: string, s: DailyStatsInput): void {
    if (!/^\d+$/.test(s.adId)) throw new Error(`ad ids are digits: ${s.adId}`);
    const a = this.account(advertiserId);
    const day = typeof s.day === 'string' ? s.day : this.localDay(a, s.day.getTime());
    if (Number.isNaN(parseDay(day))) throw new Error(`Days are 'YYYY-MM-DD': ${day}`);
    let byDay = a.stats.get(s.adId);
    if (!byDay) {
      byDay = new Map();
      a.stats.set(s.adId, byDay);
    }
    const row = byDay.get(day) ?? {};
    if (s.spend !== undefined) row.spend = s.spend;
    if (s.conversion !== undefined) row.conversion = s.conversion;
    if (s.comments !== undefined) row.comments = s.comments;
    Object.assign(row, s.metrics ?? {});
    byDay.set(day, row);
  }

  /** The creator deleted the code: it is no longer found, nor listed (**guess**). */
  revokeCode(authCode: string): void {
    this.post(authCode).revoked = true;
  }

  /** The authorization window ends now (or at `at`). */
  expireCode(authCode: string, at?: Date): void {
    this.post(authCode).authEnd = utcStamp((at ? at.getTime() : this.clockMs()) - 1000);
  }

  /** The creator deleted the post: its status becomes USER_DELETE. */
  deletePost(itemId: string, status = 'USER_DELETE'): void {
    for (const p of this.posts.values()) if (p.itemId === String(itemId)) p.status = status;
  }

  /**
   * Rate limiting: after `after` more requests (default 0), the next `times`
   * (default all) are answered 40100. null stops it.
   */
  rateLimit(opts: { after?: number; times?: number } | null): void {
    this.limit = opts ? { after: opts.after ?? 0, times: opts.times ?? Infinity, seen: 0, hit: 0 } : null;
  }

  /** The ad account's date now (YYYY-MM-DD in its zone). */
  today(advertiserId: string): string {
    return this.localDay(this.account(advertiserId), this.clockMs());
  }

  private localDay(a: TikTokAdvertiser, ms: number): string {
    return new Date(instantToWall(a.timeZone, ms)).toISOString().slice(0, 10);
  }

  private account(id: string): TikTokAdvertiser {
    const a = this.advertisers.get(String(id));
    if (!a) throw new Error(`No advertiser ${id}: addAdvertiser first`);
    return a;
  }

  private post(authCode: string): TikTokPost {
    const p = this.posts.get(authCode);
    if (!p) throw new Error(`No post with code ${authCode}`);
    return p;
  }

  // ---- the server ----------------------------------------------------------

  readonly handler = (req: NetRequest): NetResponse => {
    this.served++;
    const route = req.path.replace(/^\/open_api\/v1\.3\//, '');
    const endpoints: Record<string, (r: NetRequest, ids: string[]) => unknown> = {
      'GET advertiser/info/': (r, ids) => this.advertiserInfo(r.query, ids),
      'GET tt_video/info/': (r, ids) => this.ttVideoInfo(r.query, ids),
      'POST tt_video/authorize/': (r, ids) => this.ttVideoAuthorize(r, ids),
      'GET tt_video/list/': (r, ids) => this.ttVideoList(r.query, ids),
      'GET ad/get/': (r, ids) => this.adGet(r.query, ids),
      'GET report/integrated/get/': (r, ids) => this.report(r.query, ids),
    };
    const endpoint = endpoints[`${req.method} ${route}`];
    if (!endpoint) return { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'Not Found' };
    const requestId = this.requestId(req.now);
    try {
      if (this.limited()) refuse(TIKTOK_CODE.RATE_LIMITED, TIKTOK_MESSAGE.RATE_LIMITED);
      const ids = this.tokenAdvertisers(req);
      const data = endpoint(req, ids);
      if (typeof data === 'string') {
        // A report: its JSON text is built by hand (ad_id as a bare number).
        return {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
          body: `{"code":0,"message":"OK","request_id":${JSON.stringify(requestId)},"data":${data}}`,
        };
      }
      return jsonResponse(200, { code: 0, message: TIKTOK_MESSAGE.OK, request_id: requestId, data });
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      return jsonResponse(200, { code: e.code, message: e.message, request_id: requestId, data: {} });
    }
  };

  private requestId(now: number): string {
    this.seq++;
    // TikTok's look like "202011250924260101151531911200759C": a timestamp, then digits and hex.
    return `${utcStamp(now).replace(/\D/g, '')}${String(this.seq).padStart(12, '0')}${(this.seq * 2654435761).toString(16).slice(-6).toUpperCase()}`;
  }

  private limited(): boolean {
    if (this.rateLimited) return true;
    const l = this.limit;
    if (!l) return false;
    if (l.seen < l.after) {
      l.seen++;
      return false;
    }
    if (l.hit < l.times) {
      l.hit++;
      return true;
    }
    return false;
  }

  /** "Header Access-Token: <token> (no Bearer)": a value with "Bearer " in front is no token of ours. */
  private tokenAdvertisers(req: NetRequest): string[] {
    const token = headerOf(req.headers, 'access-token');
    const t = token === undefined ? undefined : this.tokens.get(token);
    if (!t || t.revoked) refuse(TIKTOK_CODE.TOKEN_INVALID, TIKTOK_MESSAGE.TOKEN_INVALID);
    return t.advertiserIds;
  }

  private advertiserFor(value: unknown, ids: string[]): TikTokAdvertiser {
    if (value === undefined || value === null || value === '')
      refuse(TIKTOK_CODE.PARAM_ERROR, 'advertiser_id: Missing data for required field.');
    const id = String(value);
    const a = this.advertisers.get(id);
    if (!a || !ids.includes(id)) refuse(TIKTOK_CODE.NO_PERMISSION, `No permission to operate advertiser_id ${id}.`);
    return a;
  }

  /**
   * An auth code as the fake receives it (already percent-decoded by the
   * server; a '+' sent unencoded arrives as a space, a '#' sent unencoded
   * cut the query short and never arrives): the checks Ads Manager names.
   */
  private lookUp(code: unknown, now: number): TikTokPost {
    if (code === undefined || code === '')
      refuse(TIKTOK_CODE.PARAM_ERROR, 'auth_code: Missing data for required field.');
    const text = String(code);
    if (!AUTH_CODE_SHAPE.test(text)) refuse(TIKTOK_CODE.AUTH_CODE_FORMAT_ERROR, TIKTOK_MESSAGE.AUTH_CODE_FORMAT_ERROR);
    const p = this.posts.get(text);
    if (!p || p.revoked) refuse(TIKTOK_CODE.AUTH_CODE_NOT_FOUND, TIKTOK_MESSAGE.AUTH_CODE_NOT_FOUND);
    if (parseUtcStamp(p.authEnd) < now) refuse(TIKTOK_CODE.AUTH_CODE_EXPIRED, TIKTOK_MESSAGE.AUTH_CODE_EXPIRED);
    return p;
  }

  private itemInfo(p: TikTokPost): Record<string, unknown> {
    return {
      auth_code: p.authCode,
      item_id: p.itemId,
      item_type: p.itemType,
      status: p.status,
      text: p.text,
      // "When item_type is VIDEO, the value of this field will be null."
      carousel_info: p.itemType === 'CAROUSEL' ? { image_info: [], music_info: null } : null,
    };
  }

  private videoInfo(p: TikTokPost): Record<string, unknown> {
    // "When item_type is CAROUSEL, the values for the parameters within the video_info object will be null."
    if (p.itemType === 'CAROUSEL') return { duration: null, poster_url: null, preview_url: null };
    const visible = p.status === 'HESITATE_RECOMMEND';
    return {
      duration: p.duration,
      poster_url: `https://p16-sign.tiktokcdn.com/poster/${p.itemId}.jpeg`,
      // "Returns empty string "" if the authorization expires or if the TikTok Post Item Status … is not HESITATE_RECOMMEND."
      preview_url: visible ? `https://v16m.tiktokcdn.com/preview/${p.itemId}.mp4` : '',
    };
  }

  private userInfo(p: TikTokPost): Record<string, unknown> {
    return {
      identity_type: p.identity.identityType,
      tiktok_name: p.identity.tiktokName,
      identity_id: p.identity.identityId,
    };
  }

  /** GET tt_video/info/?advertiser_id=…&auth_code=… ("Get info about a Spark Ad post"). */
  private ttVideoInfo(q: Record<string, string>, ids: string[]): unknown {
    this.advertiserFor(q.advertiser_id, ids);
    const p = this.lookUp(q.auth_code, this.clockMs());
    return {
      auth_info: { auth_start_time: p.authStart, auth_end_time: p.authEnd },
      item_info: this.itemInfo(p),
      user_info: this.userInfo(p),
      video_info: this.videoInfo(p),
    };
  }

  /**
   * POST tt_video/authorize/ with a JSON body {advertiser_id, auth_code}
   * ("Apply an authorization code"): data {}. A code already applied to the
   * account is refused (the code is then IN_USE, enum AuthCodeStatus of
   * github.com/bububa/tiktok-business; code and message **guess**), which is
   * why a resubmission after an uncertain answer fails.
   */
  private ttVideoAuthorize(r: NetRequest, ids: string[]): unknown {
    const body = tryJson(r.body);
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      refuse(TIKTOK_CODE.PARAM_ERROR, 'The request body is not valid JSON.');
    const b = body as Record<string, unknown>;
    const a = this.advertiserFor(b.advertiser_id, ids);
    const p = this.lookUp(b.auth_code, this.clockMs());
    if (p.status === 'USER_DELETE' || p.status === 'AUDIT_DELETE')
      refuse(TIKTOK_CODE.VIDEO_DELETED, TIKTOK_MESSAGE.VIDEO_DELETED);
    if (a.authorized.includes(p.authCode))
      refuse(TIKTOK_CODE.PARAM_ERROR, 'auth_code is IN_USE: the post is already authorized for this ad account.');
    a.authorized.push(p.authCode);
    return {};
  }

  /** GET tt_video/list/ ("Get Spark Ad posts"): page ≥ 1, page_size 1–50 (default 20), keyword, item_types. */
  private ttVideoList(q: Record<string, string>, ids: string[]): unknown {
    const a = this.advertiserFor(q.advertiser_id, ids);
    const { page, size } = pageArgs(q, 20, 50);
    const types = jsonArray(q, 'item_types') ?? ['VIDEO', 'CAROUSEL'];
    const now = this.clockMs();
    let posts = a.authorized
      .map((c) => this.posts.get(c))
      .filter((p): p is TikTokPost => !!p && !p.revoked && types.includes(p.itemType));
    const kw = q.keyword;
    if (kw !== undefined && kw !== '') {
      if (kw.length > 500) refuse(TIKTOK_CODE.PARAM_ERROR, 'keyword: Length must be at most 500.');
      // "provide a numeric string with a minimum length of 19 characters. This search type supports exact matches."
      posts = /^\d{19,}$/.test(kw)
        ? posts.filter((p) => p.itemId === kw)
        : posts.filter((p) => p.text.toLowerCase().includes(kw.toLowerCase()));
    }
    const items = posts.map((p) => ({
      item_info: this.itemInfo(p),
      auth_info: {
        ad_auth_status: p.adAuthStatus ?? (parseUtcStamp(p.authEnd) < now ? 'EXPIRED' : 'AUTHORIZED'),
        auth_start_time: p.authStart,
        auth_end_time: p.authEnd,
        invite_start_time: p.authStart,
      },
      user_info: this.userInfo(p),
      video_info: this.videoInfo(p),
    }));
    return paged(items, page, size);
  }

  /**
   * GET advertiser/info/ ("Get ad account details"): advertiser_ids a JSON
   * list, fields a JSON list; data.list[] {advertiser_id, name, currency,
   * timezone, status}. Shape as public clients read it (advertiser_ids and
   * fields as JSON arrays, currency and timezone in each item); the maximum
   * list length (100) is a **guess**.
   */
  private advertiserInfo(q: Record<string, string>, ids: string[]): unknown {
    const asked = jsonArray(q, 'advertiser_ids');
    if (!asked || asked.length === 0)
      refuse(TIKTOK_CODE.PARAM_ERROR, 'advertiser_ids: Missing data for required field.');
    if (asked.length > 100) refuse(TIKTOK_CODE.PARAM_ERROR, 'advertiser_ids: Max size 100.');
    return {
      list: asked.map((id) => {
        const a = this.advertiserFor(id, ids);
        return {
          advertiser_id: a.id,
          name: `Ad account ${a.id}`,
          currency: a.currency,
          timezone: a.timeZone,
          status: 'STATUS_ENABLE',
        };
      }),
    };
  }

  /** GET ad/get/ ("Get ads"): ad_id as a JSON string; page_size 1–1,000 (default 10); filtering {"ad_ids": […]}. */
  private adGet(q: Record<string, string>, ids: string[]): unknown {
    const a = this.advertiserFor(q.advertiser_id, ids);
    const { page, size } = pageArgs(q, 10, 1000);
    let ads = a.ads;
    if (q.filtering !== undefined) {
      const f = tryJson(q.filtering);
      if (f === null || typeof f !== 'object' || Array.isArray(f))
        refuse(TIKTOK_CODE.PARAM_ERROR, 'filtering: Not a valid object.');
      const only = (f as { ad_ids?: unknown }).ad_ids;
      if (only !== undefined) {
        if (!Array.isArray(only)) refuse(TIKTOK_CODE.PARAM_ERROR, 'filtering.ad_ids: Not a valid list.');
        if (only.length > 100) refuse(TIKTOK_CODE.PARAM_ERROR, 'filtering.ad_ids: Max size 100.');
        const set = new Set(only.map(String));
        ads = ads.filter((x) => set.has(x.adId));
      }
    }
    const list = ads.map((x) => ({
      advertiser_id: a.id,
      ad_id: x.adId,
      ad_name: x.adName,
      tiktok_item_id: x.itemId,
      identity_type: x.identityType,
      identity_id: x.identityId,
      operation_status: x.operationStatus,
    }));
    return paged(list, page, size);
  }

  /**
   * GET report/integrated/get/ ("Run a synchronous report"), BASIC /
   * AUCTION_AD with dimensions ["ad_id"] or ["ad_id","stat_time_day"].
   * Dates are the ad account's ("The date is based on the ad account time
   * zone"); with stat_time_day "the query time range cannot exceed 30 days",
   * without it 365; query_lifetime=true ignores the dates and gives totals per
   * ad ("Breakdown by time … is not supported when querying for lifetime
   * metrics"). page_size 1–1,000, default 10.
   *
   * The traps, from the reference's own example: metric values are strings
   * ("spend": "76.73", "clicks": "116.0"), empty ones "-" (BEHAVIOR.md §3), and
   * dimensions.ad_id is a bare JSON number ("ad_id": 1678604629756978) that
   * keeps all its digits even past 2^53, so JSON.parse loses some. The JSON
   * text is therefore built by hand. Rows: only ads with numbers in the
   * period; newest day first, then ads in the order added (TikTok: "Not
   * sorting by default"; the order is a **guess**). A metric an ad has no
   * value for reads "0.0" (**guess**).
   */
  private report(q: Record<string, string>, ids: string[]): string {
    const a = this.advertiserFor(q.advertiser_id, ids);
    if (q.report_type === undefined) refuse(TIKTOK_CODE.PARAM_ERROR, 'report_type: Missing data for required field.');
    if (q.report_type !== 'BASIC') refuse(TIKTOK_CODE.PARAM_ERROR, 'report_type: Must be one of: BASIC.');
    if (q.data_level !== 'AUCTION_AD') refuse(TIKTOK_CODE.PARAM_ERROR, 'data_level: Must be one of: AUCTION_AD.');
    const dims = jsonArray(q, 'dimensions');
    if (!dims) refuse(TIKTOK_CODE.PARAM_ERROR, 'dimensions: Missing data for required field.');
    const byDay = dims.includes('stat_time_day');
    const dimsOk = dims.includes('ad_id') && dims.length === (byDay ? 2 : 1) && new Set(dims).size === dims.length;
    if (!dimsOk) refuse(TIKTOK_CODE.PARAM_ERROR, 'dimensions: Must be ["ad_id"] or ["ad_id", "stat_time_day"].');
    const metrics = jsonArray(q, 'metrics') ?? ['spend', 'impressions'];
    for (const m of metrics)
      if (!REPORT_METRICS.includes(m)) refuse(TIKTOK_CODE.PARAM_ERROR, `metrics: Invalid metric ${m}.`);
    const lifetime = q.query_lifetime === 'true' || q.query_lifetime === 'True';
    let from = '';
    let to = '';
    if (lifetime) {
      if (byDay) refuse(TIKTOK_CODE.PARAM_ERROR, 'Breakdown by time is not supported when query_lifetime is true.');
    } else {
      if (q.start_date === undefined || q.end_date === undefined)
        refuse(TIKTOK_CODE.PARAM_ERROR, 'start_date and end_date are required when query_lifetime is false.');
      const start = parseDay(q.start_date);
      const end = parseDay(q.end_date);
      if (Number.isNaN(start) || Number.isNaN(end))
        refuse(TIKTOK_CODE.PARAM_ERROR, 'start_date, end_date: Must be in the format YYYY-MM-DD.');
      if (end < start) refuse(TIKTOK_CODE.PARAM_ERROR, 'end_date: Must not be earlier than start_date.');
      const span = (end - start) / DAY_MS + 1;
      if (byDay && span > 30)
        refuse(
          TIKTOK_CODE.PARAM_ERROR,
          'When dimensions contain stat_time_day, the query time range cannot exceed 30 days.',
        );
      if (span > 365) refuse(TIKTOK_CODE.PARAM_ERROR, 'The query time range cannot exceed 365 days.');
      from = q.start_date;
      to = q.end_date;
    }
    const { page, size } = pageArgs(q, 10, 1000);
    const inRange = (day: string) => lifetime || (day >= from && day <= to);

    type Row = { adId: string; day: string | null; values: Record<string, MetricValue[]> };
    const rows: Row[] = [];
    for (const [adId, days] of a.stats) {
      const picked = [...days.entries()].filter(([day]) => inRange(day));
      if (picked.length === 0) continue;
      if (byDay) {
        for (const [day, row] of picked)
          rows.push({
            adId,
            day,
            values: Object.fromEntries(metrics.map((m) => [m, row[m] === undefined ? [] : [row[m]]])),
          });
      } else {
        const values: Record<string, MetricValue[]> = {};
        for (const m of metrics) values[m] = picked.map(([, row]) => row[m]).filter((v) => v !== undefined);
        rows.push({ adId, day: null, values });
      }
    }
    const order = [...a.stats.keys()];
    rows.sort((x, y) => (y.day ?? '').localeCompare(x.day ?? '') || order.indexOf(x.adId) - order.indexOf(y.adId));
    const slice = rows.slice((page - 1) * size, page * size);
    const list = slice.map((r) => {
      const m: Record<string, string> = {};
      for (const name of metrics) m[name] = metricText(total(r.values[name]));
      const d: Record<string, string> = { ad_id: `${RAW}${r.adId}${RAW}` };
      if (r.day !== null) d.stat_time_day = `${r.day} 00:00:00`;
      return { metrics: m, dimensions: d };
    });
    const data = {
      page_info: { total_number: rows.length, page, page_size: size, total_page: Math.ceil(rows.length / size) },
      list,
    };
    return JSON.stringify(data).replace(new RegExp(`"${RAW}(\\d+)${RAW}"`, 'g'), '$1');
  }
}

/** Adds up a metric over days: '-' when every value is '-' (or there are none to add but dashes), text kept when only one. */
function total(values: MetricValue[]): MetricValue | undefined {
  if (values.length === 0) return undefined;
  if (values.length === 1) return values[0];
  const numbers = values.map((v) => (typeof v === 'number' ? v : Number(v))).filter((n) => Number.isFinite(n));
  if (numbers.length === 0) return '-';
  return numbers.reduce((s, n) => s + n, 0);
}
