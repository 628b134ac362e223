import fc from 'fast-check';
import { parseJsonLossless } from '../../src/core/connect/json';
import {
  advertiserInfoRequest,
  parseAdvertisers,
  MAX_DAILY_SPAN_DAYS,
  RATE_LIMITED_CODE,
  TIKTOK_BASE,
  adGetRequest,
  authVerdict,
  authorizeRequest,
  dailyReportRequest,
  dailySpans,
  figuresPerVideo,
  lifetimeReportRequest,
  maskSecret,
  parseAds,
  parseMetric,
  parseReport,
  parseTikTokTime,
  parseVideoInfo,
  parseVideoList,
  postVerdict,
  readTikTokAnswer,
  videoInfoRequest,
  videoListRequest,
  windowFromTikTok,
} from '../../src/core/connect/tiktok';
import { addDays, daysBetween, expiryDate, startOfDay } from '../../src/core/ledger/dates';

/** TikTok's own example code (CONNECT.md): it holds `# / =`. */
const EXAMPLE_CODE = '#1Ea2bcde3fUM/ghijEk/L4mOceft5deFRq6za7JsgnAJ8PB9n1XIr1rC1b/5Rw4=';

function params(url: string): Record<string, string> {
  const q = url.slice(url.indexOf('?') + 1);
  return Object.fromEntries(new URLSearchParams(q).entries());
}

function envelope(data: unknown, code = 0, message = 'OK'): string {
  return JSON.stringify({ code, message, request_id: '202011250924260101151531911200759C', data });
}

