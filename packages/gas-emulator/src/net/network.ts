/**
 * The emulated Internet that UrlFetchApp talks to: routes (a host, or a URL
 * prefix) answered by in-process handlers, a record of every request as it
 * was sent, and network faults. Nothing here opens a socket.
 *
 * A test mounts fake servers on it (`new FakeTikTokBusiness().install(emu.net)`)
 * or answers a route itself (`emu.net.route('api.example.com', (req) => ({ status: 200, body: 'ok' }))`).
 * A request to a host no route answers fails as Google's fetch fails for a
 * name that does not resolve (see urlfetch.ts).
 */
import type { Clock } from '../clock';

/** A request as a server receives it. */
export interface NetRequest {
  /** Upper-case: 'GET', 'POST'… */
  method: string;
  /** The URL as sent, without its fragment (a fragment never leaves the client). */
  url: string;
  /** scheme://host[:port], as Google's error messages name it. */
  origin: string;
  /** Lower-case host name, with the port if the URL names one. */
  host: string;
  /** The path, still percent-encoded as sent ('/open_api/v1.3/tt_video/info/'). */
  path: string;
  /**
   * The query string decoded as servers decode a form (application/x-www-form-urlencoded:
   * '+' is a space, %XX a byte). A name given twice keeps its last value.
   */
  query: Record<string, string>;
  /** The raw query string after '?', as sent. */
  rawQuery: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** The body as UTF-8 text ('' when none). */
  body: string;
  /** The emulator clock when the request arrives (ms since the epoch). */
  now: number;
}

/** What a handler answers. `headers` keep the case the server gives them. */
export interface NetResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string;
}

export type NetHandler = (req: NetRequest) => NetResponse;

export interface RouteOptions {
  /**
   * Modelled server time for each request on this route, in ms. Added to the
   * call's price at every level of the cost model (cost.ts), so it moves the
   * clock only when `costModel` is set, as every other cost does.
   */
  latencyMs?: number;
}

/** One request as it left the script: what tests assert on (counts, and that no secret went where it should not). */
export interface SentRequest {
  url: string;
  method: string;
  /** Names lower-cased, as sent (the user agent included). */
  headers: Record<string, string>;
  body: string;
  /** Emulator clock when it was sent. */
  at: number;
  /** The status answered, or null when nothing answered (no route, a network fault). */
  status: number | null;
  /** Why nothing answered ('DNS error: …', 'Address unavailable: …'), else null. */
  error: string | null;
}

export interface NetFaultOptions {
  /** Matching requests to let through before failing (default 0). */
  after?: number;
  /** How many matching requests fail once failing starts (default 1; Infinity for all). */
  times?: number;
  /** The error thrown (default "Address unavailable: <url>"). */
  message?: string;
  /**
   * 'before' (default): the request never reaches the server.
   * 'after': the server acts on it, then the answer is lost, the case where a
   * retry can apply a change twice.
   */
  when?: 'before' | 'after';
}

interface Route {
  key: string;
  handler: NetHandler;
  latencyMs: number;
}

interface NetFault {
  key: string;
  after: number;
  times: number;
  message?: string;
  when: 'before' | 'after';
  seen: number;
  failed: number;
}

/** The outcome of sending one request. */
export interface Delivery {
  response: NetResponse | null;
  /** Set when nothing answered: the message UrlFetchApp throws. */
  error: string | null;
  latencyMs: number;
}

function normalizeKey(hostOrPrefix: string): string {
  const k = String(hostOrPrefix).trim();
  if (!k) throw new Error('net.route needs a host or a URL prefix');
  return k.includes('://') ? k : k.toLowerCase();
}

