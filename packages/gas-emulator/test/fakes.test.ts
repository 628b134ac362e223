/** The fake servers: TikTok API for Business, TikTok's web (oEmbed, short links), TokPortal. Driven through UrlFetchApp. */
import {
  createEmulator,
  type Emulator,
  FakeTikTokBusiness,
  FakeTikTokWeb,
  FakeTokPortal,
  TIKTOK_BUSINESS_BASE,
  TIKTOK_CODE,
  TOKPORTAL_BASE,
} from '../src/index';

type G = Record<string, any>;

const TOKEN = 'tok-7f3a9c-secret';
const ADV = '7001234567890123456';
const AD = '1800123456789012345'; // 19 digits, far above 2^53
const ITEM = '7412345678901234567';
const CODE = '#1Ea2bcde3fUM/ghijEk/L4mOceft5deFRq6za7JsgnAJ8PB9n1XIr1rC1b/5Rw4=';

function tiktok(now = '2026-03-02T15:00:00Z'): { emu: Emulator; g: G; tt: FakeTikTokBusiness } {
  const emu = createEmulator({ now });
  const tt = new FakeTikTokBusiness().install(emu.net);
  tt.addAdvertiser(ADV, { token: TOKEN, timeZone: 'America/Los_Angeles' });
  tt.addPost({
    authCode: CODE,
    itemId: ITEM,
    text: 'summer drop',
    authStart: '2026-02-01 10:00:00',
    authEnd: '2026-03-31 10:00:00',
    identity: { tiktokName: 'maya.makes', identityId: 'id-maya' },
  });
  return { emu, g: emu.globals as G, tt };
}

/** Calls the Business API as the add-on must: Access-Token header, every parameter percent-encoded. */
function call(g: G, path: string, params: Record<string, string> = {}, opts: Record<string, unknown> = {}): any {
  const qs = Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  const r = g.UrlFetchApp.fetch(`${TIKTOK_BUSINESS_BASE}${path}${qs ? `?${qs}` : ''}`, {
    headers: { 'Access-Token': TOKEN },
    muteHttpExceptions: true,
    ...opts,
  });
  expect(r.getResponseCode()).toBe(200);
  return { json: JSON.parse(r.getContentText()), text: r.getContentText() as string };
}

const reportParams = (extra: Record<string, string>) => ({
  advertiser_id: ADV,
  report_type: 'BASIC',
  data_level: 'AUCTION_AD',
  metrics: '["spend","conversion","comments"]',
  page: '1',
  page_size: '1000',
  ...extra,
});

describe('TikTok API for Business: envelope and access token', () => {
  test('every answer is HTTP 200 with {code, message, request_id, data}; code 0 is success', () => {
    const { g } = tiktok();
    const { json } = call(g, 'tt_video/info/', { advertiser_id: ADV, auth_code: CODE });
    expect(Object.keys(json).sort()).toEqual(['code', 'data', 'message', 'request_id']);
    expect(json).toMatchObject({ code: 0, message: 'OK' });
    expect(typeof json.request_id).toBe('string');
  });

  test('the token goes in Access-Token with no Bearer: anything else is 40105, still HTTP 200', () => {
    const { g, tt } = tiktok();
    const bad = (headers: Record<string, string>) => {
      const r = g.UrlFetchApp.fetch(`${TIKTOK_BUSINESS_BASE}tt_video/list/?advertiser_id=${ADV}`, { headers });
      expect(r.getResponseCode()).toBe(200);
      return JSON.parse(r.getContentText());
    };
    expect(bad({ 'Access-Token': `Bearer ${TOKEN}` })).toMatchObject({
      code: TIKTOK_CODE.TOKEN_INVALID,
      message: 'Access token is incorrect or has been revoked.',
      data: {},
    });
    expect(bad({ Authorization: `Bearer ${TOKEN}` }).code).toBe(40105);
    expect(bad({ 'Access-Token': 'someone-else' }).code).toBe(40105);
    expect(bad({ 'access-token': TOKEN }).code).toBe(0);
    tt.revokeToken(TOKEN);
    expect(bad({ 'Access-Token': TOKEN }).code).toBe(40105);
  });

  test('a token that does not cover the ad account, or a missing advertiser_id, is refused', () => {
    const { g, tt } = tiktok();
    tt.addAdvertiser('999');
    expect(call(g, 'tt_video/list/', { advertiser_id: '999' }).json.code).toBe(TIKTOK_CODE.NO_PERMISSION);
    expect(call(g, 'tt_video/list/', {}).json).toMatchObject({ code: 40002, data: {} });
  });
});