describe('requests', () => {
  it('checks a code with the code percent-encoded, so + / = # arrive intact', () => {
    const r = videoInfoRequest('tok', '7000000000000000001', EXAMPLE_CODE);
    expect(r.url).toBe(
      `${TIKTOK_BASE}tt_video/info/?advertiser_id=7000000000000000001&auth_code=%231Ea2bcde3fUM%2FghijEk%2FL4mOceft5deFRq6za7JsgnAJ8PB9n1XIr1rC1b%2F5Rw4%3D`,
    );
    expect(params(r.url).auth_code).toBe(EXAMPLE_CODE);
    expect(videoInfoRequest('tok', '1', '#ab+cd/ef==').url).toContain('auth_code=%23ab%2Bcd%2Fef%3D%3D');
    expect(r).toMatchObject({
      method: 'get',
      headers: { 'Access-Token': 'tok' },
      muteHttpExceptions: true,
      followRedirects: false,
    });
    expect(r.payload).toBeUndefined();
  });

  it('sends the token without Bearer', () => {
    for (const r of [
      videoListRequest('tok', '1', 1),
      adGetRequest('tok', '1', 1),
      lifetimeReportRequest('tok', '1', 1),
      authorizeRequest('tok', '1', EXAMPLE_CODE),
    ])
      expect(r.headers).toEqual({ 'Access-Token': 'tok' });
  });

  it('lists authorized posts 50 a page unless asked for fewer, never more', () => {
    expect(params(videoListRequest('tok', '42', 3).url)).toEqual({ advertiser_id: '42', page: '3', page_size: '50' });
    expect(params(videoListRequest('tok', '42', 1, 20).url).page_size).toBe('20');
    expect(() => videoListRequest('tok', '42', 1, 51)).toThrow(RangeError);
    expect(() => videoListRequest('tok', '42', 1, 0)).toThrow(RangeError);
    expect(() => videoListRequest('tok', '42', 0)).toThrow(RangeError);
  });

  it('gets ads 1,000 a page', () => {
    const r = adGetRequest('tok', '42', 2);
    expect(r.url.startsWith(`${TIKTOK_BASE}ad/get/?`)).toBe(true);
    expect(params(r.url)).toEqual({ advertiser_id: '42', page: '2', page_size: '1000' });
  });

  it('asks for lifetime figures per ad', () => {
    const r = lifetimeReportRequest('tok', '42', 1);
    expect(r.url.startsWith(`${TIKTOK_BASE}report/integrated/get/?`)).toBe(true);
    const p = params(r.url);
    expect(p).toMatchObject({
      advertiser_id: '42',
      report_type: 'BASIC',
      data_level: 'AUCTION_AD',
      query_lifetime: 'true',
      page: '1',
      page_size: '1000',
    });
    expect(JSON.parse(p.dimensions)).toEqual(['ad_id']);
    expect(JSON.parse(p.metrics)).toEqual(['spend', 'conversion', 'comments']);
    expect(JSON.parse(p.filtering)).toEqual([
      { field_name: 'ad_status', filter_type: 'IN', filter_value: '["STATUS_ALL"]' },
    ]);
    expect(p.start_date).toBeUndefined();
  });

  it('asks for daily figures over at most 30 days', () => {
    const p = params(dailyReportRequest('tok', '42', '2026-01-01', '2026-01-30', 2).url);
    expect(JSON.parse(p.dimensions)).toEqual(['ad_id', 'stat_time_day']);
    expect(p).toMatchObject({ start_date: '2026-01-01', end_date: '2026-01-30', page: '2', page_size: '1000' });
    expect(p.query_lifetime).toBeUndefined();
    expect(() => dailyReportRequest('tok', '42', '2026-01-01', '2026-01-31', 1)).toThrow(RangeError);
    expect(() => dailyReportRequest('tok', '42', '2026-02-01', '2026-01-31', 1)).toThrow(RangeError);
    expect(() => dailyReportRequest('tok', '42', '2026-02-30', '2026-03-01', 1)).toThrow(RangeError);
    expect(() => dailyReportRequest('tok', '42', '2026-03-01', '2026-03-01', 1)).not.toThrow();
  });

  it('cuts a long range into spans a daily report takes', () => {
    const spans = dailySpans('2026-01-01', '2026-03-15');
    expect(spans[0]).toEqual({ startDate: '2026-01-01', endDate: '2026-01-30' });
    expect(spans[spans.length - 1].endDate).toBe('2026-03-15');
    for (let i = 0; i < spans.length; i++) {
      expect(daysBetween(spans[i].startDate, spans[i].endDate) + 1).toBeLessThanOrEqual(MAX_DAILY_SPAN_DAYS);
      if (i > 0) expect(spans[i].startDate).toBe(addDays(spans[i - 1].endDate, 1));
      expect(() => dailyReportRequest('t', '1', spans[i].startDate, spans[i].endDate, 1)).not.toThrow();
    }
  });

  it('applies a code with a JSON body', () => {
    const r = authorizeRequest('tok', '42', EXAMPLE_CODE);
    expect(r).toMatchObject({
      url: `${TIKTOK_BASE}tt_video/authorize/`,
      method: 'post',
      contentType: 'application/json',
    });
    expect(JSON.parse(r.payload!)).toEqual({ advertiser_id: '42', auth_code: EXAMPLE_CODE });
  });
});

