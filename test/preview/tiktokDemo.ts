/**
 * The preview's demo TikTok world: the emulator's fake TikTok API for
 * Business, TikTok web and TokPortal servers, mounted on the preview's
 * emulator. *Load sample data* fills them to match the sample ledger (an ad
 * account per sample ad account, every code's post with its window, ads and
 * daily figures, two posts deleted, TokPortal videos for the Requested rows),
 * and the preview's state file keeps them between runs (`toJSON`, `fromJSON`).
 *
 * Everything here is set directly on the fakes, as a test sets up a server;
 * the ledger only ever learns of it through the add-on's own requests.
 */
import {
  type AdCodeRequest,
  type Emulator,
  FakeTikTokBusiness,
  FakeTikTokWeb,
  FakeTokPortal,
  instantToWall,
  type MetricValue,
  type Network,
  type ShortLink,
  type TikTokAd,
  type TikTokPost,
  type TikTokWebPost,
  type TokPortalVideo,
  wallToInstant,
} from '@spark-ledger/gas-emulator';
import { rng, SAMPLE_ADVERTISERS } from './sampleData';

const HOUR = 3600000;
const DAY = 24 * HOUR;

/** The demo connection: made up, and only the preview's fakes know them. */
export const DEMO_TOKEN = 'act.preview-demo.0f1e2d3c4b5a69788796a5b4c3d2e1f0';
export const DEMO_TOKPORTAL_KEY = 'sk_preview_demo_7c1d2e3f4a5b6c7d';
/** TokPortal's account manager sends a requested code this long after it was asked for. */
export const TOKPORTAL_DELIVERY_MS = 4 * HOUR;

/** Statuses in which a code has been applied to its ad account (the sync expects it in that account's list). */
const APPLIED = new Set(['Activated', 'Spending', 'Paused', 'Renewal needed']);
const RUNNING = new Set(['Spending', 'Renewal needed']);
/** Daily figures kept per ad: the lifetime report only adds them up. */
const MAX_DAYS_PER_AD = 8;

/** A Requested row's video at TokPortal: what the account manager needs to send its code. */
interface Handoff {
  videoId: string;
  handle: string;
  days: number;
}

/** The fakes' state as plain data, for the preview's state file. */
export interface DemoState {
  version: 1;
  tiktok: {
    advertisers: {
      id: string;
      timeZone: string;
      /** Absent in a state file from before currencies. */
      currency?: string;
      authorized: string[];
      ads: TikTokAd[];
      stats: [string, [string, Record<string, MetricValue>][]][];
    }[];
    tokens: [string, { advertiserIds: string[]; revoked: boolean }][];
    posts: TikTokPost[];
    rateLimited: boolean;
  };
  web: { posts: TikTokWebPost[]; shortLinks: [string, ShortLink][] };
  tokportal: {
    keys: [string, { revoked: boolean }][];
    videos: TokPortalVideo[];
    adCodeRequests: [string, AdCodeRequest[]][];
    /** null: never short (Infinity does not survive JSON). */
    credits: number | null;
  };
  handoffs: [string, Handoff][];
  /** The last ad id handed out. */
  adSeq: number;
}

