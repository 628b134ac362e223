/** A ledger connected to the emulator's fake TikTok and TokPortal servers. */
import { type EmulatorOptions, FakeTikTokBusiness, FakeTikTokWeb, FakeTokPortal } from '@spark-ledger/gas-emulator';
import type { LedgerRecord } from '../../src/core/ledger/fields';
import type { Harness } from '../support/addon';
import { setup } from '../expiry/helpers';
import { sparkCode, videoUrl } from '../support/fixtures';

export const TOKEN = 'act.9f8e7d6c5b4a39281706f5e4d3c2b1a0feedface1234';
export const TOKPORTAL_KEY = 'sk_live_4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c';
/** Advertiser ids run to 19 digits. */
export const ADVERTISER = '7001234567890123456';
export const ADVERTISER_2 = '7009876543210987654';

export interface Connected extends Harness {
  tiktok: FakeTikTokBusiness;
  web: FakeTikTokWeb;
  tokportal: FakeTokPortal;
}

/** The add-on on a seeded ledger, the three fakes mounted; connected unless `connect: false`. */
export function connected(
  records: LedgerRecord[],
  opts: { connect?: boolean; advertisers?: string[]; tokportal?: boolean; emulator?: EmulatorOptions } = {},
): Connected {
  const tiktok = new FakeTikTokBusiness();
  const web = new FakeTikTokWeb();
  const tokportal = new FakeTokPortal();
  const advertisers = opts.advertisers ?? [ADVERTISER];
  for (const a of advertisers) tiktok.addAdvertiser(a, { timeZone: 'America/New_York' });
  tiktok.addToken(TOKEN, advertisers);
  tokportal.addKey(TOKPORTAL_KEY);
  const h = setup(records, { ...opts.emulator, fakes: [tiktok, web, tokportal] });
  if (opts.connect !== false) {
    const r = h.addon.saveConnection({
      tiktokToken: TOKEN,
      advertiserIds: advertisers.join(', '),
      ...(opts.tokportal !== false ? { tokportalKey: TOKPORTAL_KEY } : {}),
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
  }
  return { ...h, tiktok, web, tokportal };
}

/** Puts a TikTok advertiser id beside each named ad account on Settings. */
export function mapAdvertisers(h: Harness, map: Record<string, string>): void {
  const sheet = h.emu.sheet('Settings');
  const values = sheet.getDataRange().getValues();
  const header = values[0].map(String);
  const accounts = header.indexOf('Ad accounts');
  const col = header.indexOf('TikTok advertiser ID') + 1;
  values.forEach((row, i) => {
    const id = map[String(row[accounts])];
    if (i > 0 && id) sheet.getRange(i + 1, col).setValue(id);
  });
}

/** Every text the spreadsheet holds, in every sheet, as shown and as stored, notes included. */
export function everythingInTheSpreadsheet(h: Harness): string {
  return h.emu.spreadsheet
    .getSheets()
    .map((s) => {
      const r = s.getDataRange();
      return [r.getValues(), r.getDisplayValues(), r.getNotes(), r.getFormulas()]
        .map((g) => JSON.stringify(g))
        .join('\n');
    })
    .join('\n');
}

/** Video n's code, authorized to `advertiserId` from 1 February to 2 April 2026 (UTC noon), on the fake TikTok. */
export function livePost(h: Connected, n: number, advertiserId = ADVERTISER): void {
  h.tiktok.addPost({
    authCode: sparkCode(n),
    itemId: videoUrl(n).split('/').pop() as string,
    authStart: '2026-02-01 12:00:00',
    authEnd: '2026-04-02 12:00:00',
    advertiserId,
  });
}

/** An ad of video n on the fake TikTok, with a day of figures (20 February 2026). */
export function adWithFigures(
  h: Connected,
  n: number,
  adId: string,
  figures: { spend: number | string; conversion: number | string; comments: number | string },
  advertiserId = ADVERTISER,
): void {
  h.tiktok.addAd(advertiserId, { adId, itemId: videoUrl(n).split('/').pop() as string });
  h.tiktok.addDailyStats(advertiserId, { adId, day: '2026-02-20', ...figures });
}
