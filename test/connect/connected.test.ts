/**
 * The ledger connected to TikTok and TokPortal, on the emulator's fake
 * servers (packages/gas-emulator/src/net): a code checked on arrival, short
 * links resolved, the daily sync (posts, figures, rate limits, resumption),
 * TokPortal hand-offs, and secrets that never leave the properties.
 */
import { fireTrigger } from '../support/addon';
import { receivedRecord } from '../support/ledgerFill';
import { IMPORT_HEADERS, importLine, requestInput, sparkCode, videoUrl } from '../support/fixtures';
import { formatCsv } from '../../src/core/import/csv';
import { CREATOR, PAID, auditRows, column, liveRecord } from '../expiry/helpers';
import {
  ADVERTISER,
  ADVERTISER_2,
  TOKEN,
  TOKPORTAL_KEY,
  connected,
  everythingInTheSpreadsheet,
  adWithFigures,
  livePost,
  mapAdvertisers,
} from './support';

const idOf = (n: number) => videoUrl(n).split('/').pop() as string;

describe('connection settings', () => {
  it('stores a token with its advertisers and a key, shows only a hint of each, and removes them', () => {
    const h = connected([]);
    const view = h.addon.getConnection();
    expect(view.tiktok).toMatchObject({ connected: true, advertiserIds: [ADVERTISER], by: 'am@agency.example' });
    expect(view.tiktok.token).not.toContain(TOKEN.slice(4, 20));
    expect(view.tiktok.token.replace(/[^A-Za-z0-9]/g, '').length).toBeLessThanOrEqual(TOKEN.length / 3);
    expect(view.tokportal).toMatchObject({ connected: true });
    const removed = h.addon.saveConnection({ remove: ['tokportal'] });
    expect(removed).toMatchObject({ ok: true, tokportal: { connected: false }, tiktok: { connected: true } });
    expect(auditRows(h).map((a) => a.newValue)).toEqual([
      `TikTok connected: advertisers ${ADVERTISER}`,
      'TokPortal connected',
      'TokPortal removed',
    ]);
  });

  it('refuses bad input, naming each field, and stores nothing', () => {
    const h = connected([], { connect: false });
    const r = h.addon.saveConnection({ tiktokToken: 'short', advertiserIds: '12ab, 7001234567890123456', extra: 1 });
    expect(r.ok).toBe(false);
    expect(r.errors.map((e: { field: string }) => e.field).sort()).toEqual(['advertiserIds', 'extra', 'tiktokToken']);
    expect(h.addon.saveConnection({ tiktokToken: TOKEN }).errors).toEqual([
      { field: 'advertiserIds', message: 'Advertiser IDs: name at least one ad account the token covers.' },
    ]);
    expect(h.addon.getConnection()).toEqual({ tiktok: { connected: false }, tokportal: { connected: false } });
    expect(auditRows(h)).toEqual([]);
  });
});

