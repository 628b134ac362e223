/**
 * Asking TikTok about one code (`/tt_video/info/`), and about one short link
 * (where it redirects). Each asks before the document lock is taken, so a
 * slow answer never holds other people's saves; the verdict is applied
 * inside the lock (core/connect/check.ts).
 */
import { type CodeAsk, checkVerdict } from '../../core/connect/check';
import { parseVideoInfo, readTikTokAnswer, videoInfoRequest } from '../../core/connect/tiktok';
import type { FieldError } from '../../core/ledger/errors';
import { isShortLink, parseVideoUrl, shortLinkTarget } from '../../core/ledger/video';
import type { Env } from '../ledger/env';
import { type Connection, isConnected, readConnection } from './connection';
import { type FetchBudget, fetchInBatches, fetchOne, newBudget } from './http';

/** A sidebar save asks at most this many requests of TikTok (one code, a short link's hops). */
const SAVE_BUDGET = { fetches: 4, seconds: 20 };

export function saveBudget(): FetchBudget {
  return newBudget(SAVE_BUDGET.fetches, SAVE_BUDGET.seconds);
}

/**
 * What TikTok says about `sparkCode`, asked through the first advertiser the
 * token covers (the code's own post is the same whichever account asks:
 * CONNECT.md, `tt_video/info`).
 */
export function askAboutCode(c: Connection, sparkCode: string, budget: FetchBudget): CodeAsk {
  if (!isConnected(c).tiktok || !c.tiktok) return { kind: 'off' };
  const answer = fetchOne(videoInfoRequest(c.tiktok.token, c.tiktok.advertiserIds[0], sparkCode), budget);
  return askFromAnswer(answer);
}

export function askFromAnswer(answer: ReturnType<typeof fetchOne>): CodeAsk {
  if (!answer) return { kind: 'unreachable', reason: 'the run had no time left to ask TikTok' };
  if (answer.status === 0) return { kind: 'unreachable', reason: 'TikTok could not be reached' };
  const read = readTikTokAnswer(answer.status, answer.body);
  if (read.kind === 'rateLimited') return { kind: 'unreachable', reason: 'TikTok asked to wait (rate limit)' };
  if (read.kind === 'error') {
    // A code TikTok itself refuses is the person's to fix; a fault on TikTok's side or with the token is not.
    const aboutCode = !read.retryLater && (read.code === 4025 || read.code === 4013 || /auth_code/i.test(read.message));
    return aboutCode ? { kind: 'refused', reason: read.reason } : { kind: 'unreachable', reason: read.reason };
  }
  const info = parseVideoInfo(read.data);
  if ('error' in info) return { kind: 'unreachable', reason: info.error };
  return { kind: 'answered', info };
}

/** Codes of several rows asked in batches (the sync's "not yet checked" rows). */
export function askAboutCodes(c: Connection, codes: readonly string[], budget: FetchBudget): CodeAsk[] {
  if (!isConnected(c).tiktok || !c.tiktok) return codes.map(() => ({ kind: 'off' }) as CodeAsk);
  const { token, advertiserIds } = c.tiktok;
  return fetchInBatches(
    codes.map((code) => videoInfoRequest(token, advertiserIds[0], code)),
    budget,
  ).map(askFromAnswer);
}

const MAX_HOPS = 3;

/**
 * Where a share-sheet short link leads: its redirect's Location, read with
 * followRedirects off (CONNECT.md "Links people paste"), hop by hop up to
 * MAX_HOPS. No key is needed. An error names the Video URL field.
 */
export function resolveShortLink(link: string, budget: FetchBudget): { url: string } | { error: FieldError } {
  const fail = (why: string) => ({
    error: {
      field: 'videoUrl',
      message: `Video URL is a TikTok short link, and ${why}. Open it in a browser and paste the full link it lands on, like https://www.tiktok.com/@handle/video/7412345678901234567.`,
    },
  });
  let at = /^https?:\/\//i.test(link) ? link : `https://${link}`;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const answer = fetchOne(
      { url: at, method: 'get', headers: {}, muteHttpExceptions: true, followRedirects: false },
      budget,
    );
    if (!answer || answer.status === 0) return fail('TikTok could not be reached to see where it leads');
    const location = answer.headers.location ?? '';
    if (answer.status < 300 || answer.status >= 400 || location === '')
      return fail(`TikTok did not say where it leads (HTTP ${answer.status})`);
    const target = shortLinkTarget(location);
    if (target) return { url: target.canonical };
    if (!isShortLink(location) && !/tiktok\.com\/t\//i.test(location))
      return fail('it leads to a page that is not a TikTok video');
    at = location.startsWith('//') ? `https:${location}` : location;
  }
  return fail('it redirects too many times');
}

/**
 * Many short links (an import's), the first hop of each in batches; a link
 * whose first redirect is another short link goes on hop by hop. Links that
 * cannot be resolved are left out: their lines get the short-link message.
 */
export function resolveShortLinks(links: readonly string[], budget: FetchBudget): Map<string, string> {
  const out = new Map<string, string>();
  const answers = fetchInBatches(
    links.map((l) => ({
      url: /^https?:\/\//i.test(l) ? l : `https://${l}`,
      method: 'get' as const,
      headers: {},
      muteHttpExceptions: true as const,
      followRedirects: false as const,
    })),
    budget,
  );
  answers.forEach((a, i) => {
    const location = a?.headers.location ?? '';
    const target = a && a.status >= 300 && a.status < 400 ? shortLinkTarget(location) : null;
    if (target) out.set(links[i], target.canonical);
    else if (a && a.status >= 300 && a.status < 400 && location !== '') {
      const r = resolveShortLink(location, budget);
      if ('url' in r) out.set(links[i], r.url);
    }
  });
  return out;
}

/** Input with a short link in `videoUrl` resolved to the full link; other input as it is. */
export function withResolvedLink(input: unknown, budget: FetchBudget): { input: unknown } | { errors: FieldError[] } {
  if (!input || typeof input !== 'object') return { input };
  const url = (input as { videoUrl?: unknown }).videoUrl;
  if (typeof url !== 'string' || !isShortLink(url)) return { input };
  const r = resolveShortLink(url.trim(), budget);
  if ('error' in r) return { errors: [r.error] };
  return { input: { ...(input as object), videoUrl: r.url } };
}

/** What a record or renewal is checked against, read from the raw input before any lock. */
export interface CodePrecheck {
  videoId: string;
  ask: CodeAsk;
}

/** Asks TikTok about the code a record or renewal input carries; `off` when not connected or nothing to ask. */
export function precheckCode(env: Env, input: unknown, budget: FetchBudget): CodePrecheck {
  const o = (input && typeof input === 'object' ? input : {}) as { videoUrl?: unknown; sparkCode?: unknown };
  const videoId = parseVideoUrl(String(o.videoUrl ?? ''))?.videoId ?? '';
  const code = String(o.sparkCode ?? '').trim();
  if (videoId === '' || code === '') return { videoId, ask: { kind: 'off' } };
  return { videoId, ask: askAboutCode(readConnection(env.ss.getId()), code, budget) };
}

export { checkVerdict };
