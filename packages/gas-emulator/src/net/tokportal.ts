/**
 * A fake TokPortal API at https://app.tokportal.com/api/ext, with the Spark
 * code ("ad code") requests.
 *
 * Sources (developers.tokportal.com):
 *   - https://developers.tokportal.com/authentication/: header `X-API-Key`
 *     (keys `sk_…`); an invalid key answers {"error": {"code":
 *     "AUTH_INVALID_KEY", "message": "The provided API key is invalid."}};
 *     success bodies are {"data": …}.
 *   - https://developers.tokportal.com/errors/: errors are {"error": {"code",
 *     "message", "details"}}; AUTH_MISSING_KEY, AUTH_INVALID_KEY, AUTH_REVOKED_KEY
 *     401; RATE_LIMIT_EXCEEDED 429; INSUFFICIENT_CREDITS 402 ("Response includes
 *     required, available, missing … in details"); every response carries
 *     `X-TokPortal-Request-ID: req_…`.
 *   - https://developers.tokportal.com/rate-limits/: "120 requests per minute
 *     per API key … a token bucket algorithm that refills continuously"
 *     ("approximately 2 tokens per second"); authenticated responses carry
 *     X-RateLimit-Limit / X-RateLimit-Remaining / X-RateLimit-Reset (a Unix
 *     time when the bucket is full again); a 429 carries Retry-After and
 *     {"error": {"code": "RATE_LIMIT_EXCEEDED", "message": "Too many requests.
 *     Please slow down.", "details": {"retry_after_seconds": …}}}. The bucket
 *     runs on the emulator clock.
 *   - https://developers.tokportal.com/ad-code-request/: `POST
 *     /videos/:id/ad-code-request` asks the account manager for a Spark code
 *     (7 credits; the video must be finalized; only one open request per
 *     video); `GET` the same path returns the latest request, whose `code` is
 *     null until the manager delivers it.
 * **Guesses** beyond these pages: the request's fields ({id, video_id,
 * platform, note, status, code, created_at, updated_at}), status `in_review`
 * from creation to `finalized` (CONNECT.md), 201 on creation, and the
 * error codes VIDEO_NOT_FOUND (404), VIDEO_NOT_FINALIZED (409),
 * AD_CODE_REQUEST_IN_PROGRESS (409), AD_CODE_REQUEST_NOT_FOUND (404),
 * VALIDATION_ERROR (400), NOT_FOUND (404), with their messages; the missing-key
 * message.
 */
import { headerOf, jsonResponse, tryJson } from './json';
import type { NetRequest, NetResponse, Network, RouteOptions } from './network';

export const TOKPORTAL_BASE = 'https://app.tokportal.com/api/ext';
export const TOKPORTAL_RATE = { perMinute: 120, refillPerSecond: 2 } as const;
export const AD_CODE_CREDITS = 7;

export interface TokPortalVideo {
  id: string;
  platform: 'tiktok' | 'instagram';
  finalized: boolean;
}