describe('TikTok API for Business: ad accounts', () => {
  it('names each covered account with its currency and time zone, and refuses one the token does not cover', () => {
    const { g, tt } = tiktok();
    tt.addAdvertiser('7009999999999999999', { currency: 'EUR' });
    const mine = call(g, 'advertiser/info/', {
      advertiser_ids: JSON.stringify([ADV]),
      fields: '["currency","timezone"]',
    });
    expect(mine.json).toMatchObject({
      code: 0,
      data: { list: [{ advertiser_id: ADV, currency: 'USD', timezone: 'America/Los_Angeles' }] },
    });
    const other = call(g, 'advertiser/info/', { advertiser_ids: '["7009999999999999999"]' });
    expect(other.json.code).not.toBe(0);
    expect(call(g, 'advertiser/info/').json.code).toBe(40002);
  });
});

describe('TikTok API for Business: Spark codes', () => {
  test('tt_video/info/ with the code percent-encoded answers the post, times UTC YYYY-MM-DD HH:MM:SS', () => {
    const { g } = tiktok();
    const { json } = call(g, 'tt_video/info/', { advertiser_id: ADV, auth_code: CODE });
    expect(json.data).toEqual({
      auth_info: { auth_start_time: '2026-02-01 10:00:00', auth_end_time: '2026-03-31 10:00:00' },
      item_info: {
        auth_code: CODE,
        item_id: ITEM,
        item_type: 'VIDEO',
        status: 'HESITATE_RECOMMEND',
        text: 'summer drop',
        carousel_info: null,
      },
      user_info: { identity_type: 'AUTH_CODE', tiktok_name: 'maya.makes', identity_id: 'id-maya' },
      video_info: expect.objectContaining({ duration: 15 }),
    });
  });

  test('a code sent unencoded arrives damaged: "+" becomes a space (4013), "#" cuts the query (40002)', () => {
    const { emu, g, tt } = tiktok();
    tt.addPost({
      authCode: 'Ab+cdEfgh/ij=',
      itemId: '7400000000000000001',
      authStart: '2026-01-01 00:00:00',
      authEnd: '2026-12-31 00:00:00',
    });
    const raw = (code: string) =>
      JSON.parse(
        g.UrlFetchApp.fetch(`${TIKTOK_BUSINESS_BASE}tt_video/info/?advertiser_id=${ADV}&auth_code=${code}`, {
          headers: { 'Access-Token': TOKEN },
        }).getContentText(),
      );
    expect(raw('Ab+cdEfgh/ij=')).toMatchObject({ code: TIKTOK_CODE.AUTH_CODE_FORMAT_ERROR });
    expect(raw(encodeURIComponent('Ab+cdEfgh/ij=')).code).toBe(0);
    expect(raw(CODE)).toMatchObject({ code: 40002, message: 'auth_code: Missing data for required field.' });
    expect(emu.net.requests[2].url).toContain('#1Ea2');
  });

  test('unknown, deleted (revoked) and expired codes; a malformed one', () => {
    const { emu, g, tt } = tiktok();
    const info = (code: string) => call(g, 'tt_video/info/', { advertiser_id: ADV, auth_code: code }).json;
    expect(info('#1Zz9zzzzzzzzzzzzzzzzzzzzzz=')).toMatchObject({
      code: TIKTOK_CODE.AUTH_CODE_NOT_FOUND,
      message: expect.stringMatching(/^auth_code_not_found/),
    });
    expect(info('not a code!')).toMatchObject({
      code: 4013,
      message: expect.stringMatching(/^auth_code_format_error/),
    });
    emu.clock.set('2026-03-31T10:00:01Z');
    expect(info(CODE)).toMatchObject({ code: 4025, message: expect.stringMatching(/^auth_code_expired/) });
    emu.clock.set('2026-03-10T00:00:00Z');
    expect(info(CODE).code).toBe(0);
    tt.expireCode(CODE);
    expect(info(CODE).code).toBe(4025);
    tt.addPost({
      authCode: '#2Abcdefghijk=',
      itemId: '7400000000000000002',
      authStart: '2026-01-01 00:00:00',
      authEnd: '2026-12-31 00:00:00',
    });
    tt.revokeCode('#2Abcdefghijk=');
    expect(info('#2Abcdefghijk=').message).toMatch(/^auth_code_not_found/);
  });

  test('tt_video/authorize/ takes a JSON body and answers data {}; the post is then listed; applying it again fails', () => {
    const { g } = tiktok();
    const authorize = () =>
      JSON.parse(
        g.UrlFetchApp.fetch(`${TIKTOK_BUSINESS_BASE}tt_video/authorize/`, {
          method: 'post',
          contentType: 'application/json',
          headers: { 'Access-Token': TOKEN },
          payload: JSON.stringify({ advertiser_id: ADV, auth_code: CODE }),
        }).getContentText(),
      );
    expect(call(g, 'tt_video/list/', { advertiser_id: ADV }).json.data.list).toEqual([]);
    expect(authorize()).toMatchObject({ code: 0, data: {} });
    const list = call(g, 'tt_video/list/', { advertiser_id: ADV }).json.data;
    expect(list.list).toHaveLength(1);
    expect(list.list[0].item_info).toMatchObject({ item_id: ITEM, item_type: 'VIDEO', status: 'HESITATE_RECOMMEND' });
    expect(list.list[0].auth_info).toMatchObject({
      ad_auth_status: 'AUTHORIZED',
      auth_end_time: '2026-03-31 10:00:00',
    });
    expect(authorize().code).toBe(40002);
    // A form body is not JSON.
    const form = JSON.parse(
      g.UrlFetchApp.fetch(`${TIKTOK_BUSINESS_BASE}tt_video/authorize/`, {
        method: 'post',
        headers: { 'Access-Token': TOKEN },
        payload: { advertiser_id: ADV, auth_code: CODE },
      }).getContentText(),
    );
    expect(form.code).toBe(40002);
  });

  test('a deleted post is USER_DELETE in info and the list, and cannot be authorized (4002 video_deleted)', () => {
    const { g, tt } = tiktok();
    tt.addPost({
      authCode: '#3Deleted00000=',
      itemId: '7400000000000000003',
      authStart: '2026-01-01 00:00:00',
      authEnd: '2026-12-31 00:00:00',
      advertiserId: ADV,
    });
    tt.deletePost('7400000000000000003');
    expect(call(g, 'tt_video/list/', { advertiser_id: ADV }).json.data.list[0].item_info.status).toBe('USER_DELETE');
    tt.deletePost(ITEM);
    const r = g.UrlFetchApp.fetch(`${TIKTOK_BUSINESS_BASE}tt_video/authorize/`, {
      method: 'post',
      contentType: 'application/json',
      headers: { 'Access-Token': TOKEN },
      payload: JSON.stringify({ advertiser_id: ADV, auth_code: CODE }),
    });
    expect(JSON.parse(r.getContentText())).toMatchObject({
      code: TIKTOK_CODE.VIDEO_DELETED,
      message: expect.stringMatching(/^video_deleted/),
    });
  });

  test('tt_video/list/: page_info, page_size 1–50, keyword with a 19-digit id matches one item, EXPIRED after the window', () => {
    const { emu, g, tt } = tiktok();
    for (let i = 0; i < 7; i++)
      tt.addPost({
        authCode: `#9Code${i}abcdefgh=`,
        itemId: `74000000000000001${String(i).padStart(2, '0')}`,
        text: i % 2 ? 'odd post' : 'even post',
        authStart: '2026-01-01 00:00:00',
        authEnd: i === 0 ? '2026-03-05 00:00:00' : '2026-12-31 00:00:00',
        advertiserId: ADV,
      });
    const page2 = call(g, 'tt_video/list/', { advertiser_id: ADV, page: '2', page_size: '3' }).json.data;
    expect(page2.page_info).toEqual({ page: 2, page_size: 3, total_number: 7, total_page: 3 });
    expect(page2.list.map((x: any) => x.item_info.item_id)).toEqual([
      '7400000000000000103',
      '7400000000000000104',
      '7400000000000000105',
    ]);
    expect(call(g, 'tt_video/list/', { advertiser_id: ADV, page_size: '51' }).json.code).toBe(40002);
    expect(call(g, 'tt_video/list/', { advertiser_id: ADV, page_size: '0' }).json.code).toBe(40002);
    expect(call(g, 'tt_video/list/', { advertiser_id: ADV }).json.data.page_info.page_size).toBe(20);
    const one = call(g, 'tt_video/list/', { advertiser_id: ADV, keyword: '7400000000000000104' }).json.data;
    expect(one.list.map((x: any) => x.item_info.item_id)).toEqual(['7400000000000000104']);
    expect(call(g, 'tt_video/list/', { advertiser_id: ADV, keyword: 'odd' }).json.data.page_info.total_number).toBe(3);
    emu.clock.set('2026-03-06T00:00:00Z');
    const first = call(g, 'tt_video/list/', { advertiser_id: ADV, page_size: '1' }).json.data.list[0];
    expect(first.auth_info.ad_auth_status).toBe('EXPIRED');
  });
});

