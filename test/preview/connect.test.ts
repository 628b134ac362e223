/**
 * The preview's TikTok demo on the built add-on: Load sample data sets up the
 * fake TikTok and TokPortal world that matches the sample ledger and saves the
 * demo connection through the add-on; a sync fills the figures TikTok has,
 * flags the posts deleted on TikTok and mails their owners; the fakes survive
 * the state file; a post deleted later is flagged by the next day's trigger
 * run; a run rolled back for a question takes the fakes back with it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instantToWall, TIKTOK_BUSINESS_BASE, TOKPORTAL_BASE } from '@spark-ledger/gas-emulator';
import { everythingInTheSpreadsheet } from '../connect/support';
import type { Harness } from '../support/addon';
import { SAMPLE_ADVERTISERS } from './sampleData';
import { PreviewSession, type SampleResult } from './session';
import { DEMO_TOKEN, DEMO_TOKPORTAL_KEY, ledgerRows, tokportalIdOf } from './tiktokDemo';

const NOW = new Date('2026-03-02T15:00:00Z');
const TZ = 'America/New_York';
const DAY = 24 * 3600000;
const LIVE = new Set(['Activated', 'Spending', 'Paused', 'Renewal needed']);
// Loading the sample data replays ~1,600 add-on actions; leave room on a busy two-core machine.
const SLOW = 180000;

describe('the preview TikTok demo', () => {
  let dir: string;
  let stateFile: string;
  let session: PreviewSession;
  let sample: SampleResult;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'spark-tiktok-demo-'));
    stateFile = join(dir, 'state.json');
    session = new PreviewSession({ stateFile, now: NOW, timeZone: TZ });
    sample = session.loadSample();
  }, SLOW);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** A Ledger column by header, read from the emulated sheet, by video URL. */
  function column(header: string): Map<string, unknown> {
    const sheet = session.emu.sheet('Ledger');
    const grid = sheet.readValues(1, 1, sheet.getLastRow(), sheet.getLastColumn());
    const url = grid[0].indexOf('Video URL');
    const col = grid[0].indexOf(header);
    return new Map(grid.slice(1).map((r) => [String(r[url]), r[col]]));
  }

  const audit = () => {
    const sheet = session.emu.sheet('Audit');
    const grid = sheet.readValues(1, 1, sheet.getLastRow(), sheet.getLastColumn());
    const h = grid[0].map(String);
    return grid.slice(1).map((r) => Object.fromEntries(h.map((k, i) => [k, r[i]])) as Record<string, unknown>);
  };

  it(
    'sets up a TikTok world that matches the sample ledger, and connects to it through the add-on',
    () => {
      expect(sample).toMatchObject({ rows: 300, failures: 0 });
      expect(sample.tiktok).toMatchObject({ advertisers: 10, deleted: [expect.any(String), expect.any(String)] });

      // Settings: each ad account's TikTok advertiser ID beside it.
      const settings = session.emu.sheet('Settings').getDataRange().getValues();
      const h = settings[0].map(String);
      const beside = settings
        .slice(1)
        .filter((r) => r[h.indexOf('Ad accounts')] !== '')
        .map((r) => [r[h.indexOf('Ad accounts')], String(r[h.indexOf('TikTok advertiser ID')])]);
      expect(Object.fromEntries(beside)).toEqual(
        Object.fromEntries(Object.entries(SAMPLE_ADVERTISERS).map(([k, v]) => [k, v.id])),
      );

      // The connection is the add-on's own, in the emulated document properties.
      const view = session.execute('getConnection', [], { interactive: false }).reply;
      expect(view).toMatchObject({
        ok: true,
        value: {
          tiktok: { connected: true, advertiserIds: Object.values(SAMPLE_ADVERTISERS).map((a) => a.id) },
          tokportal: { connected: true },
        },
      });
      expect(session.tiktokStatus()).toEqual({
        connection: 'demo',
        tokportal: true,
        advertisers: 10,
        livePosts: sample.tiktok!.posts + 1 - 2,
        deletedPosts: 2,
      });
      expect(audit().map((a) => a['New value'])).toEqual(
        expect.arrayContaining([expect.stringMatching(/^TikTok connected: advertisers 7312046859210440193, /)]),
      );
      const everywhere = everythingInTheSpreadsheet({ emu: session.emu } as Harness);
      expect(everywhere).not.toContain(DEMO_TOKEN);
      expect(everywhere).not.toContain(DEMO_TOKPORTAL_KEY);

      // Every live code is a post authorized to its ad account, with the ledger's window.
      const world = session.tiktok;
      const live = ledgerRows(session.emu).filter((r) => LIVE.has(r.status));
      expect(live.length).toBeGreaterThan(100);
      for (const r of live) {
        const post = world.tiktok.posts.get(r.sparkCode)!;
        expect(post).toMatchObject({ itemId: r.videoId });
        expect(world.tiktok.advertisers.get(SAMPLE_ADVERTISERS[r.adAccount].id)!.authorized).toContain(r.sparkCode);
        const localDay = (utc: string) =>
          new Date(instantToWall(TZ, Date.parse(`${utc.replace(' ', 'T')}Z`))).toISOString().slice(0, 10);
        expect([localDay(post.authStart), localDay(post.authEnd)]).toEqual([r.authorizedOn, r.expiresOn]);
      }
      // Ads: some videos have two; every id is past 2^53, and neighbours differ by less than a double can tell.
      const ads = [...world.tiktok.advertisers.values()].flatMap((a) => a.ads);
      const perVideo = new Map<string, number>();
      for (const ad of ads) perVideo.set(ad.itemId, (perVideo.get(ad.itemId) ?? 0) + 1);
      expect([...perVideo.values()].filter((n) => n === 2).length).toBeGreaterThan(10);
      expect(ads.every((ad) => BigInt(ad.adId) > BigInt(Number.MAX_SAFE_INTEGER))).toBe(true);
      expect(new Set(ads.map((ad) => Number(ad.adId))).size).toBeLessThan(ads.length);
      // A TokPortal video for each Requested row; the first one asked through the add-on.
      const requested = ledgerRows(session.emu).filter((r) => r.status === 'Requested');
      for (const r of requested) expect(world.tokportal.videos.has(tokportalIdOf(r.videoId))).toBe(true);
      expect(column('TokPortal request').get(sample.tiktok!.tokportal!)).toBe('Requested 2026-03-02');
    },
    SLOW,
  );

  it(
    'syncs: Spend from TikTok on live rows, the deleted posts flagged Removed, their owners emailed',
    () => {
      const before = { spend: column('Spend'), outbox: session.emu.outbox.length };
      const r = session.syncWithTikTok();
      expect(r.result).toMatchObject({
        accountsDone: Object.values(SAMPLE_ADVERTISERS).map((a) => a.id),
        accountsLeft: [],
        tokportalReceived: 1,
        unmapped: 0,
        continues: false,
      });
      expect(r.result!.message).toMatch(
        /^10 ad accounts synced today, \d+ rows updated, 1 TokPortal code recorded, \d owners emailed\.$/,
      );

      // Figures: each video's lifetime total on TikTok, over all its ads, to the cent.
      const spend = column('Spend');
      const conversions = column('Conversions');
      const figuresFrom = column('Figures from');
      const rows = ledgerRows(session.emu);
      let withFigures = 0;
      for (const row of rows) {
        const tiktok = session.tiktok.lifetime(row.videoId);
        if (!tiktok) continue;
        withFigures++;
        expect([row.videoUrl, spend.get(row.videoUrl), conversions.get(row.videoUrl)]).toEqual([
          row.videoUrl,
          tiktok.spend,
          tiktok.conversions,
        ]);
      }
      expect(withFigures).toBeGreaterThan(150);
      const spending = rows.filter((row) => row.status === 'Spending');
      expect(spending.length).toBeGreaterThan(50);
      for (const row of spending) {
        expect(spend.get(row.videoUrl)).not.toBe(before.spend.get(row.videoUrl));
        expect(figuresFrom.get(row.videoUrl)).toBe('TikTok, 2026-03-02');
      }

      // The posts deleted on TikTok are flagged, and their paid and creator owners told.
      const organic = column('Organic post');
      const mails = session.emu.outbox.slice(before.outbox);
      expect(mails.length).toBe(r.effects!.mailsSent);
      for (const url of sample.tiktok!.deleted) {
        const row = rows.find((x) => x.videoUrl === url)!;
        expect(organic.get(url)).toBe('Removed');
        const owners = [column('Paid owner').get(url), column('Creator owner').get(url)];
        for (const owner of owners) {
          const mail = mails.find((m) => m.to === owner && m.body.includes(`Post removed: @${row.handle}`));
          expect(mail?.subject).toMatch(/TikTok reports/);
        }
      }
      expect(audit()).toContainEqual(
        expect.objectContaining({ Field: 'Organic post', 'Old value': 'Live', 'New value': 'Removed' }),
      );

      // TokPortal's code arrived and is recorded as if typed, checked with TikTok.
      const asked = sample.tiktok!.tokportal!;
      const video = tokportalIdOf(asked.split('/').pop()!);
      expect(column('Status').get(asked)).toBe('Received');
      expect(column('Spark code').get(asked)).toBe(session.tiktok.tokportal.latest(video)!.code);
      expect(column('TokPortal request').get(asked)).toBe('Code received 2026-03-02');
      expect(column('TikTok check').get(asked)).toBe('Code matches this post');
    },
    SLOW,
  );

  it(
    "keeps the fakes in the state file, and the next day's trigger run flags a post deleted meanwhile",
    () => {
      const deleted = session.deleteTikTokPost();
      expect(['Spending', 'Renewal needed']).toContain(deleted.status);
      expect(session.tiktokStatus()).toMatchObject({ deletedPosts: 3 });

      // A new preview on the same state file has the same fake servers, mounted.
      const again = new PreviewSession({ stateFile, now: NOW, timeZone: TZ });
      expect(again.tiktok.toJSON()).toEqual(session.tiktok.toJSON());
      expect(again.emu.net.routeKeys()).toEqual(
        expect.arrayContaining([TIKTOK_BUSINESS_BASE, TOKPORTAL_BASE, 'www.tiktok.com']),
      );
      expect(again.tiktokStatus()).toMatchObject({ connection: 'demo', deletedPosts: 3 });

      // Today's sync is done; a day on, the hourly trigger syncs before its expiry check.
      const outbox = again.emu.outbox.length;
      again.advanceClock(DAY);
      const fired = again.fireDueTriggers();
      expect(fired.fired.length).toBe(24);
      expect(fired.fired.every((f) => f.reply.ok)).toBe(true);
      const sheet = again.emu.sheet('Ledger');
      const header = sheet.readValues(1, 1, 1, sheet.getLastColumn())[0];
      expect(sheet.cellValue(deleted.row, header.indexOf('Organic post') + 1)).toBe('Removed');
      const told = again.emu.outbox
        .slice(outbox)
        .filter((m) => /TikTok reports/.test(m.subject) && m.body.includes(`Post removed: @${deleted.handle}`));
      expect(told.length).toBeGreaterThanOrEqual(1);
    },
    SLOW,
  );

  it(
    'rolls the fake servers back with the spreadsheet when a run stops for a question',
    () => {
      const before = session.tiktok.toJSON();
      const world = session.tiktok;
      const r = session.execute('menuArchiveClosed', [], { interactive: true });
      expect(r.question).toMatchObject({ kind: 'prompt', title: 'Archive closed rows' });
      expect(session.tiktok).not.toBe(world);
      expect(session.tiktok.toJSON()).toEqual(before);
      expect(session.emu.net.routeKeys()).toEqual(expect.arrayContaining([TIKTOK_BUSINESS_BASE, TOKPORTAL_BASE]));
      expect(session.syncWithTikTok().result).toMatchObject({ connected: { tiktok: true, tokportal: true } });
    },
    SLOW,
  );
});