describe('readTikTokAnswer', () => {
  it('reads a success, keeping big ids exact', () => {
    const a = readTikTokAnswer(
      200,
      '{"code":0,"message":"OK","request_id":"r1","data":{"list":[{"ad_id":7412345678901234567890}]}}',
    );
    expect(a).toEqual({ kind: 'ok', data: { list: [{ ad_id: '7412345678901234567890' }] }, requestId: 'r1' });
    expect(readTikTokAnswer(200, '{"code":0,"message":"OK","request_id":"r2","data":{}}')).toEqual({
      kind: 'ok',
      data: {},
      requestId: 'r2',
    });
  });

  it('takes code 40100 on HTTP 200, and HTTP 429, as rate limiting', () => {
    expect(readTikTokAnswer(200, envelope({}, RATE_LIMITED_CODE, 'Too many requests'))).toEqual({
      kind: 'rateLimited',
      code: 40100,
      message: 'Too many requests',
    });
    expect(readTikTokAnswer(429, 'Too Many Requests')).toMatchObject({ kind: 'rateLimited', code: 429 });
    expect(readTikTokAnswer(429, envelope({}, 40100, 'slow down'))).toMatchObject({ kind: 'rateLimited', code: 40100 });
  });

  it('gives envelope errors a plain reason', () => {
    const expired = readTikTokAnswer(200, envelope({}, 4025, 'auth_code_expired'));
    expect(expired).toMatchObject({ kind: 'error', code: 4025, retryLater: false, requestId: expect.any(String) });
    if (expired.kind === 'error') expect(expired.reason).toMatch(/expired.*extend the authorization/);
    const format = readTikTokAnswer(200, envelope({}, 4013, 'auth_code_format_error'));
    if (format.kind === 'error') expect(format.reason).toMatch(/paste the whole code/);
    const notFound = readTikTokAnswer(200, envelope({}, 40002, 'auth_code_not_found'));
    if (notFound.kind === 'error') expect(notFound.reason).toMatch(/does not know this Spark code/);
    const deleted = readTikTokAnswer(200, envelope({}, 40002, 'video_deleted'));
    if (deleted.kind === 'error') expect(deleted.reason).toMatch(/deleted/);
    const token = readTikTokAnswer(200, envelope({}, 40105, 'The access token is invalid or has been revoked.'));
    expect(token).toMatchObject({ kind: 'error', code: 40105, retryLater: false });
    if (token.kind === 'error') expect(token.reason).toMatch(/access token/);
    const other = readTikTokAnswer(200, envelope({}, 40002, 'advertiser_id is required.'));
    if (other.kind === 'error')
      expect(other.reason).toBe('TikTok refused the request (code 40002): advertiser_id is required.');
    for (const a of [expired, format, notFound, deleted, token, other]) {
      expect(a.kind).toBe('error');
      if (a.kind === 'error') {
        expect(a.reason).not.toMatch(/undefined|null|\[object/);
        expect(a.reason.endsWith('.')).toBe(true);
      }
    }
  });

  it('retries later on TikTok faults and on bodies that are not its JSON', () => {
    expect(readTikTokAnswer(200, envelope({}, 50000, 'System error'))).toMatchObject({
      kind: 'error',
      retryLater: true,
    });
    expect(readTikTokAnswer(503, envelope({}, 51000, 'busy'))).toMatchObject({ kind: 'error', retryLater: true });
    expect(readTikTokAnswer(502, '<html>Bad Gateway</html>')).toMatchObject({
      kind: 'error',
      code: 502,
      retryLater: true,
    });
    expect(readTikTokAnswer(200, '{"code":0,"data":{"list":[')).toMatchObject({ kind: 'error', retryLater: true });
    expect(readTikTokAnswer(200, '')).toMatchObject({ kind: 'error', retryLater: true });
    expect(readTikTokAnswer(200, '[1,2]')).toMatchObject({ kind: 'error', retryLater: true });
    expect(readTikTokAnswer(404, '{"error":"not found"}')).toMatchObject({ kind: 'error', retryLater: false });
  });
});

describe('answers read', () => {
  it('reads a code check (CONNECT.md example)', () => {
    const data = (
      parseJsonLossless(
        envelope({
          auth_info: { auth_start_time: '2022-07-08 07:32:45', auth_end_time: '2022-08-07 07:32:44' },
          item_info: {
            auth_code: EXAMPLE_CODE,
            item_id: '7412345678901234567',
            item_type: 'VIDEO',
            status: 'HESITATE_RECOMMEND',
            text: 'caption',
            carousel_info: null,
          },
          user_info: { identity_type: 'AUTH_CODE', tiktok_name: 'Creator One', identity_id: 'abc-123' },
          video_info: { duration: 1.881, poster_url: 'https://x', preview_url: 'https://y' },
        }),
      ) as { data: Record<string, unknown> }
    ).data;
    expect(parseVideoInfo(data)).toEqual({
      itemId: '7412345678901234567',
      itemType: 'VIDEO',
      postStatus: 'HESITATE_RECOMMEND',
      authStartUtc: '2022-07-08 07:32:45',
      authEndUtc: '2022-08-07 07:32:44',
      identityType: 'AUTH_CODE',
      identityId: 'abc-123',
      tiktokName: 'Creator One',
    });
  });

  it('keeps an unquoted item id exact and names a missing post as an error', () => {
    const data = (
      parseJsonLossless('{"data":{"item_info":{"item_id":7412345678901234567,"item_type":"CAROUSEL"}}}') as {
        data: Record<string, unknown>;
      }
    ).data;
    expect(parseVideoInfo(data)).toMatchObject({
      itemId: '7412345678901234567',
      itemType: 'CAROUSEL',
      authStartUtc: '',
    });
    expect(parseVideoInfo({})).toEqual({ error: expect.stringMatching(/without naming the post/) });
    expect(parseVideoInfo({ item_info: { item_id: 7.412345678901235e18 } })).toHaveProperty('error');
  });

  it('reads the list of authorized posts with its paging, auth_info beside or inside item_info', () => {
    const page = parseVideoList({
      page_info: { page: 1, page_size: 50, total_number: 51, total_page: 2 },
      list: [
        {
          item_info: { item_id: '7412345678901234567', item_type: 'VIDEO', status: 'USER_DELETE' },
          auth_info: {
            ad_auth_status: 'AUTHORIZED',
            auth_start_time: '2026-01-01 00:00:00',
            auth_end_time: '2026-01-31 00:00:00',
          },
        },
        {
          item_info: {
            item_id: '7412345678901234568',
            item_type: 'CAROUSEL',
            status: 'HESITATE_RECOMMEND',
            auth_info: { ad_auth_status: 'EXPIRED', auth_start_time: 'a', auth_end_time: 'b' },
          },
        },
        { item_info: { item_type: 'VIDEO' } },
        'junk',
      ],
    });
    expect(page).toEqual({
      page: 1,
      totalPages: 2,
      pagesKnown: true,
      items: [
        {
          itemId: '7412345678901234567',
          itemType: 'VIDEO',
          postStatus: 'USER_DELETE',
          adAuthStatus: 'AUTHORIZED',
          authStartUtc: '2026-01-01 00:00:00',
          authEndUtc: '2026-01-31 00:00:00',
        },
        {
          itemId: '7412345678901234568',
          itemType: 'CAROUSEL',
          postStatus: 'HESITATE_RECOMMEND',
          adAuthStatus: 'EXPIRED',
          authStartUtc: 'a',
          authEndUtc: 'b',
        },
      ],
    });
  });

  it('says when an answer does not tell how many pages there are', () => {
    expect(parseVideoList({ list: [] })).toEqual({ items: [], page: 1, totalPages: 1, pagesKnown: false });
    expect(parseAds({ page_info: { page: 2, page_size: 1000, total_number: 2500 }, list: [] })).toMatchObject({
      page: 2,
      totalPages: 3,
      pagesKnown: true,
    });
  });

  it('reads ads with the post they run, leaving out ads that run none', () => {
    expect(
      parseAds({
        page_info: { page: 1, total_page: 1 },
        list: [
          { ad_id: '1800000000000000001', tiktok_item_id: '7412345678901234567', identity_type: 'AUTH_CODE' },
          { ad_id: '1800000000000000002', tiktok_item_id: '' },
          { ad_id: '1800000000000000003', tiktok_item_id: null },
          { ad_id: '1800000000000000004' },
          { ad_id: 1678604629756978, tiktok_item_id: '7412345678901234568' },
        ],
      }).items,
    ).toEqual([
      { adId: '1800000000000000001', itemId: '7412345678901234567' },
      { adId: '1678604629756978', itemId: '7412345678901234568' },
    ]);
  });

  it('reads metrics sent as strings, "-" and blanks as unknown', () => {
    expect(parseMetric('76.73')).toBe(76.73);
    expect(parseMetric('116.0')).toBe(116);
    expect(parseMetric(' 3 ')).toBe(3);
    expect(parseMetric(12.5)).toBe(12.5);
    for (const v of ['-', '', '  ', null, undefined, 'N/A', '1,234.5', '12abc', '1e3', Number.NaN, Infinity, {}, []])
      expect(parseMetric(v)).toBeNull();
  });

  it('reads a report whose ad_id is an unquoted number beyond 2^53, digit for digit', () => {
    const body = `{"code":0,"message":"OK","request_id":"r","data":{"page_info":{"page":1,"page_size":1000,"total_number":3,"total_page":1},"list":[
      {"metrics":{"spend":"76.73","conversion":"3","comments":"-"},"dimensions":{"stat_time_day":"2026-02-17 00:00:00","ad_id":7412345678901234567890}},
      {"metrics":{"spend":"-","conversion":"-","comments":"-"},"dimensions":{"stat_time_day":"2026-02-16 00:00:00","ad_id":7412345678901234567891}},
      {"metrics":{"spend":"1.5"},"dimensions":{"ad_id":1678604629756978}}]}}`;
    const a = readTikTokAnswer(200, body);
    expect(a.kind).toBe('ok');
    if (a.kind !== 'ok') return;
    expect(parseReport(a.data)).toEqual({
      page: 1,
      totalPages: 1,
      pagesKnown: true,
      items: [
        { adId: '7412345678901234567890', day: '2026-02-17', spend: 76.73, conversions: 3, comments: null },
        { adId: '7412345678901234567891', day: '2026-02-16', spend: null, conversions: null, comments: null },
        { adId: '1678604629756978', day: '', spend: 1.5, conversions: null, comments: null },
      ],
    });
  });

  it('refuses an ad id that already lost digits', () => {
    expect(
      parseReport({ list: [{ dimensions: { ad_id: Number('7412345678901234567890') }, metrics: { spend: '1' } }] })
        .items,
    ).toEqual([]);
  });
});

describe('figuresPerVideo', () => {
  const V1 = '7412345678901234567';
  const V2 = '7412345678901234568';

  it('sums two ads of one video, in cents', () => {
    const figures = figuresPerVideo(
      [
        { adId: 'a1', itemId: V1 },
        { adId: 'a2', itemId: V1 },
      ],
      [
        { adId: 'a1', day: '', spend: 0.1, conversions: 1, comments: 4 },
        { adId: 'a2', day: '', spend: 0.2, conversions: 2, comments: null },
      ],
    );
    expect(figures.get(V1)).toEqual({ spend: 0.3, conversions: 3, comments: 4, ads: 2, noValue: [] });
    expect(figures.size).toBe(1);
  });

  it('never drifts, however many small amounts are summed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 200 }), (cents) => {
        const ads = cents.map((_, i) => ({ adId: `a${i}`, itemId: V1 }));
        const rows = cents.map((c, i) => ({
          adId: `a${i}`,
          day: '2026-01-01',
          spend: c / 100,
          conversions: 0,
          comments: 0,
        }));
        const total = cents.reduce((s, c) => s + c, 0);
        expect(figuresPerVideo(ads, rows).get(V1)?.spend).toBe(total / 100);
      }),
    );
  });

  it('does not confuse ids that differ only past digit 16', () => {
    const body = `{"data":{"list":[
      {"dimensions":{"ad_id":1234567890123456701},"metrics":{"spend":"10.00","conversion":"1","comments":"0"}},
      {"dimensions":{"ad_id":1234567890123456702},"metrics":{"spend":"20.00","conversion":"2","comments":"5"}}]}}`;
    const lossy = JSON.parse(body).data.list;
    expect(lossy[0].dimensions.ad_id).toBe(lossy[1].dimensions.ad_id);
    const rows = parseReport((parseJsonLossless(body) as { data: Record<string, unknown> }).data).items;
    expect(rows.map((r) => r.adId)).toEqual(['1234567890123456701', '1234567890123456702']);
    const figures = figuresPerVideo(
      [
        { adId: '1234567890123456701', itemId: '7412345678901234567001' },
        { adId: '1234567890123456702', itemId: '7412345678901234567002' },
      ],
      rows,
    );
    expect(figures.get('7412345678901234567001')).toMatchObject({ spend: 10, conversions: 1, comments: 0, ads: 1 });
    expect(figures.get('7412345678901234567002')).toMatchObject({ spend: 20, conversions: 2, comments: 5, ads: 1 });
  });

  it('sums days, counts a repeated row once and leaves out videos TikTok said nothing about', () => {
    const figures = figuresPerVideo(
      [
        { adId: 'a1', itemId: V1 },
        { adId: 'a2', itemId: V2 },
        { adId: 'a3', itemId: '7412345678901234569' },
      ],
      [
        { adId: 'a1', day: '2026-01-01', spend: 5, conversions: 1, comments: null },
        { adId: 'a1', day: '2026-01-02', spend: 7.25, conversions: null, comments: null },
        { adId: 'a1', day: '2026-01-02', spend: 7.25, conversions: null, comments: null },
        { adId: 'a2', day: '2026-01-01', spend: null, conversions: null, comments: null },
        { adId: 'zz', day: '2026-01-01', spend: 99, conversions: 9, comments: 9 },
      ],
    );
    expect(figures.get(V1)).toEqual({ spend: 12.25, conversions: 1, comments: 0, ads: 1, noValue: ['comments'] });
    expect(figures.has(V2)).toBe(false);
    expect(figures.has('7412345678901234569')).toBe(false);
  });
});

