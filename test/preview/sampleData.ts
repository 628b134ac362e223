/**
 * Sample data for the preview: a few hundred plausible ledger rows across
 * several clients, all 20 prefilled markets and every status, built by a
 * seeded generator (the same seed always gives the same ledger).
 *
 * The rows are not written into the sheet directly: the generator plans each
 * video's history (request, code received, activation, spend, renewal, expiry,
 * retirement) as calls to the add-on's own actions, and the loader replays
 * them in time order on the emulator clock. So the Ledger, Audit and Code
 * history sheets hold exactly what the add-on would have written.
 */
import {
  ACTIVATION_CHECKS,
  AI_ONLY_ACTIVATION_CHECK,
  DEFAULT_MARKETS,
  PRE_REQUEST_CHECKS,
  RETIREMENT_REASONS,
} from '../../src/core/ledger/fields';
import { type Emulator, instantToWall, wallToInstant } from '@spark-ledger/gas-emulator';
import type { Addon } from '../support/addon';
import { seedSettings } from '../support/fixtures';

const HOUR = 3600000;
const DAY = 24 * HOUR;

/** mulberry32: a small, fast, well-spread 32-bit PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SampleClient {
  name: string;
  brands: string[];
  adAccounts: string[];
  objectives: string[];
  site: string;
  campaigns: string[];
}

export const SAMPLE_CLIENTS: SampleClient[] = [
  {
    name: 'Acme Apps',
    brands: ['Acme Fit', 'Acme Budget'],
    adAccounts: ['ACME-US-001', 'ACME-EU-002'],
    objectives: ['App installs'],
    site: 'https://apps.acme.example',
    campaigns: ['New year, new habits', 'Budget reset', 'Summer shred'],
  },
  {
    name: 'Northwind Foods',
    brands: ['Northwind Kitchen', 'Snackwind'],
    adAccounts: ['NW-EU-010'],
    objectives: ['Catalog sales', 'Landing page conversions'],
    site: 'https://shop.northwind.example',
    campaigns: ['Five-minute dinners', 'Snack drop', 'Holiday baskets'],
  },
  {
    name: 'Globex Games',
    brands: ['Globex Arena'],
    adAccounts: ['GLX-APAC-003', 'GLX-LATAM-004'],
    objectives: ['App installs', 'Reach'],
    site: 'https://play.globex.example',
    campaigns: ['Season 4 launch', 'Creator cup', 'Comeback week'],
  },
  {
    name: 'Initech Finance',
    brands: ['Initech Pay'],
    adAccounts: ['INI-US-020'],
    objectives: ['Lead generation', 'App installs'],
    site: 'https://pay.initech.example',
    campaigns: ['Split the bill', 'First paycheck'],
  },
  {
    name: 'Umbrella Beauty',
    brands: ['Umbrella Skin', 'Umbrella Glow'],
    adAccounts: ['UMB-EU-030', 'UMB-US-031'],
    objectives: ['Catalog sales', 'Landing page conversions'],
    site: 'https://umbrella-beauty.example',
    campaigns: ['Glass skin routine', 'SPF every day', 'Shade match'],
  },
  {
    name: 'Hooli Travel',
    brands: ['Hooli Stays'],
    adAccounts: ['HOO-GL-040'],
    objectives: ['Landing page conversions', 'Reach'],
    site: 'https://stays.hooli.example',
    campaigns: ['Weekend escapes', 'Workation'],
  },
  {
    name: 'Stark Home',
    brands: ['Stark Living'],
    adAccounts: ['STK-EU-050'],
    objectives: ['Catalog sales', 'Lead generation'],
    site: 'https://home.stark.example',
    campaigns: ['Small space, big style', 'Move-in day'],
  },
];

/**
 * The demo TikTok advertiser (ad account) behind each sample ad account, and
 * its time zone: Settings' "TikTok advertiser ID" beside each ad account, and
 * the ad accounts of the preview's fake TikTok API for Business (tiktokDemo.ts).
 * Real advertiser ids run to 19 digits.
 */