describe('a code checked on arrival', () => {
  function requested(n: number) {
    const h = connected([
      receivedRecord(n, { status: 'Requested', sparkCode: '', authorizedOn: '', authDays: '', expiresOn: '' } as never),
    ]);
    return h;
  }

  it('refuses a code that belongs to another post, and writes nothing', () => {
    const h = requested(1);
    h.tiktok.addPost({
      authCode: sparkCode(1),
      itemId: idOf(2),
      authStart: '2026-03-01 10:00:00',
      authEnd: '2026-03-31 10:00:00',
    });
    const before = JSON.stringify(h.emu.sheet('Ledger').getDataRange().getValues());
    const r = h.addon.recordCode({
      videoUrl: videoUrl(1),
      sparkCode: sparkCode(1),
      authorizedOn: '2026-03-01',
      authDays: 30,
    });
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([
      {
        field: 'sparkCode',
        message: `This code belongs to another post: TikTok says it authorizes post ${idOf(2)}, not ${idOf(1)}. Ask the creator for the code of this video.`,
      },
    ]);
    expect(JSON.stringify(h.emu.sheet('Ledger').getDataRange().getValues())).toBe(before);
  });

  it("replaces a typed 30-day window with TikTok's exact one, and keeps the typed one in the Audit", () => {
    const h = requested(1);
    // The creator made the code late on 28 February in New York (01:30 UTC on 1 March): a 60-day window.
    h.tiktok.addPost({
      authCode: sparkCode(1),
      itemId: idOf(1),
      itemType: 'CAROUSEL',
      authStart: '2026-03-01 01:30:00',
      authEnd: '2026-04-30 00:30:00',
      identity: { tiktokName: 'Creator One' },
    });
    const r = h.addon.recordCode({
      videoUrl: videoUrl(1),
      sparkCode: sparkCode(1),
      authorizedOn: '2026-03-01',
      authDays: 30,
    });
    expect(r.ok).toBe(true);
    expect(r.record).toMatchObject({
      authorizedOn: '2026-02-28',
      authDays: 60,
      // 00:30 UTC on 30 April is 20:30 on 29 April in New York: the ledger treats the code as expired from 00:00 that day.
      expiresOn: '2026-04-29',
      tiktokWindow: '2026-03-01 01:30:00 – 2026-04-30 00:30:00 UTC',
      postType: 'Photo',
      tiktokIdentity: 'Creator One',
      tiktokCheck: 'Code matches this post',
    });
    const audit = auditRows(h);
    expect(audit).toContainEqual(
      expect.objectContaining({
        field: "Window as typed, replaced by TikTok's",
        oldValue: '2026-03-01, 30 days',
        newValue: '2026-02-28, 60 days (TikTok: 2026-03-01 01:30:00 – 2026-04-30 00:30:00 UTC)',
      }),
    );
    expect(audit).toContainEqual(expect.objectContaining({ field: 'Expires on', newValue: '2026-04-29' }));
  });

  it('saves a code as not yet checked when TikTok cannot be reached, and the next sync checks it', () => {
    const h = requested(1);
    h.tiktok.addPost({
      authCode: sparkCode(1),
      itemId: idOf(1),
      authStart: '2026-03-01 12:00:00',
      authEnd: '2026-03-31 12:00:00',
    });
    h.emu.net.failOn('business-api.tiktok.com', { times: 1 });
    const r = h.addon.recordCode({
      videoUrl: videoUrl(1),
      sparkCode: sparkCode(1),
      authorizedOn: '2026-03-02',
      authDays: 30,
    });
    expect(r.ok).toBe(true);
    expect(r.record.tiktokCheck).toBe('Not yet checked: TikTok could not be reached');
    const s = h.addon.syncConnected();
    expect(s.checked).toBe(1);
    expect(h.addon.getRecord(videoUrl(1))).toMatchObject({
      authorizedOn: '2026-03-01',
      authDays: 30,
      expiresOn: '2026-03-31',
      tiktokWindow: '2026-03-01 12:00:00 – 2026-03-31 12:00:00 UTC',
    });
    expect(
      auditRows(h)
        .filter((a) => a.via === 'TikTok sync')
        .map((a) => a.field),
    ).toContain("Window as typed, replaced by TikTok's");
  });

  it('refuses a code TikTok reports expired, with its reason', () => {
    const h = requested(1);
    h.tiktok.addPost({
      authCode: sparkCode(1),
      itemId: idOf(1),
      authStart: '2026-01-01 12:00:00',
      authEnd: '2026-01-31 12:00:00',
    });
    h.tiktok.expireCode(sparkCode(1), new Date('2026-02-01T00:00:00Z'));
    const r = h.addon.recordCode({
      videoUrl: videoUrl(1),
      sparkCode: sparkCode(1),
      authorizedOn: '2026-03-02',
      authDays: 30,
    });
    expect(r.ok).toBe(false);
    expect(r.errors[0].field).toBe('sparkCode');
    expect(r.errors[0].message).toMatch(/^TikTok refused this Spark code: /);
  });
});