/** A zone's offset at an instant, from Intl (core takes it as a function, as the shell reads it from Apps Script). */
function offsetIn(zone: string): (ms: number) => number {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return (ms) => {
    const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
    const wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
    return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60000);
  };
}

describe('TikTok times and windows', () => {
  it('reads TikTok times as UTC and refuses anything else', () => {
    expect(parseTikTokTime('2022-07-08 07:32:45')).toBe(Date.UTC(2022, 6, 8, 7, 32, 45));
    for (const bad of [
      '',
      '2022-07-08T07:32:45Z',
      '2022-07-08 07:32',
      '2022-02-30 00:00:00',
      '2022-07-08 24:00:00',
      'soon',
    ])
      expect(parseTikTokTime(bad)).toBeNull();
  });

  it("takes TikTok's example window in UTC and in Tokyo", () => {
    const utc = windowFromTikTok('2022-07-08 07:32:45', '2022-08-07 07:32:44', () => 0);
    expect(utc).toEqual({ authorizedOn: '2022-07-08', authDays: 30, expiresOn: '2022-08-07' });
    const tokyo = windowFromTikTok('2022-07-08 07:32:45', '2022-08-07 07:32:44', offsetIn('Asia/Tokyo'));
    expect(tokyo).toEqual({ authorizedOn: '2022-07-08', authDays: 30, expiresOn: '2022-08-07' });
  });

  it('moves the days where the zone is already on the next one (Tokyo, +09:00)', () => {
    expect(windowFromTikTok('2024-07-08 15:30:00', '2024-08-07 15:29:59', offsetIn('Asia/Tokyo'))).toEqual({
      authorizedOn: '2024-07-09',
      authDays: 30,
      expiresOn: '2024-08-08',
    });
  });

  it('uses the offset at each end across a DST change (New York)', () => {
    const ny = offsetIn('America/New_York');
    // Starts 23:30 EST on 9 March, ends 00:29:59 EDT on 9 April: the end is read at -04:00, not -05:00.
    expect(windowFromTikTok('2024-03-10 04:30:00', '2024-04-09 04:29:59', ny)).toEqual({
      authorizedOn: '2024-03-09',
      authDays: 31,
      expiresOn: '2024-04-09',
    });
    // Starts 23:30 EDT on 6 October, ends 23:29:59 EST on 5 November.
    expect(windowFromTikTok('2024-10-07 03:30:00', '2024-11-06 04:29:59', ny)).toEqual({
      authorizedOn: '2024-10-06',
      authDays: 30,
      expiresOn: '2024-11-05',
    });
  });

  it('refuses a window that is not one', () => {
    expect(windowFromTikTok('2024-01-02 00:00:00', '2024-01-01 00:00:00', () => 0)).toBeNull();
    expect(windowFromTikTok('', '2024-01-01 00:00:00', () => 0)).toBeNull();
    expect(windowFromTikTok('2024-01-01 00:00:00', '2024-01-01 06:00:00', () => 0)).toEqual({
      authorizedOn: '2024-01-01',
      authDays: 1,
      expiresOn: '2024-01-01',
    });
  });

  it("never lets the ledger's expiry fall after TikTok's end, in any zone", () => {
    const zones = [
      'America/New_York',
      'Asia/Tokyo',
      'Europe/Berlin',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'America/St_Johns',
      'Pacific/Kiritimati',
      'Pacific/Pago_Pago',
      'UTC',
    ].map((z) => [z, offsetIn(z)] as const);
    const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2030, 0, 1) / 1000 }),
        fc.integer({ min: 3600, max: 400 * 86400 }),
        fc.constantFrom(...zones),
        (startS, lengthS, [, offset]) => {
          const start = startS * 1000;
          const end = start + lengthS * 1000;
          const w = windowFromTikTok(fmt(start), fmt(end), offset)!;
          expect(w).not.toBeNull();
          // The ledger treats the code as expired from the start of expiresOn: never later than TikTok's end...
          expect(startOfDay(w.expiresOn, offset).ms).toBeLessThanOrEqual(end);
          // ...and not a day earlier than it has to be.
          expect(startOfDay(addDays(w.expiresOn, 1), offset).ms).toBeGreaterThan(end);
          // authorizedOn is the day the window started on there.
          expect(startOfDay(w.authorizedOn, offset).ms).toBeLessThanOrEqual(start);
          expect(startOfDay(addDays(w.authorizedOn, 1), offset).ms).toBeGreaterThan(start);
          expect(w.authDays).toBeGreaterThanOrEqual(1);
          if (w.expiresOn > w.authorizedOn) expect(expiryDate(w.authorizedOn, w.authDays)).toBe(w.expiresOn);
        },
      ),
    );
  });
});