export const SAMPLE_ADVERTISERS: Record<string, { id: string; timeZone: string }> = {
  'ACME-US-001': { id: '7312046859210440193', timeZone: 'America/New_York' },
  'ACME-EU-002': { id: '7312046859210440514', timeZone: 'Europe/Berlin' },
  'NW-EU-010': { id: '7298813406627360770', timeZone: 'Europe/Berlin' },
  'GLX-APAC-003': { id: '7305521983016452099', timeZone: 'Asia/Singapore' },
  'GLX-LATAM-004': { id: '7305521983016452356', timeZone: 'America/Sao_Paulo' },
  'INI-US-020': { id: '7321778402915319812', timeZone: 'America/New_York' },
  'UMB-EU-030': { id: '7290334615780163589', timeZone: 'Europe/Berlin' },
  'UMB-US-031': { id: '7290334615780163846', timeZone: 'America/Los_Angeles' },
  'HOO-GL-040': { id: '7316650297413251079', timeZone: 'UTC' },
  'STK-EU-050': { id: '7279901846532145160', timeZone: 'Europe/Berlin' },
};

/** Writes each ad account's TikTok advertiser ID beside it on Settings, as a person would type it. */
export function seedAdvertiserIds(emu: Emulator): void {
  const sheet = emu.sheet('Settings');
  const values = sheet.getDataRange().getValues();
  const header = values[0].map(String);
  const accounts = header.indexOf('Ad accounts');
  const col = header.indexOf('TikTok advertiser ID') + 1;
  if (accounts < 0 || col < 1) return;
  values.forEach((row, i) => {
    const a = SAMPLE_ADVERTISERS[String(row[accounts])];
    if (i > 0 && a) sheet.getRange(i + 1, col).setValue(a.id);
  });
}

export const SAMPLE_OWNERS = {
  paid: ['maya.paid@agency.example', 'leo.paid@agency.example', 'sam.paid@agency.example'],
  creator: ['ines.creators@agency.example', 'tom.creators@agency.example'],
  approval: ['ana.approvals@agency.example', 'raj.approvals@agency.example'],
  invoice: ['finance@agency.example'],
};

/** The currency each sample ad account bills in: the EU accounts in euros, the others in dollars. */
export function accountCurrency(account: string): string {
  return /-EU-/.test(account) ? 'EUR' : 'USD';
}

/** Language and currency an agency would set for each prefilled market. */
export const MARKET_LOCALE: Record<string, { language: string; currency: string }> = {
  US: { language: 'en', currency: 'USD' },
  GB: { language: 'en-GB', currency: 'GBP' },
  AU: { language: 'en-AU', currency: 'AUD' },
  BR: { language: 'pt-BR', currency: 'BRL' },
  CA: { language: 'en-CA', currency: 'CAD' },
  CO: { language: 'es-CO', currency: 'COP' },
  FI: { language: 'fi', currency: 'EUR' },
  FR: { language: 'fr', currency: 'EUR' },
  DE: { language: 'de', currency: 'EUR' },
  ID: { language: 'id', currency: 'IDR' },
  IT: { language: 'it', currency: 'EUR' },
  JP: { language: 'ja', currency: 'JPY' },
  MY: { language: 'ms', currency: 'MYR' },
  MX: { language: 'es-MX', currency: 'MXN' },
  PK: { language: 'ur', currency: 'PKR' },
  PH: { language: 'en-PH', currency: 'PHP' },
  PT: { language: 'pt-PT', currency: 'EUR' },
  RO: { language: 'ro', currency: 'RON' },
  ES: { language: 'es', currency: 'EUR' },
  CH: { language: 'de-CH', currency: 'CHF' },
};

/** Rough spend scale per currency unit, so spend in JPY or IDR looks like real money. */
const CURRENCY_SCALE: Record<string, number> = {
  JPY: 150,
  IDR: 15000,
  COP: 4000,
  PKR: 280,
  PHP: 56,
  MXN: 17,
  BRL: 5,
  MYR: 4.7,
  RON: 4.6,
};