describe('links as people paste them', () => {
  it('resolves a share-sheet short link to the video it leads to', () => {
    const h = connected([], { connect: false });
    h.web.addPost({ videoId: idOf(1), handle: 'creator.one' });
    h.web.addShortLink('https://vm.tiktok.com/ZMhvqKe9a/', idOf(1));
    const r = h.addon.requestCode(requestInput(1, { videoUrl: 'https://vm.tiktok.com/ZMhvqKe9a/' }));
    expect(r.ok).toBe(true);
    expect(r.record.videoUrl).toBe(videoUrl(1));
    expect(h.emu.net.requests.map((q) => [q.method, q.url])).toEqual([['GET', 'https://vm.tiktok.com/ZMhvqKe9a/']]);
  });

  it('resolves an import’s short links in one batch, and refuses only the lines whose link leads nowhere', () => {
    const h = connected([], { connect: false });
    for (const n of [1, 2]) {
      h.web.addPost({ videoId: idOf(n), handle: 'creator.one' });
      h.web.addShortLink(`https://vm.tiktok.com/ZMlink${n}/`, idOf(n));
    }
    const csv = formatCsv([
      IMPORT_HEADERS,
      importLine(1, { 'Video URL': 'https://vm.tiktok.com/ZMlink1/' }),
      importLine(2, { 'Video URL': 'vm.tiktok.com/ZMlink2/' }),
      importLine(3, { 'Video URL': 'https://vm.tiktok.com/ZMnowhere/' }),
    ]);
    const r = h.addon.importRows(csv);
    expect(r.accepted).toBe(2);
    expect(r.rejected).toEqual([{ line: 4, errors: [expect.objectContaining({ field: 'videoUrl' })] }]);
    expect(column(h, 'Video URL')).toEqual([videoUrl(1), videoUrl(2)]);
    // Three links, one batch: fetchAll sends them together.
    expect(h.emu.calls.count('UrlFetchApp.fetchAll')).toBe(1);
    expect(h.emu.net.requests).toHaveLength(3);
  });

  it('says what to do when the short link leads nowhere, and writes nothing', () => {
    const h = connected([], { connect: false });
    const r = h.addon.requestCode(requestInput(1, { videoUrl: 'https://vt.tiktok.com/ZSunknown1/' }));
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatchObject({ field: 'videoUrl' });
    expect(r.errors[0].message).toMatch(/short link, and TikTok did not say where it leads \(HTTP 404\)/);
    expect(column(h, 'Video URL')).toEqual([]);
  });
});