/** 'YYYY-MM-DD HH:MM:SS' in UTC, as TikTok writes times. */
function utcStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function copy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export class DemoWorld {
  readonly tiktok = new FakeTikTokBusiness();
  readonly web = new FakeTikTokWeb();
  readonly tokportal = new FakeTokPortal();
  /** TokPortal video id → the TikTok video it is. */
  readonly handoffs = new Map<string, Handoff>();
  private adSeq = 0;

  /** The three fakes, for `createEmulator({ fakes })`. */
  get fakes(): { install(net: Network): unknown }[] {
    return [this.tiktok, this.web, this.tokportal];
  }

  install(net: Network): void {
    for (const f of this.fakes) f.install(net);
  }

  /** Ad ids as TikTok's run: 19 digits, past 2^53, and neighbours closer than a double can tell apart. */
  nextAdId(): string {
    this.adSeq++;
    return `17934${String(this.adSeq).padStart(14, '0')}`;
  }

  toJSON(): DemoState {
    const t = this.tiktok;
    const p = this.tokportal;
    return copy<DemoState>({
      version: 1,
      tiktok: {
        advertisers: [...t.advertisers.values()].map((a) => ({
          id: a.id,
          timeZone: a.timeZone,
          currency: a.currency,
          authorized: a.authorized,
          ads: a.ads,
          stats: [...a.stats].map(([ad, days]) => [ad, [...days]]),
        })),
        tokens: [...t.tokens],
        posts: [...t.posts.values()],
        rateLimited: t.rateLimited,
      },
      web: { posts: [...this.web.posts.values()], shortLinks: [...this.web.shortLinks] },
      tokportal: {
        keys: [...p.keys],
        videos: [...p.videos.values()],
        adCodeRequests: [...p.adCodeRequests],
        credits: Number.isFinite(p.credits) ? p.credits : null,
      },
      handoffs: [...this.handoffs],
      adSeq: this.adSeq,
    });
  }

  /** The fakes as `toJSON` left them; an empty world for no state (a state file from before the demo). */
  static fromJSON(state: DemoState | undefined | null): DemoWorld {
    const w = new DemoWorld();
    if (state?.version !== 1) return w;
    const s = copy(state);
    for (const a of s.tiktok.advertisers)
      w.tiktok.advertisers.set(a.id, {
        id: a.id,
        timeZone: a.timeZone,
        currency: a.currency ?? 'USD',
        authorized: a.authorized,
        ads: a.ads,
        stats: new Map(a.stats.map(([ad, days]) => [ad, new Map(days)])),
      });
    for (const [token, t] of s.tiktok.tokens) w.tiktok.tokens.set(token, t);
    for (const post of s.tiktok.posts) w.tiktok.posts.set(post.authCode, post);
    w.tiktok.rateLimited = s.tiktok.rateLimited;
    for (const post of s.web.posts) w.web.posts.set(post.videoId, post);
    for (const [key, link] of s.web.shortLinks) w.web.shortLinks.set(key, link);
    for (const [key, k] of s.tokportal.keys) w.tokportal.keys.set(key, k);
    for (const v of s.tokportal.videos) w.tokportal.videos.set(v.id, v);
    for (const [video, list] of s.tokportal.adCodeRequests) w.tokportal.adCodeRequests.set(video, list);
    w.tokportal.credits = s.tokportal.credits ?? Infinity;
    for (const [id, h] of s.handoffs) w.handoffs.set(id, h);
    w.adSeq = s.adSeq;
    return w;
  }

  /** Whether the demo was set up (Load sample data). */
  get loaded(): boolean {
    return this.tiktok.tokens.has(DEMO_TOKEN);
  }

  /**
   * TokPortal's account manager sends the code of an open request: the
   * request is finalized with it, and TikTok knows the code as the video's
   * (its window starts `at`, for the row's requested days).
   */
  deliver(tokportalVideo: string, at: number): string | null {
    const h = this.handoffs.get(tokportalVideo);
    const open = this.tokportal.latest(tokportalVideo);
    if (!h || !open || open.status === 'finalized') return null;
    const code = demoSparkCode(`${h.videoId}:${this.tokportal.adCodeRequests.get(tokportalVideo)?.length ?? 0}`);
    this.tokportal.finalize(tokportalVideo, code);
    this.tiktok.addPost({
      authCode: code,
      itemId: h.videoId,
      authStart: utcStamp(at),
      authEnd: utcStamp(at + h.days * DAY),
      text: `@${h.handle}`,
      identity: { tiktokName: h.handle },
    });
    return code;
  }

  /** Sends every code asked for at least TOKPORTAL_DELIVERY_MS before `now`. */
  tick(now: number): void {
    for (const id of this.handoffs.keys()) {
      const r = this.tokportal.latest(id);
      if (!r || r.status === 'finalized') continue;
      const due = Date.parse(r.created_at) + TOKPORTAL_DELIVERY_MS;
      if (due <= now) this.deliver(id, due);
    }
  }

  /** The posts TikTok shows publicly, and those deleted (by the creator or by TikTok). */
  postCounts(): { live: number; deleted: number } {
    let live = 0;
    let deleted = 0;
    for (const p of this.tiktok.posts.values()) {
      if (p.status === 'HESITATE_RECOMMEND') live++;
      else if (p.status === 'USER_DELETE' || p.status === 'AUDIT_DELETE') deleted++;
    }
    return { live, deleted };
  }

  /** A video's lifetime figures on TikTok: its ads' daily numbers added up (money in whole cents). */
  lifetime(videoId: string): { spend: number; conversions: number; comments: number; ads: number } | null {
    let cents = 0;
    let conversions = 0;
    let comments = 0;
    let ads = 0;
    let seen = false;
    for (const a of this.tiktok.advertisers.values())
      for (const ad of a.ads) {
        if (ad.itemId !== videoId) continue;
        ads++;
        for (const day of a.stats.get(ad.adId)?.values() ?? []) {
          seen = true;
          cents += Math.round(Number(day.spend ?? 0) * 100);
          conversions += Number(day.conversion ?? 0);
          comments += Number(day.comments ?? 0);
        }
      }
    return seen ? { spend: cents / 100, conversions, comments, ads } : null;
  }
}

