/**
 * UrlFetchApp and HTTPResponse over the emulated network (net/network.ts).
 * https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app
 * https://developers.google.com/apps-script/reference/url-fetch/http-response
 *
 * Scope: the whole service needs script.external_request (scopes.ts), so a
 * manifest with explicit oauthScopes must list it, and simple triggers
 * (LIMITED) and AuthMode.NONE may not call it: "They cannot access services
 * that require authorization" (https://developers.google.com/apps-script/guides/triggers#restrictions),
 * enforced by execution.ts like every other service.
 *
 * Quotas and limits, https://developers.google.com/apps-script/guides/services/quotas
 * (the figures as public READMEs quote the page: "URL Fetch calls 20,000 / day |
 * 100,000 / day", "URL Fetch response size 50 MB / call", "URL Fetch headers
 * 100 / call", "URL Fetch header size 8 KB / call", "URL Fetch POST size 50 MB /
 * call", "URL Fetch URL length 2 KB / call"):
 *   - calls a day: 20,000 consumer, 100,000 Workspace (env.rules.account, as
 *     mail does), a 24-hour window opened by the first request ("Quotas are per
 *     user and reset 24 hours after the first request"); past it "Service
 *     invoked too many times for one day: urlfetch." Each fetch, and each
 *     request of a fetchAll, counts one; a fetchAll that would pass the quota
 *     sends nothing (**guess**, as mail refuses a message whose recipients
 *     would pass it). A followed redirect counts once (**guess**).
 *   - URL length: more than 2,048 characters throws "Limit Exceeded: URLFetch
 *     URL Length." (wording as real accounts report it; the threshold as one
 *     reports it: "URLが2048文字を超えると … 失敗する").
 *   - POST size: a payload over 50,000,000 bytes throws "Limit Exceeded:
 *     URLFetch POST Size." (wording as client code quotes it; KB/MB read as
 *     powers of 1,000, the strict reading, as mail.ts does).
 *   - headers: more than 100, or more than 8,000 bytes of names and values,
 *     throw "Limit Exceeded: URLFetch Headers." / "Limit Exceeded: URLFetch
 *     Header Size." (wordings **guess**, in the form of the two above).
 *   - response size: a body over 50,000,000 bytes throws "Limit Exceeded:
 *     URLFetch Response Size." (wording **guess**).
 * A request refused by a limit is not sent and uses no quota.
 */
import type { Env } from './env';
import { gasError } from './env';
import type { Network } from './net/network';
import { splitUrl } from './net/network';
import { FakeBlob } from './utilities';

export const URLFETCH_DAILY = { consumer: 20000, workspace: 100000 } as const;
export const URL_LENGTH_LIMIT = 2048;
export const POST_SIZE_LIMIT = 50000000;
export const RESPONSE_SIZE_LIMIT = 50000000;
export const HEADERS_LIMIT = 100;
export const HEADER_BYTES_LIMIT = 8000;
/**
 * Redirects followed before giving up. Google's Apps Script page gives no
 * figure; App Engine's URL Fetch (the same "Google's network infrastructure")
 * follows fewer than 5: https://cloud.google.com/appengine/docs/standard/python/refdocs/google.appengine.api.urlfetch
 * (**guess**). Past it the fetch throws "Too many redirects: <url>" (wording **guess**).
 */
export const MAX_REDIRECTS = 5;
/** https://developers.google.com/apps-script/reference/url-fetch ("The default user agent string of UrlFetch service requests"). */
export const USER_AGENT = (scriptId: string) =>
  `Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; id: ${scriptId})`;

const DAY = 24 * 60 * 60 * 1000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface UrlFetchState {
  /** Calls counted in the current 24-hour window. */
  used: number;
  windowStart: number | null;
  /** Calls a day; default from env.rules.account (20,000 consumer, 100,000 Workspace). */
  quota?: number;
  /**
   * What the calls in progress sent: per fetch entry, the modelled latency of
   * each hop. The cost model reads it to price the call (cost.ts fetchPrice).
   */
  trace: number[][];
}