const FIRST = [
  'lena',
  'kofi',
  'maria',
  'jun',
  'aisha',
  'tom',
  'priya',
  'lucas',
  'sofia',
  'mateo',
  'yuki',
  'noah',
  'zara',
  'ana',
  'felix',
  'ines',
  'omar',
  'chloe',
  'diego',
  'mia',
];
const TOPIC = [
  'cooks',
  'moves',
  'daily',
  'glow',
  'plays',
  'travels',
  'fit',
  'home',
  'saves',
  'eats',
  'lifts',
  'styles',
  'tries',
  'reviews',
  'vlogs',
];

export type SampleStatus =
  | 'Requested'
  | 'Received'
  | 'Activated'
  | 'Spending'
  | 'Paused'
  | 'Renewal needed'
  | 'Expired'
  | 'Retired';

/** Share of rows ending in each status. */
const STATUS_MIX: [SampleStatus, number][] = [
  ['Requested', 8],
  ['Received', 9],
  ['Activated', 9],
  ['Spending', 32],
  ['Paused', 8],
  ['Renewal needed', 7],
  ['Expired', 9],
  ['Retired', 18],
];

export interface SampleCall {
  /** Instant the call happens (ms since epoch). */
  at: number;
  fn: 'requestCode' | 'recordCode' | 'changeStatus' | 'renewCode' | 'retireCode' | 'updateRecord';
  input: Record<string, unknown>;
}

export interface SamplePlan {
  clients: SampleClient[];
  /** The status each video ends in, by video URL. */
  finalStatus: Map<string, SampleStatus>;
  calls: SampleCall[];
}

export interface SampleOptions {
  seed?: number;
  rows?: number;
  /** "Now" of the spreadsheet; every planned call happens before it. */
  now: Date;
  timeZone: string;
}

/**
 * Plans `rows` videos' histories ending at `now`. Pure: depends only on the
 * options. Calls come back sorted by time.
 */
