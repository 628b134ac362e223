/**
 * What a TikTok sync changes in the ledger, decided from what the shell read:
 * the posts authorized to each ad account (`/tt_video/list/`) and each video's
 * figures (`/ad/get/` and `/report/integrated/get/`, summed by
 * `figuresPerVideo`). Plain data in, a list of row changes out; the shell
 * finds each row by its video id before writing (docs/design.md, "Rows stay
 * with their videos").
 *
 * Nothing is deleted or zeroed because an API said nothing: an ad account not
 * read completely changes nothing, a video without figures keeps its own, and
 * a post missing from a complete list is an alert, never a status change.
 */
import type { ORGANIC_STATUSES } from '../ledger/fields';
import { canTransition, isStatus } from '../lifecycle/lifecycle';
import { type AuthorizedPost, type VideoFigures, authVerdict, postVerdict } from './tiktok';

type OrganicStatus = (typeof ORGANIC_STATUSES)[number];

export interface LiveCode {
  videoId: string;
  /** The row's Ad account, the same text as the keys of `SyncFindings.complete`. */
  adAccount: string;
  sparkCode: string;
  status: string;
  organicStatus: string;
  tiktokCheck: string;
  expiresOn: string;
  /** The row's figures as read, when the caller read them: a figure that already matches is not written again. */
  spend?: number | string;
  conversions?: number | string;
  comments?: number | string;
}

/**
 * `posts` and `figures` are keyed by the video's id (TikTok's item id), or by
 * `syncKey(adAccount, videoId)` where one video differs between ad accounts;
 * the second wins. `complete` holds, per source, the ad accounts read to the
 * last page without a failure.
 */
export interface SyncFindings {
  posts: Map<string, AuthorizedPost>;
  figures: Map<string, VideoFigures>;
  complete: { list: Set<string>; figures: Set<string> };
}

export interface RowChange {
  videoId: string;
  set: Partial<
    Record<'organicStatus' | 'spend' | 'conversions' | 'comments' | 'tiktokCheck' | 'figuresFrom', string | number>
  >;
  /** The shell applies the lifecycle on entering it (docs/product.md §4, §8: Expired means Paid campaign Ended). */
  status?: 'Expired';
  alert?: 'removed' | 'private' | 'revoked' | 'expired';
  auditNote: string;
}

/** The key for one ad account's finding about one video. */
export function syncKey(adAccount: string, videoId: string): string {
  return `${adAccount}\u0000${videoId}`;
}

/**
 * The ledger's Organic post options (docs/product.md §3: Live, Edited, Removed,
 * Ads only, Unknown) for what TikTok says. There is no "Private" option: a post
 * that is no longer public is Unknown here, and the sync's alert and TikTok
 * check say what TikTok reported.
 */
export const ORGANIC_FOR_VERDICT: Readonly<Record<'live' | 'removed' | 'private', OrganicStatus>> = {
  live: 'Live',
  removed: 'Removed',
  private: 'Unknown',
};

function lookup<T>(map: Map<string, T>, code: LiveCode): T | undefined {
  return map.get(syncKey(code.adAccount, code.videoId)) ?? map.get(code.videoId);
}

const POST_WORDS: Record<string, string> = {
  HESITATE_RECOMMEND: 'Post public',
  USER_DELETE: 'Post deleted by the creator',
  AUDIT_DELETE: 'Post removed by TikTok',
  ONLY_AUTHOR_SEE: 'Post visible to the creator only',
  ONLY_FRIEND_SEE: 'Post visible to friends only',
  REVIEW_PENDING: 'Post in review at TikTok',
};

/** "Post removed by TikTok" inside a sentence: only the first letter lowered, names kept. */
function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function postWords(post: AuthorizedPost): string {
  const raw = post.postStatus.trim().toUpperCase();
  if (POST_WORDS[raw]) return POST_WORDS[raw];
  return postVerdict(raw) === 'private' ? `Post not public (${raw})` : `Post status ${raw || 'not given'}`;
}

function authWords(post: AuthorizedPost): string {
  const end = post.authEndUtc.trim();
  switch (authVerdict(post.adAuthStatus)) {
    case 'authorized':
      return end ? `authorized until ${end} UTC` : 'authorized';
    case 'expired':
      return 'authorization expired';
    default:
      return `authorization ${post.adAuthStatus.trim() || 'not given'}`;
  }
}

/** The organic status TikTok's verdict calls for, or null to keep the row's. */
function organicTarget(verdict: ReturnType<typeof postVerdict>, current: string): OrganicStatus | null {
  switch (verdict) {
    case 'removed':
      return ORGANIC_FOR_VERDICT.removed;
    case 'live':
      // An edit is a person's judgement TikTok's status does not show; an ads-only post is not the organic kind.
      return current === 'Edited' || current === 'Ads only' ? null : ORGANIC_FOR_VERDICT.live;
    case 'private':
      // An ads-only post is hidden from the profile by design; an edited one keeps the more telling word.
      return current === 'Edited' || current === 'Ads only' ? null : ORGANIC_FOR_VERDICT.private;
    default:
      return null;
  }
}