/** The advanced parameters of fetch(url, params): https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetch(String,Object) */
export interface FetchParams {
  contentType?: string;
  headers?: Record<string, unknown>;
  method?: string;
  payload?: unknown;
  useIntranet?: boolean;
  validateHttpsCertificates?: boolean;
  followRedirects?: boolean;
  muteHttpExceptions?: boolean;
  escaping?: boolean;
}

interface Prepared {
  url: string;
  method: string;
  /** As given (for getRequest), and lower-cased (as sent). */
  givenHeaders: Record<string, string>;
  headers: Record<string, string>;
  contentType: string | null;
  payload: Buffer | null;
  payloadText: string;
  followRedirects: boolean;
  muteHttpExceptions: boolean;
  validateHttpsCertificates: boolean;
}

/**
 * Characters a URL may carry as it is: RFC 3986's unreserved and sub-delims,
 * ':' '/' '?' '@' and '%' escapes. Anything else ('"', space, '[', ']', '{',
 * '|', non-ASCII…) makes Apps Script throw "Invalid argument: <url>": observed
 * for an unencoded '"' in a query ("UrlFetchApp 이 URL 안의 큰따옴표를 거부한다 …
 * Exception: Invalid argument: https://…/supplier?cin7_id=in.(\"…\")"); the
 * other characters are a **guess** made strict on purpose: a script must
 * percent-encode what it puts in a query (TikTok's JSON parameters
 * `dimensions=["ad_id"]` included). '#' starts a fragment, which is not sent.
 * `escaping` is accepted but never rewrites the URL here (**guess**: the
 * reference says only "If false reserved characters in the URL aren't escaped").
 */