describe('TikTok API for Business: ads and reports', () => {
  function withStats(): { emu: Emulator; g: G; tt: FakeTikTokBusiness } {
    const w = tiktok();
    w.tt.addAd(ADV, { adId: AD, itemId: ITEM });
    w.tt.addAd(ADV, { adId: '1800123456789012399', itemId: '7400000000000000999', operationStatus: 'DISABLE' });
    w.tt.addDailyStats(ADV, { adId: AD, day: '2026-02-27', spend: 76.73, conversion: 3, comments: 12 });
    w.tt.addDailyStats(ADV, { adId: AD, day: '2026-02-28', spend: 10, conversion: '-', comments: 0 });
    w.tt.addDailyStats(ADV, {
      adId: '1800123456789012399',
      day: '2026-02-28',
      spend: 5.5,
      conversion: '-',
      comments: '-',
    });
    return w;
  }

  test('ad/get/: ad_id a JSON string, tiktok_item_id, identity_type, operation_status; page_size up to 1,000', () => {
    const { g } = withStats();
    const { json, text } = call(g, 'ad/get/', { advertiser_id: ADV, page_size: '1000' });
    expect(text).toContain(`"ad_id":"${AD}"`);
    expect(json.data.list[0]).toMatchObject({
      ad_id: AD,
      tiktok_item_id: ITEM,
      identity_type: 'AUTH_CODE',
      operation_status: 'ENABLE',
    });
    expect(json.data.page_info).toEqual({ page: 1, page_size: 1000, total_number: 2, total_page: 1 });
    expect(call(g, 'ad/get/', { advertiser_id: ADV, page_size: '1001' }).json.code).toBe(40002);
    expect(
      call(g, 'ad/get/', { advertiser_id: ADV, filtering: JSON.stringify({ ad_ids: [AD] }) }).json.data.list,
    ).toHaveLength(1);
  });

  test('report rows: metrics are strings, empty ones "-"; ad_id is a bare JSON number that JSON.parse cannot keep', () => {
    const { g } = withStats();
    const { json, text } = call(
      g,
      'report/integrated/get/',
      reportParams({ dimensions: '["ad_id","stat_time_day"]', start_date: '2026-02-27', end_date: '2026-02-28' }),
    );
    expect(json.code).toBe(0);
    // The text carries every digit, unquoted…
    expect(text).toContain(`"ad_id":${AD}`);
    expect(text).not.toContain(`"ad_id":"${AD}"`);
    // …and JSON.parse turns it into a double that is another number.
    const parsed = json.data.list.find((r: any) => r.dimensions.stat_time_day === '2026-02-27 00:00:00');
    expect(typeof parsed.dimensions.ad_id).toBe('number');
    expect(Number.isSafeInteger(parsed.dimensions.ad_id)).toBe(false);
    expect(String(BigInt(parsed.dimensions.ad_id))).not.toBe(AD);
    // Reading the ids as text keeps them.
    const ids = [...text.matchAll(/"ad_id":(\d+)/g)].map((m) => m[1]);
    expect(ids).toEqual([AD, '1800123456789012399', AD]);
    expect(parsed.metrics).toEqual({ spend: '76.73', conversion: '3.0', comments: '12.0' });
    const dashes = json.data.list.find(
      (r: any) => r.dimensions.stat_time_day === '2026-02-28 00:00:00' && r.metrics.spend === '5.5',
    );
    expect(dashes.metrics).toEqual({ spend: '5.5', conversion: '-', comments: '-' });
    expect(json.data.page_info).toEqual({ total_number: 3, page: 1, page_size: 1000, total_page: 1 });
  });

  test('with stat_time_day a span over 30 days is refused; without it the same span is summed per ad', () => {
    const { g } = withStats();
    const days31 = { start_date: '2026-02-01', end_date: '2026-03-03' };
    const refused = call(
      g,
      'report/integrated/get/',
      reportParams({ dimensions: '["ad_id","stat_time_day"]', ...days31 }),
    ).json;
    expect(refused).toMatchObject({ code: 40002, data: {} });
    expect(refused.message).toMatch(/30 days/);
    const days30 = { start_date: '2026-02-01', end_date: '2026-03-02' };
    expect(
      call(g, 'report/integrated/get/', reportParams({ dimensions: '["ad_id","stat_time_day"]', ...days30 })).json.code,
    ).toBe(0);
    const summed = call(g, 'report/integrated/get/', reportParams({ dimensions: '["ad_id"]', ...days31 }));
    expect(summed.json.code).toBe(0);
    const rows = summed.json.data.list;
    expect(rows).toHaveLength(2);
    expect(rows[0].metrics).toEqual({ spend: '86.73', conversion: '3.0', comments: '12.0' });
    expect(rows[1].metrics).toEqual({ spend: '5.5', conversion: '-', comments: '-' });
    expect(rows[0].dimensions).toEqual({ ad_id: expect.any(Number) });
  });

  test('query_lifetime=true: totals per ad with no dates; not with stat_time_day', () => {
    const { g } = withStats();
    const life = call(g, 'report/integrated/get/', reportParams({ dimensions: '["ad_id"]', query_lifetime: 'true' }));
    expect(life.json.code).toBe(0);
    expect(life.json.data.list.map((r: any) => r.metrics.spend)).toEqual(['86.73', '5.5']);
    expect(
      call(
        g,
        'report/integrated/get/',
        reportParams({ dimensions: '["ad_id","stat_time_day"]', query_lifetime: 'true' }),
      ).json.code,
    ).toBe(40002);
    expect(call(g, 'report/integrated/get/', reportParams({ dimensions: '["ad_id"]' })).json.code).toBe(40002);
  });

  test('report parameters: report_type, data_level, dimensions and metrics as JSON arrays, page_size ≤ 1,000', () => {
    const { g } = withStats();
    const base = { dimensions: '["ad_id"]', query_lifetime: 'true' };
    expect(call(g, 'report/integrated/get/', reportParams({ ...base, report_type: 'AUDIENCE' })).json.code).toBe(40002);
    expect(call(g, 'report/integrated/get/', reportParams({ ...base, data_level: 'AUCTION_CAMPAIGN' })).json.code).toBe(
      40002,
    );
    expect(call(g, 'report/integrated/get/', reportParams({ ...base, dimensions: 'ad_id' })).json.code).toBe(40002);
    expect(call(g, 'report/integrated/get/', reportParams({ ...base, dimensions: '["campaign_id"]' })).json.code).toBe(
      40002,
    );
    expect(call(g, 'report/integrated/get/', reportParams({ ...base, metrics: '["no_such_metric"]' })).json.code).toBe(
      40002,
    );
    expect(call(g, 'report/integrated/get/', reportParams({ ...base, page_size: '1001' })).json.code).toBe(40002);
    const paged = call(g, 'report/integrated/get/', reportParams({ ...base, page: '2', page_size: '1' })).json.data;
    expect(paged.page_info).toEqual({ total_number: 2, page: 2, page_size: 1, total_page: 2 });
    expect(paged.list).toHaveLength(1);
  });

  test("days are the ad account's: an instant late in the evening in Los Angeles is that day, not UTC's", () => {
    const { g, tt } = tiktok('2026-03-02T06:30:00Z');
    tt.addDailyStats(ADV, { adId: AD, day: new Date('2026-03-02T06:00:00Z'), spend: 1 });
    expect(tt.today(ADV)).toBe('2026-03-01');
    const { json } = call(
      g,
      'report/integrated/get/',
      reportParams({ dimensions: '["ad_id","stat_time_day"]', start_date: '2026-03-01', end_date: '2026-03-01' }),
    );
    expect(json.data.list.map((r: any) => r.dimensions.stat_time_day)).toEqual(['2026-03-01 00:00:00']);
  });

  test('rate limiting arrives as HTTP 200 with code 40100, then stops', () => {
    const { g, tt } = tiktok();
    tt.rateLimit({ after: 2, times: 2 });
    const codes = Array.from({ length: 5 }, () => call(g, 'ad/get/', { advertiser_id: ADV }).json.code);
    expect(codes).toEqual([0, 0, 40100, 40100, 0]);
    tt.rateLimited = true;
    expect(call(g, 'ad/get/', { advertiser_id: ADV }).json).toMatchObject({
      code: TIKTOK_CODE.RATE_LIMITED,
      message: 'App reaches the QPS limit.',
    });
    tt.rateLimited = false;
    tt.rateLimit(null);
    expect(call(g, 'ad/get/', { advertiser_id: ADV }).json.code).toBe(0);
  });

  test('an unserved path is an HTTP 404', () => {
    const { g } = tiktok();
    const r = g.UrlFetchApp.fetch(`${TIKTOK_BUSINESS_BASE}campaign/get/?advertiser_id=${ADV}`, {
      headers: { 'Access-Token': TOKEN },
      muteHttpExceptions: true,
    });
    expect(r.getResponseCode()).toBe(404);
  });
});