function asNumber(v: number | string | undefined): number | null {
  if (v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  return Number.isFinite(n) ? n : null;
}

const METRICS = ['spend', 'conversions', 'comments'] as const;
const METRIC_WORDS: Record<(typeof METRICS)[number], string> = {
  spend: 'Spend',
  conversions: 'Conversions',
  comments: 'Comments',
};

/**
 * What a sync changes: for each live code whose advertiser was read
 * completely: post removed → organicStatus 'Removed' + alert 'removed';
 * private → organicStatus 'Unknown' (no Private option exists) + alert;
 * live → 'Live'; auth EXPIRED while the ledger thinks it live → status
 * 'Expired' + alert 'expired'; a code absent from a completely read list →
 * alert 'revoked' (never a deletion, never a status change; not once the
 * ledger's own window has ended, as TikTok may drop ended authorizations from
 * the list); figures replace spend/conversions/comments only where TikTok
 * returned a value for that video (a video with no ads is left as it is). An
 * advertiser not read completely changes nothing. Rows whose values already
 * match produce no change. `tiktokCheck` holds what TikTok said in words, so
 * an alert goes out once, when that changes, not on every sync.
 */
export function planSync(codes: readonly LiveCode[], found: SyncFindings, today: string): RowChange[] {
  const out: RowChange[] = [];
  for (const code of codes) {
    if (String(code.videoId ?? '').trim() === '') continue;
    const set: RowChange['set'] = {};
    const notes: string[] = [];
    let status: RowChange['status'];
    let alert: RowChange['alert'];

    if (found.complete.list.has(code.adAccount)) {
      const post = lookup(found.posts, code);
      if (post) {
        const check = `${postWords(post)}; ${authWords(post)}`;
        const newCheck = check !== code.tiktokCheck;
        if (newCheck) set.tiktokCheck = check;
        const verdict = postVerdict(post.postStatus);
        const organic = organicTarget(verdict, code.organicStatus);
        if (organic !== null && organic !== code.organicStatus) {
          set.organicStatus = organic;
          notes.push(`Organic post ${code.organicStatus || 'empty'} → ${organic}: ${lowerFirst(postWords(post))}.`);
        }
        const expired =
          authVerdict(post.adAuthStatus) === 'expired' &&
          isStatus(code.status) &&
          canTransition(code.status, 'Expired');
        if (expired) {
          status = 'Expired';
          const early = code.expiresOn && code.expiresOn > today ? `, before the ledger's ${code.expiresOn}` : '';
          notes.push(`Status ${code.status} → Expired: TikTok reports the authorization expired${early}.`);
        }
        if (verdict === 'removed' && code.organicStatus !== ORGANIC_FOR_VERDICT.removed) alert = 'removed';
        else if (expired) alert = 'expired';
        else if (verdict === 'private' && newCheck && code.organicStatus !== 'Ads only') {
          alert = 'private';
          notes.push(`${postWords(post)}: the post is no longer public.`);
        }
        if (newCheck && notes.length === 0) notes.push(`TikTok says: ${check}.`);
      } else {
        const ended = code.expiresOn !== '' && code.expiresOn <= today;
        const check = `Not among the posts authorized to ad account ${code.adAccount}${ended ? '; its window has ended' : ''}`;
        if (check !== code.tiktokCheck) {
          set.tiktokCheck = check;
          if (ended)
            notes.push(`TikTok no longer lists the post for ad account ${code.adAccount}; its window has ended.`);
          else {
            alert = 'revoked';
            notes.push(
              `TikTok does not list the post among those authorized to ad account ${code.adAccount}: the authorization may have been revoked, or the code applied to another ad account. Nothing else was changed.`,
            );
          }
        }
      }
    }

    if (found.complete.figures.has(code.adAccount)) {
      const fig = lookup(found.figures, code);
      if (fig) {
        const moved: string[] = [];
        for (const key of METRICS) {
          if (fig.noValue?.includes(key)) continue;
          const now = asNumber(code[key]);
          const next = fig[key];
          const same =
            now !== null && (key === 'spend' ? Math.round(now * 100) === Math.round(next * 100) : now === next);
          if (same) continue;
          set[key] = next;
          moved.push(`${METRIC_WORDS[key]} ${now === null ? 'empty' : now} → ${next}`);
        }
        if (moved.length) {
          set.figuresFrom = `TikTok, ${today}`;
          notes.push(`${moved.join(', ')} (TikTok, ${fig.ads} ${fig.ads === 1 ? 'ad' : 'ads'}).`);
        }
      }
    }

    if (Object.keys(set).length === 0 && status === undefined) continue;
    const change: RowChange = { videoId: code.videoId, set, auditNote: `TikTok sync ${today}: ${notes.join(' ')}` };
    if (status) change.status = status;
    if (alert) change.alert = alert;
    out.push(change);
  }
  return out;
}