describe('the daily sync', () => {
  const live = (n: number, over = {}) =>
    liveRecord(n, '2026-04-02', { organicStatus: 'Live', sparkCode: sparkCode(n), ...over });

  function twoLive() {
    const h = connected([live(1), live(2)]);
    for (const n of [1, 2]) livePost(h, n);
    return h;
  }

  it('flags a removed post and tells its owners', () => {
    const h = twoLive();
    h.tiktok.deletePost(idOf(2));
    const r = h.addon.syncConnected();
    expect(r).toMatchObject({ accountsDone: [ADVERTISER], alertsSent: 2, continues: false });
    expect(h.addon.getRecord(videoUrl(2))).toMatchObject({ organicStatus: 'Removed' });
    expect(h.addon.getRecord(videoUrl(1))).toMatchObject({ organicStatus: 'Live' });
    const mail = h.emu.outbox.filter((m) => /TikTok reports/.test(m.subject));
    expect(mail.map((m) => m.to).sort()).toEqual([CREATOR, PAID]);
    expect(mail[0].body).toMatch(/Post removed: @creator\.one/);
    expect(auditRows(h)).toContainEqual(
      expect.objectContaining({ field: 'Organic post', oldValue: 'Live', newValue: 'Removed', via: 'TikTok sync' }),
    );
    // The next sync finds nothing new to say.
    h.emu.clock.set('2026-03-03T15:00:00Z');
    expect(h.addon.syncConnected()).toMatchObject({ rowsChanged: 0, alertsSent: 0 });
  });

  it('keeps the alert when mail fails, and sends it at the next run, once', () => {
    const h = twoLive();
    h.tiktok.deletePost(idOf(2));
    h.emu.faults.failOn('MailApp.sendEmail', { times: Infinity, message: 'Service unavailable' });
    expect(h.addon.syncConnected()).toMatchObject({ alertsSent: 0, alertsPending: 2 });
    expect(h.addon.getRecord(videoUrl(2))).toMatchObject({ organicStatus: 'Removed' });
    h.emu.faults.clear();
    h.emu.clock.set('2026-03-02T16:00:00Z');
    expect(h.addon.syncConnected()).toMatchObject({ alertsSent: 2, alertsPending: 0 });
    expect(h.addon.syncConnected()).toMatchObject({ alertsSent: 0, alertsPending: 0 });
    const mail = h.emu.outbox.filter((m) => /TikTok reports/.test(m.subject));
    expect(mail.map((m) => m.to).sort()).toEqual([CREATOR, PAID]);
  });

  it('says in the Audit, once a day, that an ad account could not be read because TikTok refused the token', () => {
    const h = twoLive();
    h.tiktok.revokeToken(TOKEN);
    const r = h.addon.syncConnected();
    expect(r.accountsLeft).toEqual([{ advertiserId: ADVERTISER, reason: expect.any(String) }]);
    expect(r.continues).toBe(true);
    h.addon.syncConnected();
    const told = auditRows(h).filter((a) => a.field === 'TikTok sync');
    expect(told).toHaveLength(1);
    expect(told[0].newValue).toMatch(new RegExp(`^Ad account ${ADVERTISER} not read: `));
    expect(told[0].newValue).not.toContain(TOKEN);
    // Nothing in the rows changed because TikTok said nothing.
    expect(h.addon.getRecord(videoUrl(1))).toMatchObject({ organicStatus: 'Live', spend: '' });
  });

  it('gives a row the ad account’s currency with TikTok’s figures, as TikTok reports spend in it', () => {
    const h = connected([live(1, { currency: 'EUR' }), live(2), live(3, { currency: 'USD' })]);
    for (const n of [1, 2, 3]) {
      livePost(h, n);
      adWithFigures(h, n, `179000000000000001${n}`, { spend: 10 * n, conversion: n, comments: 0 });
    }
    const r = h.addon.syncConnected();
    expect(r.currencyChanged).toBe(1);
    expect(r.message).toContain("1 row now shows the ad account's currency, the one TikTok reports spend in.");
    // The account reports in USD (the fake's default).
    expect(h.addon.getRecord(videoUrl(1))).toMatchObject({ currency: 'USD', spend: 10 });
    expect(h.addon.getRecord(videoUrl(2))).toMatchObject({ currency: 'USD', spend: 20 });
    expect(h.addon.getRecord(videoUrl(3))).toMatchObject({ currency: 'USD', spend: 30 });
    expect(auditRows(h)).toContainEqual(
      expect.objectContaining({ field: 'Currency', oldValue: 'EUR', newValue: 'USD', via: 'TikTok sync' }),
    );
  });

  it('sums spend per video over its ads, matching an ad id above 2^53 exactly', () => {
    const h = twoLive();
    // Two ads on video 1; a third, whose id differs from the second only past the 16th digit, on video 2.
    h.tiktok.addAd(ADVERTISER, { adId: '1790000000000000011', itemId: idOf(1) });
    h.tiktok.addAd(ADVERTISER, { adId: '1790000000000000013', itemId: idOf(1) });
    h.tiktok.addAd(ADVERTISER, { adId: '1790000000000000012', itemId: idOf(2) });
    h.tiktok.addDailyStats(ADVERTISER, {
      adId: '1790000000000000011',
      day: '2026-02-20',
      spend: 76.73,
      conversion: 4,
      comments: 2,
    });
    h.tiktok.addDailyStats(ADVERTISER, {
      adId: '1790000000000000013',
      day: '2026-02-21',
      spend: 10.1,
      conversion: 1,
      comments: '-',
    });
    h.tiktok.addDailyStats(ADVERTISER, {
      adId: '1790000000000000012',
      day: '2026-02-21',
      spend: 500,
      conversion: 9,
      comments: 7,
    });
    h.addon.syncConnected();
    expect(h.addon.getRecord(videoUrl(1))).toMatchObject({
      spend: 86.83,
      conversions: 5,
      comments: 2,
      figuresFrom: 'TikTok, 2026-03-02',
    });
    expect(h.addon.getRecord(videoUrl(2))).toMatchObject({ spend: 500, conversions: 9, comments: 7 });
  });

  it('resumes a rate-limited run the next day with nothing lost or doubled', () => {
    const h = connected([live(1, { adAccount: 'ACME-US-001' }), live(2, { adAccount: 'NW-EU-002' })], {
      advertisers: [ADVERTISER, ADVERTISER_2],
    });
    mapAdvertisers(h, { 'ACME-US-001': ADVERTISER, 'NW-EU-002': ADVERTISER_2, 'GLX-APAC-003': ADVERTISER });
    livePost(h, 1);
    livePost(h, 2, ADVERTISER_2);
    h.tiktok.addAd(ADVERTISER, { adId: '1790000000000000011', itemId: idOf(1) });
    h.tiktok.addAd(ADVERTISER_2, { adId: '1790000000000000099', itemId: idOf(2) });
    h.tiktok.addDailyStats(ADVERTISER, {
      adId: '1790000000000000011',
      day: '2026-02-20',
      spend: 40,
      conversion: 2,
      comments: 1,
    });
    h.tiktok.addDailyStats(ADVERTISER_2, {
      adId: '1790000000000000099',
      day: '2026-02-20',
      spend: 25,
      conversion: 1,
      comments: 0,
    });
    // Day 1: the accounts' currencies and the first account's three reads go through, then TikTok answers
    // 40100 (in an HTTP 200).
    h.tiktok.rateLimit({ after: 4 });
    const day1 = h.addon.syncConnected();
    expect(day1).toMatchObject({ accountsDone: [ADVERTISER], continues: true });
    expect(day1.accountsLeft).toEqual([{ advertiserId: ADVERTISER_2, reason: 'TikTok asked to wait (rate limit)' }]);
    expect(h.addon.getRecord(videoUrl(1))).toMatchObject({ spend: 40 });
    expect(h.addon.getRecord(videoUrl(2))).toMatchObject({ spend: '' });
    // Nothing is fetched while TikTok asked to wait.
    const sent = h.emu.net.requests.length;
    expect(h.addon.syncConnected().continues).toBe(true);
    expect(h.emu.net.requests.length).toBe(sent);
    // Day 2: more spend came in on the first account; the second is read at last.
    h.tiktok.rateLimit(null);
    h.tiktok.addDailyStats(ADVERTISER, {
      adId: '1790000000000000011',
      day: '2026-03-02',
      spend: 5,
      conversion: 1,
      comments: 0,
    });
    h.emu.clock.set('2026-03-03T15:00:00Z');
    const day2 = h.addon.syncConnected();
    expect(day2).toMatchObject({ continues: false });
    expect(day2.accountsDone.sort()).toEqual([ADVERTISER, ADVERTISER_2].sort());
    // Lifetime totals replace: 40 + 5, not 40 + 45.
    expect(h.addon.getRecord(videoUrl(1))).toMatchObject({ spend: 45, conversions: 3 });
    expect(h.addon.getRecord(videoUrl(2))).toMatchObject({ spend: 25, conversions: 1 });
    const spendLines = auditRows(h).filter((a) => a.field === 'Spend');
    expect(spendLines.map((a) => [a.oldValue, a.newValue])).toEqual([
      ['', '40'],
      ['40', '45'],
      ['', '25'],
    ]);
  });

  it('carries on at the next hourly run where a rate limit stopped the daily one, without reading again what it read', () => {
    const h = connected([live(1, { adAccount: 'ACME-US-001' }), live(2, { adAccount: 'NW-EU-002' })], {
      advertisers: [ADVERTISER, ADVERTISER_2],
    });
    mapAdvertisers(h, { 'ACME-US-001': ADVERTISER, 'NW-EU-002': ADVERTISER_2 });
    for (const [n, adv] of [
      [1, ADVERTISER],
      [2, ADVERTISER_2],
    ] as const) {
      livePost(h, n, adv);
      adWithFigures(h, n, `179000000000000001${n}`, { spend: 10 * n, conversion: n, comments: 0 }, adv);
    }
    h.addon.enableDailyAlerts();
    const trigger = h.emu.triggers.find((t) => t.eventType === 'CLOCK')!;
    h.tiktok.rateLimit({ after: 4 });
    h.emu.clock.set('2026-03-03T13:05:00Z');
    fireTrigger(h.emu, trigger);
    expect(h.addon.getRecord(videoUrl(1))).toMatchObject({ spend: 10 });
    expect(h.addon.getRecord(videoUrl(2))).toMatchObject({ spend: '' });
    h.tiktok.rateLimit(null);
    const before = h.emu.net.requests.length;
    h.emu.clock.set('2026-03-03T14:05:00Z');
    fireTrigger(h.emu, trigger);
    // Besides the currencies, only the account left is read.
    const asked = h.emu.net.requests
      .slice(before)
      .map((q) => new URL(q.url))
      .filter((u) => !u.pathname.endsWith('/advertiser/info/'))
      .map((u) => u.searchParams.get('advertiser_id'));
    expect(new Set(asked)).toEqual(new Set([ADVERTISER_2]));
    expect(h.addon.getRecord(videoUrl(2))).toMatchObject({ spend: 20 });
    // A third run that day has nothing left to fetch.
    const after = h.emu.net.requests.length;
    h.emu.clock.set('2026-03-03T15:05:00Z');
    fireTrigger(h.emu, trigger);
    expect(h.emu.net.requests.length).toBe(after);
  });

  it('syncs in the hour before the alert hour, an execution of its own, and the check at the alert hour reads its result', () => {
    const h = twoLive();
    h.tiktok.deletePost(idOf(2));
    h.addon.enableDailyAlerts();
    const trigger = h.emu.triggers.find((t) => t.eventType === 'CLOCK')!;
    // 07:05 in New York, the hour before the 08:00 alerts: the sync runs, the check does not.
    h.emu.clock.set('2026-03-03T12:05:00Z');
    expect(fireTrigger(h.emu, trigger)).toMatchObject({ skipped: expect.stringMatching(/^Nothing is due/) });
    expect(h.addon.getRecord(videoUrl(2))).toMatchObject({ organicStatus: 'Removed' });
    const fetched = h.emu.net.requests.length;
    expect(fetched).toBeGreaterThan(0);
    // 08:05: the check runs; the sync has nothing left to fetch.
    h.emu.clock.set('2026-03-03T13:05:00Z');
    expect(fireTrigger(h.emu, trigger)).toMatchObject({ checked: 2 });
    expect(h.emu.net.requests.length).toBe(fetched);
  });

  it('runs from the daily trigger before the expiry check, and an expired authorization becomes Expired', () => {
    const h = twoLive();
    h.tiktok.expireCode(sparkCode(1), new Date('2026-03-02T10:00:00Z'));
    h.addon.enableDailyAlerts();
    h.emu.clock.set('2026-03-03T13:05:00Z');
    const trigger = h.emu.triggers.find((t) => t.eventType === 'CLOCK')!;
    fireTrigger(h.emu, trigger);
    expect(h.addon.getRecord(videoUrl(1))).toMatchObject({ status: 'Expired', paidStatus: 'Ended' });
    expect(auditRows(h)).toContainEqual(
      expect.objectContaining({ field: 'Status', newValue: 'Expired', via: 'TikTok sync' }),
    );
  });
});