describe("TikTok's web: oEmbed and short links", () => {
  function web(): { emu: Emulator; g: G; web: FakeTikTokWeb } {
    const emu = createEmulator();
    const w = new FakeTikTokWeb().install(emu.net);
    w.addPost({
      videoId: ITEM,
      handle: 'maya.makes',
      kind: 'video',
      public: true,
      title: 'summer drop',
      authorName: 'Maya',
    });
    w.addPost({ videoId: '7400000000000000222', handle: 'maya.makes', kind: 'photo', public: false });
    return { emu, g: emu.globals as G, web: w };
  }
  const oembed = (g: G, url: string) =>
    g.UrlFetchApp.fetch(`https://www.tiktok.com/oembed?url=${encodeURIComponent(url)}`, { muteHttpExceptions: true });

  test('a public post: title, author_name, author_unique_id, author_url, embed_product_id, thumbnail_url…', () => {
    const { g } = web();
    const r = oembed(g, `https://www.tiktok.com/@maya.makes/video/${ITEM}?is_from_webapp=1&sender_device=pc`);
    expect(r.getResponseCode()).toBe(200);
    const j = JSON.parse(r.getContentText());
    expect(j).toMatchObject({
      version: '1.0',
      type: 'video',
      title: 'summer drop',
      author_name: 'Maya',
      author_unique_id: 'maya.makes',
      author_url: 'https://www.tiktok.com/@maya.makes',
      embed_product_id: ITEM,
      provider_name: 'TikTok',
      provider_url: 'https://www.tiktok.com',
    });
    expect(j.thumbnail_url).toMatch(/x-expires=\d+/);
    expect(j.html).toContain(`data-video-id="${ITEM}"`);
  });

  test('a private or removed post answers HTTP 400 {"message":"Something went wrong","code":400}', () => {
    const { g, web: w } = web();
    const priv = oembed(g, 'https://www.tiktok.com/@maya.makes/photo/7400000000000000222');
    expect(priv.getResponseCode()).toBe(400);
    expect(priv.getContentText()).toBe('{"message":"Something went wrong","code":400}');
    w.removePost(ITEM);
    expect(oembed(g, `https://www.tiktok.com/@maya.makes/video/${ITEM}`).getResponseCode()).toBe(400);
    expect(() =>
      g.UrlFetchApp.fetch(
        `https://www.tiktok.com/oembed?url=${encodeURIComponent('https://www.tiktok.com/@x/video/1')}`,
      ),
    ).toThrow(
      'Request failed for https://www.tiktok.com returned code 400. Truncated server response: {"message":"Something went wrong","code":400} (use muteHttpExceptions option to examine full response)',
    );
  });

  test('the id is the key: a renamed handle still embeds, under the new handle', () => {
    const { g, web: w } = web();
    w.renameHandle(ITEM, 'maya.studio');
    const j = JSON.parse(oembed(g, `https://www.tiktok.com/@maya.makes/video/${ITEM}`).getContentText());
    expect(j.author_unique_id).toBe('maya.studio');
  });

  test('a short link answers 301/302 with the full link, query string included, in Location; followed, it lands on the post', () => {
    const { emu, g, web: w } = web();
    w.addShortLink('https://vm.tiktok.com/ZMabc123/', ITEM);
    w.addShortLink('vt.tiktok.com/ZSxyz789/', ITEM, { status: 302 });
    w.addShortLink('/t/ZTqwe456/', ITEM);
    const vm = g.UrlFetchApp.fetch('https://vm.tiktok.com/ZMabc123/', { followRedirects: false });
    expect(vm.getResponseCode()).toBe(301);
    expect(vm.getHeaders().Location).toBe(`https://www.tiktok.com/@maya.makes/video/${ITEM}?_r=1&_t=ZMabc123`);
    const vt = g.UrlFetchApp.fetch('https://vt.tiktok.com/ZSxyz789', { followRedirects: false });
    expect(vt.getResponseCode()).toBe(302);
    expect(vt.getAllHeaders().Location).toMatch(new RegExp(`/video/${ITEM}\\?`));
    const t = g.UrlFetchApp.fetch('https://www.tiktok.com/t/ZTqwe456/', { followRedirects: false });
    expect(new URL(t.getHeaders().Location).pathname).toBe(`/@maya.makes/video/${ITEM}`);
    const followed = g.UrlFetchApp.fetch('https://vm.tiktok.com/ZMabc123/');
    expect(followed.getResponseCode()).toBe(200);
    expect(emu.net.requests.slice(-2).map((r) => r.status)).toEqual([301, 200]);
  });

  test('an unknown short link is a 404', () => {
    const { g } = web();
    expect(
      g.UrlFetchApp.fetch('https://vm.tiktok.com/ZMnope/', {
        muteHttpExceptions: true,
        followRedirects: false,
      }).getResponseCode(),
    ).toBe(404);
    expect(() => g.UrlFetchApp.fetch('https://vm.tiktok.com/ZMnope/')).toThrow(/returned code 404/);
  });
});