/** Parses an absolute http(s) URL into the parts a request carries, or null. */
export function splitUrl(
  url: string,
): { origin: string; host: string; path: string; rawQuery: string; withoutFragment: string } | null {
  const m = /^(https?):\/\/([^/?#]+)([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(url);
  if (!m) return null;
  const scheme = m[1].toLowerCase();
  const authority = m[2];
  if (authority.includes('@') || !/^[A-Za-z0-9.-]+(:\d+)?$/.test(authority)) return null;
  const host = authority.toLowerCase();
  const path = m[3] || '/';
  const rawQuery = m[4] ? m[4].slice(1) : '';
  const withoutFragment = `${scheme}://${authority}${m[3] ?? ''}${m[4] ?? ''}`;
  return { origin: `${scheme}://${host}`, host, path, rawQuery, withoutFragment };
}

/** Decodes a query string as a form: '+' is a space; a broken escape is kept as text. */
export function parseQuery(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  const decode = (s: string): string => {
    const t = s.replace(/\+/g, ' ');
    try {
      return decodeURIComponent(t);
    } catch {
      return t;
    }
  };
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    out[name] = eq < 0 ? '' : decode(part.slice(eq + 1));
  }
  return out;
}

export class Network {
  private routes: Route[] = [];
  private faults: NetFault[] = [];
  /** Every request as it was sent, in order. */
  readonly requests: SentRequest[] = [];

  constructor(readonly clock: Clock) {}

  /**
   * Answers requests to a host ('business-api.tiktok.com', every scheme and
   * path) or to URLs starting with a prefix ('https://app.tokportal.com/api/ext').
   * The longest matching prefix wins over a host; a later route for the same
   * key replaces the earlier one.
   */
  route(hostOrPrefix: string, handler: NetHandler, opts: RouteOptions = {}): void {
    const key = normalizeKey(hostOrPrefix);
    this.routes = this.routes.filter((r) => r.key !== key);
    this.routes.push({ key, handler, latencyMs: Math.max(0, opts.latencyMs ?? 0) });
  }

  unroute(hostOrPrefix: string): void {
    const key = normalizeKey(hostOrPrefix);
    this.routes = this.routes.filter((r) => r.key !== key);
  }

  /** The hosts and prefixes answered now. */
  routeKeys(): string[] {
    return this.routes.map((r) => r.key);
  }

  /** Changes the modelled latency of a mounted route. */
  setLatency(hostOrPrefix: string, latencyMs: number): void {
    const key = normalizeKey(hostOrPrefix);
    const r = this.routes.find((x) => x.key === key);
    if (!r) throw new Error(`No route for ${hostOrPrefix}`);
    r.latencyMs = Math.max(0, latencyMs);
  }

  /** Makes matching requests fail as the network fails ("Address unavailable: <url>"). */
  failOn(hostOrPrefix: string, opts: NetFaultOptions = {}): void {
    this.faults.push({
      key: normalizeKey(hostOrPrefix),
      after: opts.after ?? 0,
      times: opts.times ?? 1,
      message: opts.message,
      when: opts.when ?? 'before',
      seen: 0,
      failed: 0,
    });
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Forgets the recorded requests (routes and faults stay). */
  reset(): void {
    this.requests.length = 0;
  }

  /** Requests whose URL starts with `prefix`, or to `host` (all without an argument). */
  sent(hostOrPrefix?: string): SentRequest[] {
    if (hostOrPrefix === undefined) return this.requests.slice();
    const key = normalizeKey(hostOrPrefix);
    return this.requests.filter((r) => matches(key, r.url, splitUrl(r.url)?.host ?? ''));
  }

  private find(url: string, host: string): Route | null {
    let best: Route | null = null;
    let bestLen = -1;
    for (const r of this.routes) {
      if (!matches(r.key, url, host)) continue;
      // A URL prefix is more specific than a bare host.
      const len = r.key.includes('://') ? r.key.length + 1000 : r.key.length;
      if (len > bestLen) {
        best = r;
        bestLen = len;
      }
    }
    return best;
  }

  private fault(url: string, host: string, when: 'before' | 'after'): string | null {
    for (const f of this.faults) {
      if (f.when !== when || !matches(f.key, url, host)) continue;
      if (f.seen < f.after) {
        f.seen++;
        continue;
      }
      if (f.failed < f.times) {
        f.failed++;
        return f.message ?? `Address unavailable: ${url}`;
      }
    }
    return null;
  }

  /** Sends one request (already checked by UrlFetchApp) and records it. */
  deliver(req: Omit<NetRequest, 'now' | 'query' | 'origin' | 'host' | 'path' | 'rawQuery'>): Delivery {
    const parts = splitUrl(req.url);
    const now = this.clock.nowMs();
    const record: SentRequest = {
      url: req.url,
      method: req.method,
      headers: { ...req.headers },
      body: req.body,
      at: now,
      status: null,
      error: null,
    };
    this.requests.push(record);
    if (!parts) {
      record.error = `DNS error: ${req.url}`;
      return { response: null, error: record.error, latencyMs: 0 };
    }
    const route = this.find(parts.withoutFragment, parts.host);
    const before = this.fault(parts.withoutFragment, parts.host, 'before');
    if (before) {
      record.error = before;
      return { response: null, error: before, latencyMs: route?.latencyMs ?? 0 };
    }
    if (!route) {
      // Observed wording for a host that does not resolve: "Exception: DNS error: http://localhost:8082/…".
      record.error = `DNS error: ${req.url}`;
      return { response: null, error: record.error, latencyMs: 0 };
    }
    const incoming: NetRequest = {
      method: req.method,
      url: parts.withoutFragment,
      origin: parts.origin,
      host: parts.host,
      path: parts.path,
      query: parseQuery(parts.rawQuery),
      rawQuery: parts.rawQuery,
      headers: { ...req.headers },
      body: req.body,
      now,
    };
    const answer = route.handler(incoming);
    const response: NetResponse = {
      status: answer.status,
      headers: answer.headers ? { ...answer.headers } : {},
      body: answer.body ?? '',
    };
    const after = this.fault(parts.withoutFragment, parts.host, 'after');
    if (after) {
      record.error = after;
      return { response: null, error: after, latencyMs: route.latencyMs };
    }
    record.status = response.status;
    return { response, error: null, latencyMs: route.latencyMs };
  }
}

function matches(key: string, url: string, host: string): boolean {
  if (key.includes('://')) return url.toLowerCase().startsWith(key.toLowerCase());
  const bare = host.replace(/:\d+$/, '');
  return key === host || key === bare;
}