describe('the daily run of an add-on, which may have no document properties', () => {
  it('syncs with the copy of the connection kept by the person who turned alerts on', () => {
    const h = connected([liveRecord(1, '2026-04-02', { sparkCode: sparkCode(1) })], {
      emulator: { deployment: 'addon' },
    });
    livePost(h, 1);
    adWithFigures(h, 1, '1790000000000000011', { spend: 40, conversion: 2, comments: 1 });
    h.addon.enableDailyAlerts();
    h.emu.clock.set('2026-03-03T13:05:00Z');
    fireTrigger(h.emu, h.emu.triggers.find((t) => t.eventType === 'CLOCK')!);
    expect(h.addon.getRecord(videoUrl(1))).toMatchObject({ spend: 40, figuresFrom: 'TikTok, 2026-03-03' });
  });
});

describe('TokPortal', () => {
  it('asks for a code, polls until it arrives, and records it as if typed', () => {
    const h = connected([
      receivedRecord(1, { status: 'Requested', sparkCode: '', authorizedOn: '', authDays: '', expiresOn: '' } as never),
    ]);
    h.tokportal.addVideo('tp_video_42', { finalized: true });
    const asked = h.addon.requestViaTokPortal({
      videoUrl: videoUrl(1),
      tokportalVideo: 'tp_video_42',
      note: 'Spring launch',
    });
    expect(asked.ok).toBe(true);
    expect(h.addon.getRecord(videoUrl(1))).toMatchObject({
      tokportalVideo: 'tp_video_42',
      tokportalRequest: 'Requested 2026-03-02',
    });
    expect(h.addon.syncConnected().tokportalReceived).toBe(0);
    expect(h.addon.getRecord(videoUrl(1)).tokportalRequest).toBe('In review at TokPortal (asked 2026-03-02)');
    h.tokportal.finalize('tp_video_42', sparkCode(1));
    h.tiktok.addPost({
      authCode: sparkCode(1),
      itemId: idOf(1),
      authStart: '2026-03-03 09:00:00',
      authEnd: '2026-04-02 09:00:00',
    });
    h.emu.clock.set('2026-03-03T15:00:00Z');
    expect(h.addon.syncConnected().tokportalReceived).toBe(1);
    expect(h.addon.getRecord(videoUrl(1))).toMatchObject({
      status: 'Received',
      sparkCode: sparkCode(1),
      authorizedOn: '2026-03-03',
      expiresOn: '2026-04-02',
      tiktokCheck: 'Code matches this post',
      tokportalRequest: 'Code received 2026-03-03',
    });
    expect(auditRows(h)).toContainEqual(expect.objectContaining({ field: 'Spark code', via: 'TokPortal' }));
  });
});