describe('TokPortal', () => {
  const KEY = `sk_${'ab12'.repeat(16)}`;
  function portal(): { emu: Emulator; g: G; tp: FakeTokPortal } {
    const tp = new FakeTokPortal();
    tp.addKey(KEY);
    tp.addVideo('vid_1');
    tp.addVideo('vid_2');
    const emu = createEmulator({ fakes: [tp] });
    return { emu, g: emu.globals as G, tp };
  }
  const send = (g: G, method: string, path: string, body?: unknown, key: string | null = KEY) =>
    g.UrlFetchApp.fetch(`${TOKPORTAL_BASE}${path}`, {
      method,
      contentType: 'application/json',
      headers: key === null ? {} : { 'X-API-Key': key },
      payload: body === undefined ? undefined : JSON.stringify(body),
      muteHttpExceptions: true,
    });

  test('X-API-Key is checked: missing or wrong answer 401 with the error body', () => {
    const { g } = portal();
    const missing = send(g, 'get', '/videos/vid_1/ad-code-request', undefined, null);
    expect(missing.getResponseCode()).toBe(401);
    expect(JSON.parse(missing.getContentText()).error.code).toBe('AUTH_MISSING_KEY');
    const wrong = send(g, 'get', '/videos/vid_1/ad-code-request', undefined, 'sk_wrong');
    expect(JSON.parse(wrong.getContentText())).toEqual({
      error: { code: 'AUTH_INVALID_KEY', message: 'The provided API key is invalid.', details: {} },
    });
  });

  test('an ad code request is created in_review with code null, then finalized with the code', () => {
    const { g, tp } = portal();
    const created = send(g, 'post', '/videos/vid_1/ad-code-request', { note: 'Spark for March', platform: 'tiktok' });
    expect(created.getResponseCode()).toBe(201);
    expect(JSON.parse(created.getContentText()).data).toMatchObject({
      video_id: 'vid_1',
      status: 'in_review',
      code: null,
      note: 'Spark for March',
      platform: 'tiktok',
    });
    const polled = JSON.parse(send(g, 'get', '/videos/vid_1/ad-code-request').getContentText()).data;
    expect(polled).toMatchObject({ status: 'in_review', code: null });
    // One open request per video.
    const again = send(g, 'post', '/videos/vid_1/ad-code-request', { note: 'again', platform: 'tiktok' });
    expect(again.getResponseCode()).toBe(409);
    tp.finalize('vid_1', CODE);
    expect(JSON.parse(send(g, 'get', '/videos/vid_1/ad-code-request').getContentText()).data).toMatchObject({
      status: 'finalized',
      code: CODE,
    });
  });

  test('an unknown video answers 404 with the error body; platform must be tiktok', () => {
    const { g } = portal();
    const r = send(g, 'post', '/videos/vid_404/ad-code-request', { note: '', platform: 'tiktok' });
    expect(r.getResponseCode()).toBe(404);
    const body = JSON.parse(r.getContentText());
    expect(Object.keys(body)).toEqual(['error']);
    expect(Object.keys(body.error).sort()).toEqual(['code', 'details', 'message']);
    expect(body.error.code).toBe('VIDEO_NOT_FOUND');
    expect(send(g, 'post', '/videos/vid_2/ad-code-request', { note: '' }).getResponseCode()).toBe(400);
  });

  test('120 requests a minute (token bucket on the emulator clock): the 121st answers 429 with Retry-After, and time heals it', () => {
    const { emu, g } = portal();
    const statuses: number[] = [];
    let last: any = null;
    for (let i = 0; i < 121; i++) {
      last = send(g, 'get', '/videos/vid_1/ad-code-request');
      statuses.push(last.getResponseCode());
    }
    expect(statuses.slice(0, 120).every((s) => s !== 429)).toBe(true);
    expect(statuses[120]).toBe(429);
    expect(last.getHeaders()['Retry-After']).toBe('1');
    expect(last.getHeaders()['X-RateLimit-Remaining']).toBe('0');
    expect(JSON.parse(last.getContentText())).toEqual({
      error: {
        code: 'RATE_LIMIT_EXCEEDED',
        message: 'Too many requests. Please slow down.',
        details: { retry_after_seconds: 1 },
      },
    });
    // The clock has not moved: still limited.
    expect(send(g, 'get', '/videos/vid_1/ad-code-request').getResponseCode()).toBe(429);
    // Retry-After seconds later two tokens are back (2 a second).
    emu.clock.advance(1000);
    expect(send(g, 'get', '/videos/vid_1/ad-code-request').getResponseCode()).toBe(404);
    expect(send(g, 'get', '/videos/vid_1/ad-code-request').getResponseCode()).toBe(404);
    expect(send(g, 'get', '/videos/vid_1/ad-code-request').getResponseCode()).toBe(429);
    // A full minute refills the bucket.
    emu.clock.advance(60000);
    const fresh = send(g, 'get', '/videos/vid_1/ad-code-request');
    expect(fresh.getHeaders()['X-RateLimit-Remaining']).toBe('119');
  });
});

