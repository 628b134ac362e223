/**
 * getToday(): the sidebar's Today home. It reads only the columns the list
 * needs (core/lifecycle/attention.ts, ATTENTION_KEYS), in one read per run of
 * adjacent columns, and asks core what needs a person. It writes nothing, so
 * it takes no lock. Rows are sent by video link: the sidebar opens a row by
 * searching its video again, never by the row number seen here.
 */
import { ATTENTION_KEYS, type AttentionItem, type AttentionKind, attentionList } from '../../core/lifecycle/attention';
import { UNKNOWN_USER, nearHoursUntil, openEnv } from '../ledger/env';
import { readLedgerColumns } from '../ledger/ledger';

export interface TodayResult {
  /** Who "mine" means: the user's address, '' when Google does not tell the add-on. */
  user: string;
  scope: 'mine' | 'all';
  items: AttentionItem[];
  counts: Partial<Record<AttentionKind, number>>;
  /** Lines before the limit. */
  total: number;
  /** When the list was read, as an ISO timestamp. */
  asOf: string;
}

/** Lines sent to the sidebar at most; the counts cover every line. */
export const TODAY_LIMIT = 60;

export function getToday(options?: unknown): TodayResult {
  const asked = options && typeof options === 'object' ? (options as { scope?: unknown }).scope : undefined;
  const env = openEnv();
  const user = env.user === UNKNOWN_USER ? '' : env.user;
  // Without a known user there is no "mine": the whole ledger is shown, and the result says so.
  const scope: 'mine' | 'all' = asked === 'all' || user === '' ? 'all' : 'mine';
  const data = readLedgerColumns(env, ATTENTION_KEYS);
  const offsets = env.offsets();
  const records = data.records(offsets);
  const list = attentionList(
    records,
    { today: env.today, hoursUntil: nearHoursUntil(env) },
    { user, mine: scope === 'mine', limit: TODAY_LIMIT },
  );
  return { user, scope, ...list, asOf: env.nowIso };
}