describe('secrets', () => {
  it('never appear in a sheet, an audit line, an email or a return value', () => {
    const h = connected([liveRecord(1, '2026-03-04', { sparkCode: sparkCode(1) })]);
    h.tiktok.addPost({
      authCode: sparkCode(1),
      itemId: idOf(1),
      authStart: '2026-02-01 12:00:00',
      authEnd: '2026-03-04 12:00:00',
      adAuthStatus: 'AUTHORIZED',
      advertiserId: ADVERTISER,
    });
    h.tiktok.deletePost(idOf(1));
    const returned = [
      h.addon.getConnection(),
      h.addon.saveConnection({ tiktokToken: TOKEN }),
      h.addon.syncConnected(),
      h.addon.checkWithTikTok(videoUrl(1)),
      h.addon.runExpiryCheck(),
      h.addon.getToday({ scope: 'all' }),
      h.addon.validateLedger(),
      h.addon.generateClientReport('Northwind Foods'),
    ];
    const everywhere = [
      JSON.stringify(returned),
      everythingInTheSpreadsheet(h),
      JSON.stringify(h.emu.outbox),
      JSON.stringify(h.emu.logs),
    ].join('\n');
    expect(h.emu.outbox.length).toBeGreaterThan(0);
    for (const secret of [TOKEN, TOKPORTAL_KEY]) {
      expect(everywhere).not.toContain(secret);
      // Not even a long piece of one.
      for (let i = 0; i + 12 <= secret.length; i += 4) expect(everywhere).not.toContain(secret.slice(i, i + 12));
    }
    // Sent only where it belongs: to TikTok, in its header.
    for (const q of h.emu.net.requests) {
      if (q.url.startsWith('https://business-api.tiktok.com/')) expect(q.headers['access-token']).toBe(TOKEN);
      expect(q.url).not.toContain(TOKEN);
      expect(q.body).not.toContain(TOKEN);
    }
  });
});