describe('no secret leaks', () => {
  test('the TikTok token and the TokPortal key travel only to their own hosts', () => {
    const emu = createEmulator();
    const tt = new FakeTikTokBusiness().install(emu.net);
    const w = new FakeTikTokWeb().install(emu.net);
    const tp = new FakeTokPortal().install(emu.net);
    tt.addAdvertiser(ADV, { token: TOKEN });
    w.addPost({ videoId: ITEM, handle: 'maya.makes' });
    tp.addKey('sk_portal_key');
    tp.addVideo('vid_1');
    const g = emu.globals as G;
    g.UrlFetchApp.fetchAll([
      { url: `${TIKTOK_BUSINESS_BASE}tt_video/list/?advertiser_id=${ADV}`, headers: { 'Access-Token': TOKEN } },
      {
        url: `https://www.tiktok.com/oembed?url=${encodeURIComponent(`https://www.tiktok.com/@maya.makes/video/${ITEM}`)}`,
      },
      {
        url: `${TOKPORTAL_BASE}/videos/vid_1/ad-code-request`,
        headers: { 'X-API-Key': 'sk_portal_key' },
        muteHttpExceptions: true,
      },
    ]);
    const carrying = (secret: string) =>
      emu.net.requests.filter((r) => JSON.stringify(r).includes(secret)).map((r) => new URL(r.url).host);
    expect(carrying(TOKEN)).toEqual(['business-api.tiktok.com']);
    expect(carrying('sk_portal_key')).toEqual(['app.tokportal.com']);
    expect(emu.net.requests).toHaveLength(3);
  });
});
