/**
 * A client's own time zone for its report: whether Google knows the name, and
 * when a code ends there.
 */
import { type ClientZone, ZONES_ALWAYS_UTC, clientZone, isZoneShaped } from '../../core/reports/clientSettings';
import type { Settings } from '../../core/ledger/settings';
import type { Env } from '../ledger/env';

const known = new Map<string, boolean>();

/**
 * Whether Google knows a zone name. Utilities.formatDate takes a
 * java.util.TimeZone id and reads an id it does not know as GMT, silently
 * (https://developers.google.com/apps-script/reference/utilities/utilities#formatDate(Date,String,String),
 * https://docs.oracle.com/javase/8/docs/api/java/util/TimeZone.html#getTimeZone-java.lang.String-).
 * So a name whose offset is +00:00 both in January and in July is unknown,
 * unless it is one of the zones at UTC+0 all year. Two formatDate calls a
 * name, once an execution.
 */
export function isKnownZone(tz: string): boolean {
  if (!isZoneShaped(tz)) return false;
  if (ZONES_ALWAYS_UTC.has(tz)) return true;
  let k = known.get(tz);
  if (k === undefined) {
    const year = new Date().getUTCFullYear();
    const at = (month: number) => Utilities.formatDate(new Date(Date.UTC(year, month, 15, 12)), tz, 'Z');
    k = at(0) !== '+0000' || at(6) !== '+0000';
    known.set(tz, k);
  }
  return k;
}

export function reportZone(env: Env, settings: Pick<Settings, 'clientTimeZones'>, client: string): ClientZone {
  return clientZone(settings, client, env.timeZone, isKnownZone);
}

/**
 * When codes end, seen in `tz`: a code ends at 00:00 of its Expires on day in
 * the spreadsheet's zone (docs/product.md §3), found as the expiry check finds
 * it (env.hoursUntil), then shown in the client's zone. Once a day an
 * execution: a few Utilities.formatDate calls each, no spreadsheet call.
 */
export function endsIn(env: Env, tz: string): (expiresOn: string) => string {
  const memo = new Map<string, string>();
  return (ymd: string) => {
    let s = memo.get(ymd);
    if (s === undefined) {
      // hoursUntil is a quotient: back to whole minutes before formatting.
      const ms = Math.round((env.now.getTime() + env.hoursUntil(ymd) * 3600000) / 60000) * 60000;
      s = Utilities.formatDate(new Date(ms), tz, 'yyyy-MM-dd HH:mm');
      memo.set(ymd, s);
    }
    return s;
  };
}