describe('verdicts', () => {
  it('reads post statuses, anything unlisted as unknown', () => {
    expect(postVerdict('HESITATE_RECOMMEND')).toBe('live');
    expect(postVerdict('USER_DELETE')).toBe('removed');
    expect(postVerdict('AUDIT_DELETE')).toBe('removed');
    expect(postVerdict('ONLY_AUTHOR_SEE')).toBe('private');
    expect(postVerdict('ONLY_FRIEND_SEE')).toBe('private');
    expect(postVerdict('ONLY_USER_PASS')).toBe('private');
    expect(postVerdict('REVIEW_PENDING')).toBe('reviewing');
    for (const s of ['', 'PUBLIC', 'DELETED', 'something new']) expect(postVerdict(s)).toBe('unknown');
  });

  it('reads authorization statuses, never anything unknown as revoked', () => {
    expect(authVerdict('AUTHORIZED')).toBe('authorized');
    expect(authVerdict('EXPIRED')).toBe('expired');
    for (const s of ['', 'REVOKED', 'CANCELLED', 'UNAUTHORIZED', 'pending']) expect(authVerdict(s)).toBe('unknown');
  });
});

describe('maskSecret', () => {
  it('shows at most the first 3 and last 4 characters', () => {
    expect(maskSecret('sk_live_a1b2c3d4e5f6a7b8c9d0e1f29f2a')).toBe('sk_…9f2a');
    expect(maskSecret('')).toBe('');
    expect(maskSecret('ab')).toBe('…');
    expect(maskSecret('abcdefghi')).toBe('a…hi');
  });

  it('never reveals more than a third of a secret', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (secret) => {
        const m = maskSecret(secret);
        if (secret === '') return expect(m).toBe('');
        const [head, tail] = m.split('…');
        expect(m.split('…')).toHaveLength(2);
        expect(head.length).toBeLessThanOrEqual(3);
        expect(tail.length).toBeLessThanOrEqual(4);
        expect(head.length + tail.length).toBeLessThanOrEqual(Math.floor(secret.length / 3));
        expect(secret.startsWith(head)).toBe(true);
        expect(secret.endsWith(tail)).toBe(true);
      }),
    );
  });
});

describe('ad accounts', () => {
  it('asks for the currency and time zone of up to 100 accounts, and reads them by id', () => {
    const q = advertiserInfoRequest('tok', ['7001234567890123456', '7009876543210987654']);
    const url = new URL(q.url);
    expect(url.pathname).toBe('/open_api/v1.3/advertiser/info/');
    expect(JSON.parse(url.searchParams.get('advertiser_ids') as string)).toEqual([
      '7001234567890123456',
      '7009876543210987654',
    ]);
    const info = parseAdvertisers({
      list: [
        { advertiser_id: '7001234567890123456', currency: 'eur', timezone: 'Europe/Berlin' },
        { advertiser_id: '7009876543210987654', currency: 'dollars' },
        'junk',
      ],
    });
    expect([...info.values()]).toEqual([
      { advertiserId: '7001234567890123456', currency: 'EUR', timeZone: 'Europe/Berlin' },
      { advertiserId: '7009876543210987654', currency: '', timeZone: '' },
    ]);
  });
});