export interface AdCodeRequest {
  id: string;
  video_id: string;
  platform: string;
  note: string;
  status: 'in_review' | 'finalized';
  code: string | null;
  created_at: string;
  updated_at: string;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class FakeTokPortal {
  readonly keys = new Map<string, { revoked: boolean }>();
  readonly videos = new Map<string, TokPortalVideo>();
  /** Every ad code request, per video, oldest first. */
  readonly adCodeRequests = new Map<string, AdCodeRequest[]>();
  /** Credits left; Infinity: never short. */
  credits = Infinity;
  private buckets = new Map<string, Bucket>();
  private seq = 0;
  private clockMs: () => number = () => Date.now();

  /** Mounts the fake at https://app.tokportal.com/api/ext. */
  install(net: Network, opts: RouteOptions = {}): this {
    this.clockMs = () => net.clock.nowMs();
    net.route(TOKPORTAL_BASE, this.handler, opts);
    return this;
  }

  addKey(key: string): void {
    this.keys.set(key, { revoked: false });
  }

  revokeKey(key: string): void {
    const k = this.keys.get(key);
    if (k) k.revoked = true;
  }

  addVideo(id: string, opts: { platform?: 'tiktok' | 'instagram'; finalized?: boolean } = {}): TokPortalVideo {
    const v: TokPortalVideo = {
      id: String(id),
      platform: opts.platform ?? 'tiktok',
      finalized: opts.finalized ?? true,
    };
    this.videos.set(v.id, v);
    return v;
  }

  /** The account manager delivers the code: the latest request becomes finalized with it. */
  finalize(videoId: string, code: string): AdCodeRequest {
    const r = this.latest(videoId);
    if (!r) throw new Error(`No ad code request for video ${videoId}`);
    r.status = 'finalized';
    r.code = code;
    r.updated_at = new Date(this.clockMs()).toISOString();
    return r;
  }

  latest(videoId: string): AdCodeRequest | undefined {
    const list = this.adCodeRequests.get(String(videoId));
    return list ? list[list.length - 1] : undefined;
  }

  /** Tokens left in a key's bucket now. */
  tokensLeft(key: string): number {
    return this.refill(key, this.clockMs()).tokens;
  }

  private refill(key: string, now: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: TOKPORTAL_RATE.perMinute, at: now };
      this.buckets.set(key, b);
    }
    const elapsed = Math.max(0, now - b.at) / 1000;
    b.tokens = Math.min(TOKPORTAL_RATE.perMinute, b.tokens + elapsed * TOKPORTAL_RATE.refillPerSecond);
    b.at = now;
    return b;
  }

  private error(
    status: number,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): NetResponse {
    return jsonResponse(status, { error: { code, message, details } }, headers);
  }

  readonly handler = (req: NetRequest): NetResponse => {
    this.seq++;
    const base: Record<string, string> = { 'X-TokPortal-Request-ID': `req_${String(this.seq).padStart(10, '0')}` };
    const key = headerOf(req.headers, 'x-api-key');
    if (key === undefined || key === '')
      return this.error(401, 'AUTH_MISSING_KEY', 'No X-API-Key header was provided in the request.', {}, base);
    const k = this.keys.get(key);
    if (!k) return this.error(401, 'AUTH_INVALID_KEY', 'The provided API key is invalid.', {}, base);
    if (k.revoked) return this.error(401, 'AUTH_REVOKED_KEY', 'The API key has been revoked.', {}, base);

    const bucket = this.refill(key, req.now);
    const fullAt = (b: Bucket) =>
      String(
        Math.ceil((req.now + ((TOKPORTAL_RATE.perMinute - b.tokens) / TOKPORTAL_RATE.refillPerSecond) * 1000) / 1000),
      );
    if (bucket.tokens < 1) {
      const wait = Math.max(1, Math.ceil((1 - bucket.tokens) / TOKPORTAL_RATE.refillPerSecond));
      return this.error(
        429,
        'RATE_LIMIT_EXCEEDED',
        'Too many requests. Please slow down.',
        { retry_after_seconds: wait },
        {
          ...base,
          'Retry-After': String(wait),
          'X-RateLimit-Limit': String(TOKPORTAL_RATE.perMinute),
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset': fullAt(bucket),
        },
      );
    }
    bucket.tokens -= 1;
    const headers = {
      ...base,
      'X-RateLimit-Limit': String(TOKPORTAL_RATE.perMinute),
      'X-RateLimit-Remaining': String(Math.floor(bucket.tokens)),
      'X-RateLimit-Reset': fullAt(bucket),
    };

    const path = req.path.replace(/^\/api\/ext/, '');
    const m = /^\/videos\/([^/]+)\/ad-code-request\/?$/.exec(path);
    if (!m) return this.error(404, 'NOT_FOUND', 'No such endpoint.', {}, headers);
    const videoId = decodeURIComponent(m[1]);
    const video = this.videos.get(videoId);
    if (!video) return this.error(404, 'VIDEO_NOT_FOUND', `Video ${videoId} was not found.`, {}, headers);
    if (req.method === 'GET') {
      const r = this.latest(videoId);
      if (!r)
        return this.error(404, 'AD_CODE_REQUEST_NOT_FOUND', 'No ad code request exists for this video.', {}, headers);
      return jsonResponse(200, { data: { ...r } }, headers);
    }
    if (req.method !== 'POST') return this.error(404, 'NOT_FOUND', 'No such endpoint.', {}, headers);
    const body = tryJson(req.body);
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      return this.error(400, 'VALIDATION_ERROR', 'The request body must be a JSON object.', {}, headers);
    const b = body as { note?: unknown; platform?: unknown };
    if (b.platform !== 'tiktok')
      return this.error(400, 'VALIDATION_ERROR', 'platform must be "tiktok".', { field: 'platform' }, headers);
    if (b.note !== undefined && typeof b.note !== 'string')
      return this.error(400, 'VALIDATION_ERROR', 'note must be a string.', { field: 'note' }, headers);
    if (!video.finalized || video.platform !== 'tiktok')
      return this.error(409, 'VIDEO_NOT_FINALIZED', 'The video must be a finalized TikTok video.', {}, headers);
    const open = this.latest(videoId);
    if (open && open.status !== 'finalized')
      return this.error(
        409,
        'AD_CODE_REQUEST_IN_PROGRESS',
        'An ad code request is already in progress for this video.',
        { request_id: open.id },
        headers,
      );
    if (this.credits < AD_CODE_CREDITS)
      return this.error(
        402,
        'INSUFFICIENT_CREDITS',
        'Not enough credits.',
        { required: AD_CODE_CREDITS, available: this.credits, missing: AD_CODE_CREDITS - this.credits },
        headers,
      );
    this.credits -= AD_CODE_CREDITS;
    const stamp = new Date(req.now).toISOString();
    const created: AdCodeRequest = {
      id: `acr_${String(this.seq).padStart(6, '0')}`,
      video_id: videoId,
      platform: 'tiktok',
      note: typeof b.note === 'string' ? b.note : '',
      status: 'in_review',
      code: null,
      created_at: stamp,
      updated_at: stamp,
    };
    const list = this.adCodeRequests.get(videoId) ?? [];
    list.push(created);
    this.adCodeRequests.set(videoId, list);
    return jsonResponse(201, { data: { ...created } }, headers);
  };
}