export function planSampleData(opts: SampleOptions): SamplePlan {
  const rand = rng(opts.seed ?? 20260302);
  const rows = opts.rows ?? 300;
  const now = opts.now.getTime();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const between = (a: number, b: number) => a + rand() * (b - a);
  const int = (a: number, b: number) => Math.floor(between(a, b + 1));
  const weighted = <T>(xs: [T, number][]): T => {
    let x = rand() * xs.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of xs) {
      x -= w;
      if (x < 0) return v;
    }
    return xs[xs.length - 1][0];
  };
  const tz = opts.timeZone;
  const wallYmd = (wall: number) => new Date(wall).toISOString().slice(0, 10);
  const ymd = (ms: number) => wallYmd(instantToWall(tz, ms));
  /** The instant of `hour` o'clock on a wall-clock day of the spreadsheet's zone. */
  const atHour = (wallDay: number, hour: number) => wallToInstant(tz, wallDay + hour * HOUR);
  const todayWall = Math.floor(instantToWall(tz, now) / DAY) * DAY;

  const usedIds = new Set<string>();
  const videoId = () => {
    for (;;) {
      let id = `7${String(int(2, 4))}`;
      while (id.length < 19) id += String(int(0, 9));
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const sparkCode = () => {
    let s = '#';
    const n = int(76, 96);
    for (let i = 0; i < n; i++) s += B64[int(0, 63)];
    return `${s}=`;
  };

  const calls: SampleCall[] = [];
  const finalStatus = new Map<string, SampleStatus>();
  const markets = [...DEFAULT_MARKETS];

  for (let i = 0; i < rows; i++) {
    const client = SAMPLE_CLIENTS[i % SAMPLE_CLIENTS.length];
    // Every market appears: the first rows walk the list, the rest lean to the big ones.
    const market = i < markets.length ? markets[i] : weighted<string>(markets.map((m, k) => [m, k < 5 ? 6 : 2]));
    const locale = MARKET_LOCALE[market] ?? { language: 'en', currency: 'USD' };
    const handle = `${pick(FIRST)}.${pick(TOPIC)}${rand() < 0.5 ? '' : int(1, 99)}`.slice(0, 24);
    const videoUrl = `https://www.tiktok.com/@${handle}/video/${videoId()}`;
    const objective = pick(client.objectives);
    const ai = rand() < 0.15;
    // Make sure every status shows up, then follow the mix.
    const status: SampleStatus = i < STATUS_MIX.length ? STATUS_MIX[i][0] : weighted(STATUS_MIX);
    finalStatus.set(videoUrl, status);
    const brand = pick(client.brands);
    const campaign = `${brand} · ${pick(client.campaigns)}`;
    const paidOwner = pick(SAMPLE_OWNERS.paid);
    const creatorOwner = pick(SAMPLE_OWNERS.creator);
    let last = -Infinity;
    // One video's calls keep their order even where the planned times crowd together.
    const add = (at: number, fn: SampleCall['fn'], input: Record<string, unknown>) => {
      last = Math.max(Math.round(at), last + 60000);
      calls.push({ at: last, fn, input: { videoUrl, ...input } });
    };

    // The ad account bills in one currency, and TikTok reports its spend in it: the row's Currency is the account's.
    let account = '';
    const request = (at: number, days: number) => {
      // Picked here, in the order the object's fields would pick: the seeded sequence stays the same.
      account = pick(client.adAccounts);
      add(at, 'requestCode', {
        creatorHandle: `@${handle}`,
        client: client.name,
        brand,
        campaign,
        market,
        adAccount: account,
        approvalOwner: pick(SAMPLE_OWNERS.approval),
        invoiceOwner: SAMPLE_OWNERS.invoice[0],
        requestedDays: days,
        preRequestChecks: [...PRE_REQUEST_CHECKS],
        organicStatus: 'Live',
        usageRights: `${market} only, ${client.name} ad accounts, ${days} days`,
        ...(ai
          ? {
              generationPrompt: `15s vertical video: ${handle.split('.')[0]} shows ${brand} in a ${pick(['kitchen', 'gym', 'city street', 'living room', 'hotel room'])}, upbeat, captions on`,
              humanReviewed: true,
            }
          : {}),
      });
    };
    const activation = () => ({
      objective,
      paidOwner,
      creatorOwner,
      language: locale.language,
      currency: accountCurrency(account),
      landingPage: `${client.site}/${market.toLowerCase()}/${campaign
        .split(' · ')[1]
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')}`,
      ...(objective === 'App installs'
        ? { activationChecks: ACTIVATION_CHECKS.filter((c) => ai || c !== AI_ONLY_ACTIVATION_CHECK) }
        : {}),
    });
    const spendFigures = (days: number) => {
      const scale = CURRENCY_SCALE[locale.currency] ?? 1;
      const spend = Math.round(between(40, 220) * Math.max(1, days) * scale * 100) / 100;
      return { spend, conversions: Math.round((spend / scale) * between(0.02, 0.3)), comments: int(0, 40 + days * 3) };
    };

    if (status === 'Requested') {
      request(Math.min(now - HOUR, atHour(todayWall - int(0, 6) * DAY, between(8, 18))), pick([30, 60, 60, 90]));
      continue;
    }
    if (status === 'Retired' && rand() < 0.2) {
      // The creator never sent a code.
      const at = atHour(todayWall - int(20, 120) * DAY, between(9, 17));
      request(at, 30);
      add(at + between(5, 12) * DAY, 'retireCode', {
        retirementReason: 'Creator request',
        decisionNote: 'Creator declined to authorize the post.',
      });
      continue;
    }

    // When the current code expires, in days from today.
    let expiresInDays: number;
    if (status === 'Renewal needed') expiresInDays = int(1, 3);
    else if (status === 'Expired') expiresInDays = -int(1, 45);
    else if (status === 'Retired') expiresInDays = int(-60, 40);
    else expiresInDays = i % 9 === 0 ? int(4, 6) : int(7, 200);
    const expiresWall = todayWall + expiresInDays * DAY;
    let authWall = expiresWall - pick(expiresInDays > 60 ? [90, 180, 365] : [30, 60, 60, 90]) * DAY;
    // The code was generated a while before today, long enough for the row to have got where it ends.
    const minElapsed =
      status === 'Received' ? 1 : status === 'Retired' || status === 'Expired' ? int(20, 40) : int(6, 20);
    if (authWall > todayWall - minElapsed * DAY) authWall = todayWall - minElapsed * DAY;
    const authDays = (expiresWall - authWall) / DAY;
    const authorizedOn = wallYmd(authWall);
    const authorizedAt = atHour(authWall, between(9, 17));
    const expiresAt = wallToInstant(tz, expiresWall);
    // A renewal from Renewal needed puts the running ad back in Spending, so only rows that end spending or paused renew.
    const renewed = (status === 'Spending' || status === 'Paused') && authDays >= 30 && rand() < 0.18;

    let codeAt: number;
    if (renewed) {
      // The first code ran out; the creator sent a new one, and the old one went to Code history.
      const firstDays = 30;
      const firstAuth = authWall - (firstDays - 1) * DAY;
      const firstAt = atHour(firstAuth, between(9, 12));
      request(firstAt - between(1, 3) * DAY, firstDays);
      add(firstAt + 2 * HOUR, 'recordCode', {
        sparkCode: sparkCode(),
        authorizedOn: wallYmd(firstAuth),
        authDays: firstDays,
      });
      add(firstAt + between(1, 2) * DAY, 'changeStatus', { status: 'Activated', ...activation() });
      add(firstAt + between(2.1, 3) * DAY, 'changeStatus', {
        status: 'Spending',
        spendStart: ymd(firstAt + 3 * DAY),
        paidStatus: 'Active',
      });
      add(authorizedAt - 2 * DAY, 'changeStatus', { status: 'Renewal needed' });
      codeAt = authorizedAt + 2 * HOUR;
      add(codeAt, 'renewCode', {
        sparkCode: sparkCode(),
        authorizedOn,
        authDays,
        decisionNote: 'Performing well; the creator agreed to a new window.',
      });
    } else {
      request(authorizedAt - between(1, 4) * DAY, authDays);
      codeAt = authorizedAt + between(1, 5) * HOUR;
      add(codeAt, 'recordCode', { sparkCode: sparkCode(), authorizedOn, authDays });
    }
    if (status === 'Received') continue;

    const lastMoment = Math.min(now - HOUR, expiresAt - 4 * DAY);
    const activateAt = Math.min(codeAt + between(0.3, 2) * DAY, lastMoment);
    const expiredRow = status === 'Expired' || (status === 'Retired' && expiresInDays < 0);
    if (status === 'Retired' && rand() < 0.3) {
      const reason = pick(['Post removed or edited', 'Other', 'Weak performance'] as const);
      add(Math.min(codeAt + between(1, 4) * DAY, now - HOUR), 'retireCode', {
        retirementReason: reason,
        decisionNote:
          reason === 'Other'
            ? 'Client paused the product line.'
            : reason === 'Weak performance'
              ? 'Hook test lost to the other creatives.'
              : 'Creator edited the caption after authorizing.',
      });
      continue;
    }
    let spendAt = codeAt;
    if (!renewed) {
      add(activateAt, 'changeStatus', { status: 'Activated', ...activation(), organicStatus: 'Live' });
      if (status === 'Activated') continue;
      spendAt = Math.min(activateAt + between(0.2, 1.5) * DAY, lastMoment + 2 * HOUR);
      add(spendAt, 'changeStatus', { status: 'Spending', spendStart: ymd(spendAt), paidStatus: 'Active' });
    }
    // The row's last moves happen in the last few days (or around expiry), after its figures.
    const retiredLive = status === 'Retired' && !expiredRow;
    const closeAt = expiredRow
      ? expiresAt + 8 * HOUR
      : retiredLive
        ? now - between(1, 3) * DAY
        : now - between(0.1, 0.45) * DAY;
    const figuresAt = closeAt - between(3, 10) * HOUR;
    const figures = spendFigures(Math.max(1, Math.round((figuresAt - spendAt) / DAY)));
    add(figuresAt, 'updateRecord', {
      ...figures,
      performanceSnapshot: `https://ads.example/report/${videoUrl.slice(-8)}`,
      ...(retiredLive ? { paidStatus: 'Ended', spendEnd: ymd(figuresAt) } : {}),
    });

    if (status === 'Paused') {
      add(closeAt, 'changeStatus', {
        status: 'Paused',
        paidStatus: 'Paused',
        decisionNote: pick([
          'Frequency too high; resting the creative.',
          'Client asked to hold spend until the sale.',
          'Landing page under maintenance.',
        ]),
      });
    } else if (status === 'Renewal needed') {
      add(closeAt, 'changeStatus', { status: 'Renewal needed' });
    } else if (expiredRow) {
      add(closeAt, 'changeStatus', { status: 'Expired', paidStatus: 'Ended', spendEnd: ymd(expiresAt - HOUR) });
      if (status === 'Retired') {
        add(closeAt + between(1, 5) * DAY, 'retireCode', {
          retirementReason: 'Rights expired',
          decisionNote: 'Window closed; not renewed.',
        });
      }
    } else if (retiredLive) {
      const reason = pick(
        RETIREMENT_REASONS.filter((r) => r !== 'Other' && r !== 'Rights expired' && r !== 'Creator request'),
      );
      add(closeAt, 'retireCode', {
        retirementReason: reason,
        ...(reason === 'Campaign ended' ? { decisionNote: 'Flight ended on schedule.' } : {}),
      });
    }
    if (status === 'Spending' || status === 'Retired') {
      add(Math.max(closeAt, now - between(0.02, 0.09) * DAY), 'updateRecord', {
        invoiceStatus: pick(['Not invoiced', 'Invoiced', 'Invoiced', 'Paid']),
      });
    }
  }
  calls.sort((a, b) => a.at - b.at);
  return { clients: SAMPLE_CLIENTS, finalStatus, calls };
}

export interface SampleLoadResult {
  rows: number;
  calls: number;
  failures: { call: SampleCall; errors: unknown }[];
}

/**
 * Replays the plan through the add-on: Settings lists (and each ad account's
 * TikTok advertiser ID) as an agency would type them, then every call at its
 * planned time. The clock is put back to `now`.
 */
export function loadSampleData(emu: Emulator, addon: Addon, opts: Partial<SampleOptions> = {}): SampleLoadResult {
  const now = opts.now ?? emu.clock.now();
  const timeZone = opts.timeZone ?? emu.spreadsheet.getSpreadsheetTimeZone();
  const plan = planSampleData({ ...opts, now, timeZone });
  seedSettings(emu, {
    clients: SAMPLE_CLIENTS.map((c) => c.name),
    brands: SAMPLE_CLIENTS.flatMap((c) => c.brands),
    adAccounts: SAMPLE_CLIENTS.flatMap((c) => c.adAccounts),
    owners: [...SAMPLE_OWNERS.paid, ...SAMPLE_OWNERS.creator, ...SAMPLE_OWNERS.approval, ...SAMPLE_OWNERS.invoice],
  });
  seedAdvertiserIds(emu);
  const failures: SampleLoadResult['failures'] = [];
  try {
    for (const call of plan.calls) {
      emu.clock.set(new Date(call.at));
      const result = addon[call.fn](call.input) as { ok: boolean; errors?: unknown };
      if (!result?.ok) failures.push({ call, errors: result?.errors });
    }
  } finally {
    emu.clock.set(now);
  }
  return { rows: plan.finalStatus.size, calls: plan.calls.length, failures };
}
