import {
  DEFAULT_RETRY_AFTER_SECONDS,
  TOKPORTAL_BASE,
  adCodePoll,
  adCodeRequest,
  readTokPortalAnswer,
} from '../../src/core/connect/tokportal';

describe('TokPortal requests', () => {
  it('asks for a code with a note, for TikTok', () => {
    const r = adCodeRequest('sk_test_123', 'vid_42', 'Spring launch, 30 days');
    expect(r).toEqual({
      url: `${TOKPORTAL_BASE}/videos/vid_42/ad-code-request`,
      method: 'post',
      headers: { 'X-API-Key': 'sk_test_123' },
      payload: JSON.stringify({ note: 'Spring launch, 30 days', platform: 'tiktok' }),
      contentType: 'application/json',
      muteHttpExceptions: true,
      followRedirects: false,
    });
  });

  it('polls the same path, and keeps an odd id inside its path segment', () => {
    const r = adCodePoll('sk_test_123', 'vid_42');
    expect(r).toMatchObject({ url: `${TOKPORTAL_BASE}/videos/vid_42/ad-code-request`, method: 'get' });
    expect(r.payload).toBeUndefined();
    expect(adCodePoll('k', '../admin?x=1').url).toBe(`${TOKPORTAL_BASE}/videos/..%2Fadmin%3Fx%3D1/ad-code-request`);
  });
});

describe('readTokPortalAnswer', () => {
  it('reads the request at the top level or under data, the code null until set', () => {
    expect(readTokPortalAnswer(200, {}, '{"id":"r1","status":"in_review","code":null}')).toEqual({
      kind: 'ok',
      status: 'in_review',
      code: null,
    });
    expect(readTokPortalAnswer(200, {}, '{"data":{"status":"finalized","code":"#abcDEF123+/="}}')).toEqual({
      kind: 'ok',
      status: 'finalized',
      code: '#abcDEF123+/=',
    });
    expect(readTokPortalAnswer(201, {}, '{"data":{"status":"in_review","code":""}}')).toEqual({
      kind: 'ok',
      status: 'in_review',
      code: null,
    });
  });

  it('waits as long as Retry-After says on 429, in seconds or as a date', () => {
    expect(readTokPortalAnswer(429, { 'Retry-After': '17' }, '')).toEqual({
      kind: 'rateLimited',
      retryAfterSeconds: 17,
    });
    expect(readTokPortalAnswer(429, { 'retry-after': '0' }, '{}')).toEqual({
      kind: 'rateLimited',
      retryAfterSeconds: 1,
    });
    expect(
      readTokPortalAnswer(
        429,
        { 'Retry-After': 'Wed, 21 Oct 2026 07:28:30 GMT', Date: 'Wed, 21 Oct 2026 07:28:00 GMT' },
        '{"error":{"code":"rate_limited","message":"Too many requests"}}',
      ),
    ).toEqual({ kind: 'rateLimited', retryAfterSeconds: 30 });
    expect(
      readTokPortalAnswer(429, { 'Retry-After': 'Wed, 21 Oct 2026 07:30:00 GMT' }, '', Date.UTC(2026, 9, 21, 7, 28, 0)),
    ).toEqual({ kind: 'rateLimited', retryAfterSeconds: 120 });
  });

  it('waits the default when Retry-After is missing or unreadable', () => {
    const cases: Record<string, string>[] = [
      {},
      { 'Retry-After': 'soon' },
      { 'Retry-After': 'Wed, 21 Oct 2026 07:30:00 GMT' },
    ];
    for (const headers of cases)
      expect(readTokPortalAnswer(429, headers, '')).toEqual({
        kind: 'rateLimited',
        retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS,
      });
    expect(DEFAULT_RETRY_AFTER_SECONDS).toBe(60);
  });

  it("reads TokPortal's error body", () => {
    expect(
      readTokPortalAnswer(
        404,
        {},
        '{"error":{"code":"not_found","message":"Video not found","details":{"id":"vid_42"}}}',
      ),
    ).toEqual({ kind: 'error', status: 404, code: 'not_found', message: 'Video not found', retryLater: false });
    expect(readTokPortalAnswer(401, {}, '{"error":{"code":"unauthorized","message":"Invalid API key"}}')).toMatchObject(
      {
        kind: 'error',
        code: 'unauthorized',
        retryLater: false,
      },
    );
    expect(readTokPortalAnswer(500, {}, '{"error":{"code":"internal","message":"oops"}}')).toMatchObject({
      kind: 'error',
      retryLater: true,
    });
  });

  it('retries later on faults and bodies that are not its JSON', () => {
    expect(readTokPortalAnswer(502, {}, '<html>Bad Gateway</html>')).toMatchObject({
      kind: 'error',
      status: 502,
      code: 'not_json',
      retryLater: true,
    });
    expect(readTokPortalAnswer(200, {}, '{"status":')).toMatchObject({ kind: 'error', retryLater: true });
    expect(readTokPortalAnswer(200, {}, '{"ok":true}')).toMatchObject({
      kind: 'error',
      code: 'unexpected_answer',
      retryLater: true,
    });
    expect(readTokPortalAnswer(403, {}, 'Forbidden')).toMatchObject({ kind: 'error', retryLater: false });
  });
});