/** A Spark code made from `seed`, shaped like the sample's (and TikTok's): '#', base64 letters, '='. */
export function demoSparkCode(seed: string): string {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  const rand = rng(h >>> 0);
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let s = '#';
  for (let i = 0; i < 84; i++) s += B64[Math.floor(rand() * 64)];
  return `${s}=`;
}

/** The TokPortal video id the demo gives a Requested row's video. */
export function tokportalIdOf(videoId: string): string {
  return `tp_${videoId.slice(-10)}`;
}

/** One Ledger row as the demo needs it: dates as YYYY-MM-DD in the spreadsheet's zone. */
export interface DemoRow {
  row: number;
  videoUrl: string;
  videoId: string;
  handle: string;
  client: string;
  campaign: string;
  adAccount: string;
  currency: string;
  status: string;
  organic: string;
  sparkCode: string;
  authorizedOn: string;
  authDays: number;
  expiresOn: string;
  requestedDays: number;
  spend: number | null;
  conversions: number | null;
  comments: number | null;
  spendStart: string;
  spendEnd: string;
}

/** The Ledger's rows, read from the emulated sheet itself (no add-on call). */
export function ledgerRows(emu: Emulator): DemoRow[] {
  const sheet = emu.sheet('Ledger');
  const last = sheet.getLastRow();
  if (last < 2) return [];
  const grid = sheet.readValues(1, 1, last, sheet.getLastColumn());
  const header = grid[0].map(String);
  const tz = emu.spreadsheet.getSpreadsheetTimeZone();
  const at = (r: unknown[], h: string) => r[header.indexOf(h)];
  const text = (r: unknown[], h: string) => String(at(r, h) ?? '').trim();
  const num = (r: unknown[], h: string) => {
    const v = at(r, h);
    return typeof v === 'number' ? v : null;
  };
  const ymd = (r: unknown[], h: string) => {
    const v = at(r, h);
    if (v instanceof Date) return new Date(instantToWall(tz, v.getTime())).toISOString().slice(0, 10);
    return /^\d{4}-\d{2}-\d{2}$/.test(String(v ?? '')) ? String(v) : '';
  };
  return grid.slice(1).map((r, i) => ({
    row: i + 2,
    videoUrl: text(r, 'Video URL'),
    videoId: text(r, 'Video ID'),
    handle: text(r, 'Creator handle').replace(/^@/, ''),
    client: text(r, 'Client'),
    campaign: text(r, 'Campaign'),
    adAccount: text(r, 'Ad account'),
    currency: text(r, 'Currency').toUpperCase(),
    status: text(r, 'Status'),
    organic: text(r, 'Organic post'),
    sparkCode: text(r, 'Spark code'),
    authorizedOn: ymd(r, 'Authorized on'),
    authDays: num(r, 'Authorization days') ?? 0,
    expiresOn: ymd(r, 'Expires on'),
    requestedDays: num(r, 'Requested window (days)') ?? 30,
    spend: num(r, 'Spend'),
    conversions: num(r, 'Conversions'),
    comments: num(r, 'Comments'),
    spendStart: ymd(r, 'Spend start'),
    spendEnd: ymd(r, 'Spend end'),
  }));
}

