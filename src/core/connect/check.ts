/**
 * A Spark code checked with TikTok as it is recorded or renewed
 * (`/tt_video/info/`, docs/product.md §9): the code must belong to the row's
 * post, TikTok's window replaces the typed one, and the post's type and the
 * identity behind the code go on the row. Plain data in, a verdict out; the
 * shell asks TikTok before it takes the lock, then plans with the verdict.
 */
import type { FieldError } from '../ledger/errors';
import type { FieldKey } from '../ledger/fields';
import type { Plan } from '../lifecycle/actions';
import { type CodeInfo, type LedgerWindow, windowFromTikTok } from './tiktok';

/** What asking TikTok gave. */
export type CodeAsk =
  /** Not connected to TikTok: nothing to check, nothing said. */
  | { kind: 'off' }
  | { kind: 'answered'; info: CodeInfo }
  /** TikTok refused the code itself (not found, expired, malformed): a sentence for the person. */
  | { kind: 'refused'; reason: string }
  /** No answer to act on (network, rate limit, TikTok's own fault): saved as typed, checked at the next sync. */
  | { kind: 'unreachable'; reason: string };

/** The system fields a check writes (docs/product.md §3). */
export interface CheckFields {
  tiktokCheck: string;
  tiktokWindow?: string;
  postType?: string;
  tiktokIdentity?: string;
}

export const NOT_YET_CHECKED = 'Not yet checked';

export type CheckVerdict =
  | { ok: false; errors: FieldError[] }
  | {
      ok: true;
      /** TikTok's window, as ledger dates, when it answered; the typed one stays otherwise. */
      window: LedgerWindow | null;
      fields: CheckFields | null;
      /** When TikTok's window differs from the typed one: both, in words, for the Audit. */
      typedWindow?: { typed: string; tiktok: string };
    };

export function postTypeOf(itemType: string): string {
  const t = itemType.trim().toUpperCase();
  if (t === 'CAROUSEL') return 'Photo';
  if (t === 'VIDEO') return 'Video';
  return t === '' ? '' : t.charAt(0) + t.slice(1).toLowerCase();
}

export function windowText(startUtc: string, endUtc: string): string {
  return `${startUtc} – ${endUtc} UTC`;
}

/**
 * The verdict on a code typed for the video `videoId` with the window
 * `typed`. A code for another post is refused, naming Spark code; a code
 * TikTok refuses is refused with TikTok's reason. `offsetAt` gives the
 * spreadsheet zone's offset (minutes east) at an instant.
 */
export function checkVerdict(
  ask: CodeAsk,
  videoId: string,
  typed: { authorizedOn: string; authDays: number },
  offsetAt: (ms: number) => number,
): CheckVerdict {
  if (ask.kind === 'off') return { ok: true, window: null, fields: null };
  if (ask.kind === 'unreachable')
    return { ok: true, window: null, fields: { tiktokCheck: `${NOT_YET_CHECKED}: ${ask.reason}` } };
  if (ask.kind === 'refused')
    return { ok: false, errors: [{ field: 'sparkCode', message: `TikTok refused this Spark code: ${ask.reason}` }] };
  const { info } = ask;
  if (info.itemId !== videoId)
    return {
      ok: false,
      errors: [
        {
          field: 'sparkCode',
          message: `This code belongs to another post: TikTok says it authorizes post ${info.itemId}, not ${videoId}. Ask the creator for the code of this video.`,
        },
      ],
    };
  const window = windowFromTikTok(info.authStartUtc, info.authEndUtc, offsetAt);
  const fields: CheckFields = {
    tiktokCheck: 'Code matches this post',
    postType: postTypeOf(info.itemType),
    tiktokIdentity: info.tiktokName || info.identityId,
  };
  if (!window)
    return {
      ok: true,
      window: null,
      fields: { ...fields, tiktokCheck: 'Code matches this post; TikTok gave no window' },
    };
  fields.tiktokWindow = windowText(info.authStartUtc, info.authEndUtc);
  const differs = window.authorizedOn !== typed.authorizedOn || window.authDays !== typed.authDays;
  return {
    ok: true,
    window,
    fields,
    ...(differs
      ? {
          typedWindow: {
            typed: `${typed.authorizedOn}, ${typed.authDays} days`,
            tiktok: `${window.authorizedOn}, ${window.authDays} days (TikTok: ${fields.tiktokWindow})`,
          },
        }
      : {}),
  };
}

/** The plan with what the check found: its fields written and audited, and the typed window kept in the Audit. */
export function planWithCheck(plan: Plan, verdict: Extract<CheckVerdict, { ok: true }>): Plan {
  if (!verdict.fields) return plan;
  const after = { ...plan.after };
  const changed = [...plan.changed];
  for (const [k, v] of Object.entries(verdict.fields) as [FieldKey, string][]) {
    if (v === undefined) continue;
    (after as Record<string, unknown>)[k] = v;
    const before = plan.before ? String(plan.before[k] ?? '') : '';
    if ((before !== v || plan.before === null) && !changed.includes(k)) changed.push(k);
  }
  const notes = [...(plan.notes ?? [])];
  if (verdict.typedWindow)
    notes.push({
      field: "Window as typed, replaced by TikTok's",
      oldValue: verdict.typedWindow.typed,
      newValue: verdict.typedWindow.tiktok,
    });
  return { ...plan, after, changed, ...(notes.length ? { notes } : {}) };
}

/** One field a check changes on a row already in the ledger: old value as read, new value. */
export interface FieldChange {
  key: FieldKey;
  from: string;
  to: string | number;
}

/**
 * What a check changes on a row that is already in the ledger (a code saved
 * "not yet checked", or checked on demand): TikTok's window with the expiry
 * it gives, the check's fields, and a note of the window it replaced. A code
 * TikTok gives to another post changes only the check, which says so
 * (`problem`): a saved code is never removed because of what an API said.
 */
export function rowCheckChanges(
  rec: Readonly<Record<string, unknown>>,
  ask: CodeAsk,
  videoId: string,
  offsetAt: (ms: number) => number,
): { set: FieldChange[]; note?: { field: string; oldValue: string; newValue: string }; problem?: string } {
  const text = (k: FieldKey) => String(rec[k] ?? '');
  const typed = { authorizedOn: text('authorizedOn'), authDays: Number(rec.authDays) || 0 };
  const v = checkVerdict(ask, videoId, typed, offsetAt);
  const set: FieldChange[] = [];
  const put = (key: FieldKey, to: string | number) => {
    if (String(to) !== text(key)) set.push({ key, from: text(key), to });
  };
  if (!v.ok) {
    const problem = v.errors.map((e) => e.message).join(' ');
    put('tiktokCheck', problem.length > 300 ? `${problem.slice(0, 299)}…` : problem);
    return { set, problem };
  }
  if (v.fields)
    for (const [k, value] of Object.entries(v.fields) as [FieldKey, string][]) if (value !== undefined) put(k, value);
  if (v.window && v.typedWindow) {
    put('authorizedOn', v.window.authorizedOn);
    put('authDays', v.window.authDays);
    put('expiresOn', v.window.expiresOn);
    return {
      set,
      note: {
        field: "Window as typed, replaced by TikTok's",
        oldValue: v.typedWindow.typed,
        newValue: v.typedWindow.tiktok,
      },
    };
  }
  return { set };
}