describe('client reports', () => {
  it('say which figures came from TikTok, with the day', () => {
    const h = connected([
      liveRecord(1, '2026-04-02', { client: 'Acme Apps', sparkCode: sparkCode(1) }),
      liveRecord(4, '2026-04-02', { client: 'Acme Apps', sparkCode: sparkCode(4), spend: 12 }),
    ]);
    livePost(h, 1);
    adWithFigures(h, 1, '1790000000000000011', { spend: 40, conversion: 2, comments: 1 });
    h.addon.syncConnected();
    h.addon.generateClientReport('Acme Apps');
    const text = JSON.stringify(h.emu.sheet('Report · Acme Apps').getDataRange().getDisplayValues());
    expect(text).toContain(
      'Spend, conversions and comments of 1 video come from TikTok, read daily (the latest change came on 2026-03-02); the other video is as the agency recorded it.',
    );
  });
});

describe('Today', () => {
  it('puts a running code on a post TikTok reports removed right after the expired ones', () => {
    const h = connected([liveRecord(1, '2026-04-02', { sparkCode: sparkCode(1), organicStatus: 'Live' })]);
    livePost(h, 1);
    expect(h.addon.getToday({ scope: 'all' }).items).toEqual([]);
    h.tiktok.deletePost(idOf(1));
    h.addon.syncConnected();
    expect(h.addon.getToday({ scope: 'all' }).items).toEqual([
      expect.objectContaining({
        kind: 'tiktok',
        next: 'decide',
        says: 'TikTok says the post was removed: pause the ad in Ads Manager and retire the code.',
      }),
    ]);
  });
});