function addDays(ymd: string, n: number): string {
  return new Date(Date.parse(`${ymd}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/** `total` in whole parts by weight, adding up to it exactly. */
function split(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const out = weights.map((w) => Math.floor((total * w) / sum));
  out[out.length - 1] += total - out.reduce((s, n) => s + n, 0);
  return out;
}

/** Up to `max` days from `from` to `to`, evenly spread, both ends included. */
function spreadDays(from: string, to: string, max: number): string[] {
  const span = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY) + 1;
  if (span <= max) return Array.from({ length: span }, (_, i) => addDays(from, i));
  const days = new Set<string>();
  for (let i = 0; i < max; i++) days.add(addDays(from, Math.round((i * (span - 1)) / (max - 1))));
  return [...days];
}

export interface DemoSetup {
  /** The demo advertiser ids, in Settings order. */
  advertiserIds: string[];
  posts: number;
  ads: number;
  /** The rows whose posts were deleted on TikTok before the first sync. */
  deleted: DemoRow[];
  /** The Requested row to ask TokPortal about, with its TokPortal video id. */
  tokportal: { row: DemoRow; video: string } | null;
}

/**
 * Fills an empty world to match the sample ledger now in `emu`: one ad
 * account per sample ad account, the demo token covering them all and the
 * demo TokPortal key; every code on the Ledger a post with its window
 * (authorized to its ad account once the row was activated); ads for the
 * activated codes (a third of the running ones with two), and daily figures
 * adding up to the typed ones plus what TikTok counted since (running ads
 * spend a little more; stopped ones gain a late conversion or comment); two
 * spending posts deleted, one by its creator and one by TikTok; and a
 * TokPortal video for each Requested row.
 */
export function setUpDemoWorld(world: DemoWorld, emu: Emulator): DemoSetup {
  const tz = emu.spreadsheet.getSpreadsheetTimeZone();
  const now = emu.clock.now().getTime();
  const today = new Date(instantToWall(tz, now)).toISOString().slice(0, 10);
  const rand = rng(20260303);
  const int = (a: number, b: number) => a + Math.floor(rand() * (b - a + 1));
  const accounts = Object.entries(SAMPLE_ADVERTISERS);
  const advertiserIds = accounts.map(([, a]) => a.id);
  const rows = ledgerRows(emu).filter((r) => /^\d{19}$/.test(r.videoId));
  // Each ad account spends in the currency its sample rows are in (TikTok reports spend in it).
  const currencyOf = (account: string) => rows.find((r) => r.adAccount === account && r.currency !== '')?.currency;
  for (const [name, a] of accounts)
    world.tiktok.addAdvertiser(a.id, { timeZone: a.timeZone, currency: currencyOf(name) ?? 'USD' });
  world.tiktok.addToken(DEMO_TOKEN, advertiserIds);
  world.tokportal.addKey(DEMO_TOKPORTAL_KEY);

  let posts = 0;
  let ads = 0;
  let firstRequested: DemoRow | null = null;
  for (const r of rows) {
    world.web.addPost({ videoId: r.videoId, handle: r.handle, title: r.campaign, authorName: r.handle });
    const advertiser = SAMPLE_ADVERTISERS[r.adAccount]?.id;
    if (r.status === 'Requested') {
      const video = tokportalIdOf(r.videoId);
      world.tokportal.addVideo(video, { finalized: true });
      world.handoffs.set(video, { videoId: r.videoId, handle: r.handle, days: r.requestedDays });
      firstRequested ??= r;
      continue;
    }
    if (r.sparkCode === '' || !r.authorizedOn || !r.expiresOn) continue;
    // The creator made the code at the same time of day the window ends, in the spreadsheet's zone: TikTok's
    // window then gives the ledger's own dates.
    const hour = int(9, 17) * HOUR;
    const start = wallToInstant(tz, Date.parse(`${r.authorizedOn}T00:00:00Z`) + hour);
    const end = wallToInstant(tz, Date.parse(`${r.expiresOn}T00:00:00Z`) + hour);
    const activated = APPLIED.has(r.status) || r.status === 'Expired' || (r.status === 'Retired' && r.spend !== null);
    world.tiktok.addPost({
      authCode: r.sparkCode,
      itemId: r.videoId,
      text: r.campaign,
      authStart: utcStamp(start),
      authEnd: utcStamp(end),
      identity: { tiktokName: r.handle },
      ...(activated && advertiser ? { advertiserId: advertiser } : {}),
    });
    posts++;
    if (!activated || !advertiser) continue;

    const running = RUNNING.has(r.status);
    const adIds = Array.from({ length: running && rand() < 0.35 ? 2 : 1 }, () => world.nextAdId());
    adIds.forEach((adId, k) => {
      world.tiktok.addAd(advertiser, {
        adId,
        itemId: r.videoId,
        adName: `${r.campaign} · @${r.handle}${adIds.length > 1 ? ` · ${k === 0 ? 'A' : 'B'}` : ''}`,
        operationStatus: running || r.status === 'Activated' ? 'ENABLE' : 'DISABLE',
      });
    });
    ads += adIds.length;
    if (r.spend === null || r.spend <= 0) continue;
    const cents = Math.round(r.spend * 100) + (running ? Math.round(r.spend * 100 * (0.03 + rand() * 0.06)) : 0);
    const conversions = (r.conversions ?? 0) + (running ? int(1, 4) : int(0, 1));
    const comments = (r.comments ?? 0) + (running ? int(0, 6) : int(0, 2));
    let last = running || r.status === 'Paused' ? today : r.spendEnd || addDays(r.expiresOn, -1);
    if (last > today) last = today;
    let first = r.spendStart || r.authorizedOn;
    if (first > last) first = last;
    const days = spreadDays(first, last, MAX_DAYS_PER_AD);
    const shares = adIds.length === 2 ? [55 + int(0, 25), 45] : [1];
    const perAd = [split(cents, shares), split(conversions, shares), split(comments, shares)];
    adIds.forEach((adId, k) => {
      const weights = days.map(() => 0.5 + rand());
      const [c, v, m] = perAd.map((totals) => split(totals[k], weights));
      days.forEach((day, d) => {
        world.tiktok.addDailyStats(advertiser, {
          adId,
          day,
          spend: c[d] / 100,
          conversion: v[d],
          comments: m[d],
          metrics: { impressions: Math.round((c[d] / 100) * int(80, 160)), clicks: int(5, 60) },
        });
      });
    });
  }

  // Two spending posts are gone by the first sync: one deleted by its creator, one removed by TikTok.
  const candidates = rows.filter((r) => r.status === 'Spending' && r.organic === 'Live' && r.sparkCode !== '');
  const deleted: DemoRow[] = [];
  for (const status of ['USER_DELETE', 'AUDIT_DELETE']) {
    if (candidates.length === 0) break;
    const [r] = candidates.splice(Math.floor(rand() * candidates.length), 1);
    world.tiktok.deletePost(r.videoId, status);
    world.web.removePost(r.videoId);
    deleted.push(r);
  }
  return {
    advertiserIds,
    posts,
    ads,
    deleted,
    tokportal: firstRequested ? { row: firstRequested, video: tokportalIdOf(firstRequested.videoId) } : null,
  };
}

/**
 * "Delete a post on TikTok": the creator deletes the first live demo post
 * whose code runs an ad (the Ledger's first such row), so the next sync
 * flags it. Null when there is none.
 */
export function deleteDemoPost(world: DemoWorld, emu: Emulator): DemoRow | null {
  const live = new Set(
    [...world.tiktok.posts.values()].filter((p) => p.status === 'HESITATE_RECOMMEND').map((p) => p.itemId),
  );
  const rows = ledgerRows(emu).filter(
    (r) => APPLIED.has(r.status) && r.organic === 'Live' && r.sparkCode !== '' && live.has(r.videoId),
  );
  const r = rows.find((x) => RUNNING.has(x.status)) ?? rows[0];
  if (!r) return null;
  world.tiktok.deletePost(r.videoId);
  if (world.web.posts.has(r.videoId)) world.web.removePost(r.videoId);
  return r;
}