const URL_OK = /^[A-Za-z0-9\-._~!$&'()*+,;=:/?@%#]*$/;
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

function utf8(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Form encoding of a payload object: https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetch(String,Object) ("A JavaScript object is interpreted as a map of form field names to values"). */
function formEncode(obj: Record<string, unknown>): string {
  return Object.keys(obj)
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(valueText(obj[k]))}`)
    .join('&');
}

function valueText(v: unknown): string {
  if (v instanceof FakeBlob) return v.getDataAsString();
  if (v === null || v === undefined) return '';
  return String(v);
}

function isBlob(v: unknown): v is FakeBlob {
  return v instanceof FakeBlob;
}

/** A JavaScript byte array (Apps Script's Byte[]: -128…127). */
function isByteArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((b) => typeof b === 'number');
}

export class FakeHTTPResponse {
  static gasName = 'HTTPResponse';
  constructor(
    private readonly status: number,
    private readonly headerMap: Record<string, string | string[]>,
    private readonly bytes: Buffer,
  ) {}
  // https://developers.google.com/apps-script/reference/url-fetch/http-response#getResponseCode()
  getResponseCode(): number {
    return this.status;
  }
  /**
   * https://developers.google.com/apps-script/reference/url-fetch/http-response#getContentText()
   * Without a charset the body is read as UTF-8 (**guess**: the reference says
   * "encoded as a string", and the fakes all answer UTF-8).
   */
  getContentText(charset?: string): string {
    if (charset === undefined) return this.bytes.toString('utf8');
    const c = String(charset)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    if (c === 'utf8') return this.bytes.toString('utf8');
    if (c === 'usascii' || c === 'ascii') return this.bytes.toString('ascii');
    if (c === 'iso88591' || c === 'latin1') return this.bytes.toString('latin1');
    if (c === 'utf16le') return this.bytes.toString('utf16le');
    throw new Error(`Unsupported charset: ${charset}`);
  }
  /** Headers with a value given more than once are joined with ", " (**guess**: the reference says "an attribute/value map"). */
  getHeaders(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.headerMap)) out[k] = Array.isArray(v) ? v.join(', ') : v;
    return out;
  }
  // "headers that have multiple values returned as arrays"
  getAllHeaders(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(this.headerMap)) out[k] = Array.isArray(v) ? v.slice() : v;
    return out;
  }
  // https://developers.google.com/apps-script/reference/url-fetch/http-response#getContent()
  getContent(): number[] {
    return new FakeBlob(this.bytes, null, null).getBytes();
  }
  // https://developers.google.com/apps-script/reference/url-fetch/http-response#getBlob()
  getBlob(): FakeBlob {
    return new FakeBlob(Buffer.from(this.bytes), this.contentType(), null);
  }
  private contentType(): string | null {
    for (const [k, v] of Object.entries(this.headerMap))
      if (k.toLowerCase() === 'content-type') return Array.isArray(v) ? (v[0] ?? null) : v;
    return null;
  }
}

export class FakeUrlFetchApp {
  static gasName = 'UrlFetchApp';
  constructor(
    private readonly env: Env,
    readonly state: UrlFetchState,
    private readonly net: Network,
  ) {}

  private get quota(): number {
    return this.state.quota ?? URLFETCH_DAILY[this.env.rules.account === 'consumer' ? 'consumer' : 'workspace'];
  }

  private roll(): void {
    const now = this.env.clock.nowMs();
    if (this.state.windowStart !== null && now - this.state.windowStart >= DAY) {
      this.state.used = 0;
      this.state.windowStart = null;
    }
  }

  /** Calls left in the current window (an emulator helper: Apps Script has no such method). */
  remaining(): number {
    this.roll();
    return Math.max(0, this.quota - this.state.used);
  }

  private take(n: number): void {
    this.roll();
    // https://developers.google.com/apps-script/guides/services/quotas ("Service invoked too many times for one day: urlfetch.")
    if (this.state.used + n > this.quota)
      throw gasError(this.env, 'Service invoked too many times for one day: urlfetch.');
    if (this.state.windowStart === null) this.state.windowStart = this.env.clock.nowMs();
    this.state.used += n;
  }

  // https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetch(String,Object)
  fetch(url: unknown, params?: FetchParams): FakeHTTPResponse {
    const p = this.prepare(url, params);
    this.take(1);
    this.state.trace.push([]);
    return this.send(p, this.state.trace.length - 1);
  }

  /**
   * https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetchAll(Object)
   * Requests are URL strings or objects with `url` and the fetch parameters.
   * Responses come back in the order of the requests; Google's servers run
   * them concurrently ("the fetchAll method is worked by the asynchronous
   * processing. The returned data is reordered by the order of requests":
   * https://gist.github.com/tanaikech/c0f383034045ab63c19604139ecb0728), which
   * is how cost.ts prices the call. Here they are sent one after another in
   * that order. If any request fails (an HTTP error without
   * muteHttpExceptions, a network fault), the whole call throws (**guess**:
   * the reference does not say).
   */
  fetchAll(requests: unknown): FakeHTTPResponse[] {
    if (!Array.isArray(requests)) throw gasError(this.env, 'Invalid argument: requests');
    const prepared = requests.map((r) => {
      if (typeof r === 'string') return this.prepare(r, undefined);
      if (r !== null && typeof r === 'object') {
        const { url, ...rest } = r as FetchParams & { url?: unknown };
        return this.prepare(url, rest);
      }
      return this.prepare(r, undefined);
    });
    this.take(prepared.length);
    const first = this.state.trace.length;
    for (let i = 0; i < prepared.length; i++) this.state.trace.push([]);
    return prepared.map((p, i) => this.send(p, first + i));
  }

  /**
   * https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#getRequest(String,Object)
   * "Returns the request that is made if the operation were invoked. This
   * method does not actually issue the request." The map has "at least the
   * following keys: url, method, contentType, payload, headers" (reference as
   * quoted in JeanRemiDelteil/gas-lib Base/UrlFetchApp.js).
   */
  getRequest(url: unknown, params?: FetchParams): Record<string, unknown> {
    const p = this.prepare(url, params);
    return {
      url: p.url,
      method: p.method.toLowerCase(),
      contentType: p.contentType,
      payload: p.payloadText,
      headers: { ...p.givenHeaders },
      followRedirects: p.followRedirects,
      muteHttpExceptions: p.muteHttpExceptions,
      validateHttpsCertificates: p.validateHttpsCertificates,
      useIntranet: false,
    };
  }

  /**
   * Checks a request as Apps Script does before sending it. Parameter names
   * the reference does not list are ignored (**guess**: one report shows a
   * request sent unchanged with unknown top-level options, tutorialfor.com
   * questions-100815).
   */
  private prepare(rawUrl: unknown, params: FetchParams | undefined): Prepared {
    const o: FetchParams = params !== null && typeof params === 'object' ? params : {};
    if (rawUrl === undefined || rawUrl === null || String(rawUrl) === '')
      throw gasError(this.env, 'Invalid argument: url');
    const url = String(rawUrl);
    if (!splitUrl(url) || !URL_OK.test(url) || BAD_ESCAPE.test(url))
      throw gasError(this.env, `Invalid argument: ${url}`);
    if (url.length > URL_LENGTH_LIMIT) throw gasError(this.env, 'Limit Exceeded: URLFetch URL Length.');
    // "the HTTP method for the request: get, delete, patch, post, or put. The default is get."
    const method = String(o.method ?? 'get').toUpperCase();
    if (!['GET', 'DELETE', 'PATCH', 'POST', 'PUT'].includes(method))
      throw gasError(this.env, `Invalid argument: method`);

    const givenHeaders: Record<string, string> = {};
    const headers: Record<string, string> = {};
    if (o.headers !== undefined && o.headers !== null) {
      if (typeof o.headers !== 'object') throw gasError(this.env, 'Invalid argument: headers');
      for (const [k, v] of Object.entries(o.headers)) {
        const text = valueText(this.env.wrapper.unwrap(v));
        givenHeaders[k] = text;
        headers[k.toLowerCase()] = text;
      }
    }
    let payload: Buffer | null = null;
    let contentType: string | null = o.contentType !== undefined ? String(o.contentType) : null;
    const raw = this.env.wrapper.unwrap(o.payload);
    if (raw !== undefined && raw !== null) {
      if (typeof raw === 'string') payload = Buffer.from(raw, 'utf8');
      else if (isBlob(raw)) {
        payload = Buffer.from(raw.getBytes().map((b) => b & 255));
        contentType = contentType ?? raw.getContentType();
      } else if (isByteArray(raw)) payload = Buffer.from(raw.map((b) => b & 255));
      else if (typeof raw === 'object') {
        const fields: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(raw as Record<string, unknown>)) fields[k] = this.env.wrapper.unwrap(v);
        payload = Buffer.from(formEncode(fields), 'utf8');
      } else payload = Buffer.from(String(raw), 'utf8');
      // "Sets the content type for the request (defaults to 'application/x-www-form-urlencoded')."
      if (contentType === null) contentType = headers['content-type'] ?? 'application/x-www-form-urlencoded';
    }
    if (payload && payload.length > POST_SIZE_LIMIT) throw gasError(this.env, 'Limit Exceeded: URLFetch POST Size.');
    if (contentType !== null) headers['content-type'] = contentType;
    if (headers['user-agent'] === undefined) headers['user-agent'] = USER_AGENT('1FakeScriptIdForTheEmulator');
    const names = Object.keys(headers);
    if (names.length > HEADERS_LIMIT) throw gasError(this.env, 'Limit Exceeded: URLFetch Headers.');
    const headerBytes = names.reduce((n, k) => n + utf8(k) + utf8(headers[k]), 0);
    if (headerBytes > HEADER_BYTES_LIMIT) throw gasError(this.env, 'Limit Exceeded: URLFetch Header Size.');
    // "Certain HTTP methods (for example, GET) do not accept a payload": a GET sends no body (**guess**).
    if (method === 'GET') payload = null;
    return {
      url,
      method,
      givenHeaders,
      headers,
      contentType,
      payload,
      payloadText: payload ? payload.toString('utf8') : '',
      followRedirects: o.followRedirects === undefined ? true : !!o.followRedirects,
      muteHttpExceptions: !!o.muteHttpExceptions,
      validateHttpsCertificates: o.validateHttpsCertificates === undefined ? true : !!o.validateHttpsCertificates,
    };
  }

  /** Sends one prepared request, following redirects if asked; `slot` is its entry in state.trace. */
  private send(p: Prepared, slot: number): FakeHTTPResponse {
    let url = p.url;
    let method = p.method;
    let body = p.payloadText;
    let headers = { ...p.headers };
    for (let hop = 0; ; hop++) {
      const d = this.net.deliver({ method, url, headers, body });
      this.state.trace[slot].push(d.latencyMs);
      if (!d.response) throw gasError(this.env, d.error ?? `Address unavailable: ${url}`);
      const res = d.response;
      const bytes = Buffer.from(res.body ?? '', 'utf8');
      if (bytes.length > RESPONSE_SIZE_LIMIT) throw gasError(this.env, 'Limit Exceeded: URLFetch Response Size.');
      const location = headerValue(res.headers ?? {}, 'location');
      // "If false the fetch doesn't automatically follow HTTP redirects; it returns the original HTTP response."
      if (p.followRedirects && REDIRECTS.has(res.status) && location) {
        if (hop >= MAX_REDIRECTS) throw gasError(this.env, `Too many redirects: ${p.url}`);
        url = new URL(location, url).toString();
        // 303, and 301/302 after a POST, go on as a GET without a body; 307 and 308 keep both (**guess**, as browsers do).
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && method !== 'GET')) {
          method = 'GET';
          body = '';
          headers = { ...headers };
          delete headers['content-type'];
        }
        // The same headers go to the new location (**guess**, the strict reading: a token sent to a
        // host that redirects elsewhere goes along, which the requests record shows).
        continue;
      }
      const response = new FakeHTTPResponse(res.status, res.headers ?? {}, bytes);
      if (res.status >= 400 && !p.muteHttpExceptions) throw gasError(this.env, failureMessage(url, res.status, bytes));
      return response;
    }
  }
}

function headerValue(h: Record<string, string | string[]>, name: string): string | null {
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === name) return Array.isArray(v) ? (v[0] ?? null) : v;
  return null;
}

/**
 * Google's message for an HTTP failure without muteHttpExceptions, as real
 * accounts report it: "Request failed for https://ridewithgps.com returned
 * code 404. Truncated server response: {"success":0,"message":"Record not
 * found"} (use muteHttpExceptions option to examine full response)" (as a
 * ride-scheduling script matches it, word for word), and
 * melissaguyre/mixpanel-segmentation-google-spreadsheets#12: "Request failed
 * for http://mixpanel.com returned code 400. …". The URL is named by its
 * scheme and host only. A long body is cut: "…content=\"no-cache\" ... (use
 * muteHttpExceptions" (fredericharnois/facebook-ads-reporting-google-apps-script#29)
 * shows 147 characters and "...", as does cesarhuret/docGPT#3 ("…fonts.googleapis....
 * (use"); the cut length is read from the first report: **guess**.
 */
export function failureMessage(url: string, status: number, bytes: Buffer): string {
  const origin = splitUrl(url)?.origin ?? url;
  const text = bytes.toString('utf8');
  const shown = text.length > 150 ? `${text.slice(0, 147)}...` : text;
  return `Request failed for ${origin} returned code ${status}. Truncated server response: ${shown} (use muteHttpExceptions option to examine full response)`;
}