describe('photo and mobile links through the ledger', () => {
  it('finds a photo post’s row again by its id, to record its code and read it back, without a second row', () => {
    const h = connected([], { connect: false });
    const photo = videoUrl(1).replace('/video/', '/photo/');
    expect(h.addon.requestCode(requestInput(1, { videoUrl: photo })).ok).toBe(true);
    const r = h.addon.recordCode({
      videoUrl: photo,
      sparkCode: sparkCode(1),
      authorizedOn: '2026-03-01',
      authDays: 30,
    });
    expect(r).toMatchObject({ ok: true, record: { videoUrl: photo, status: 'Received', row: 2 } });
    // The same post by its video link, and by its mobile link, is the same row.
    expect(h.addon.getRecord(videoUrl(1))).toMatchObject({ row: 2, sparkCode: sparkCode(1) });
    expect(h.addon.getRecord(`https://m.tiktok.com/v/${idOf(1)}.html`)).toMatchObject({ row: 2 });
    expect(h.addon.requestCode(requestInput(1)).ok).toBe(false);
    expect(column(h, 'Video URL')).toEqual([photo]);
  });
});

describe('one video, one row', () => {
  /** Cells read by `fn` on a connected ledger of `rows` rows, the target in its middle. */
  function cellsRead(rows: number, fn: (h: ReturnType<typeof connected>, url: string) => unknown): number {
    const h = connected(
      Array.from({ length: rows }, (_, i) => liveRecord(1000 + i, '2026-04-02', { sparkCode: sparkCode(1000 + i) })),
    );
    const n = 1000 + Math.floor(rows / 2);
    livePost(h, n);
    h.tokportal.addVideo('tp_mid', { finalized: true });
    h.emu.calls.reset();
    fn(h, videoUrl(n));
    return h.emu.calls.cellsRead;
  }

  it.each([['checkWithTikTok', (h: ReturnType<typeof connected>, url: string) => h.addon.checkWithTikTok(url)]])(
    '%s reads the same cells on 20 rows as on 400',
    (_name, fn) => {
      expect(cellsRead(400, fn)).toBe(cellsRead(20, fn));
    },
  );
});
