/**
 * What Settings says about one client's report: its time zone and the
 * addresses its published copy is shared with, checked here, so a typo is
 * named to the agency and never guessed at.
 */
import { CLIENT_COLUMNS, type Settings } from '../ledger/settings';
import { isEmail } from '../ledger/values';
import { settingForClient } from './clients';

const ZONE_HEADER = CLIENT_COLUMNS[0].header;
const EMAIL_HEADER = CLIENT_COLUMNS[1].header;

/**
 * An IANA time zone name (https://www.iana.org/time-zones): an area and a
 * location, "Europe/Berlin", "America/Argentina/Buenos_Aires", or UTC. Old
 * abbreviations ("EST", "CET") are refused: Google reads some of them its own
 * way. The shape alone does not make a zone known: the shell asks Google too
 * (server/reports/zone.ts).
 */
const IANA_ZONE =
  /^(?:UTC|(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)\/[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)*)$/;

export function isZoneShaped(tz: string): boolean {
  return IANA_ZONE.test(tz);
}

/**
 * Zones at UTC+0 all year, by the tz database. Google's formatDate reads a
 * name it does not know as GMT (java.util.TimeZone.getTimeZone), so for
 * these alone "always +00:00" does not show that the name is unknown.
 */
export const ZONES_ALWAYS_UTC: ReadonlySet<string> = new Set([
  'UTC',
  'Etc/UTC',
  'Etc/UCT',
  'Etc/GMT',
  'Etc/GMT0',
  'Etc/GMT+0',
  'Etc/GMT-0',
  'Etc/Greenwich',
  'Etc/Universal',
  'Etc/Zulu',
  'Africa/Abidjan',
  'Africa/Accra',
  'Africa/Bamako',
  'Africa/Banjul',
  'Africa/Bissau',
  'Africa/Conakry',
  'Africa/Dakar',
  'Africa/Freetown',
  'Africa/Lome',
  'Africa/Monrovia',
  'Africa/Nouakchott',
  'Africa/Ouagadougou',
  'Africa/Sao_Tome',
  'Africa/Timbuktu',
  'America/Danmarkshavn',
  'Atlantic/Reykjavik',
  'Atlantic/St_Helena',
]);

export interface ClientZone {
  /** The zone the report uses. */
  timeZone: string;
  /** True when Settings gave this client a zone and it is used. */
  own: boolean;
  /** Why the zone typed in Settings is not used, for the agency. */
  problem?: string;
}

/**
 * The zone of `client`'s report: its own from Settings when that is a zone
 * `known` accepts, else the spreadsheet's. `known` is the shell's check that
 * Google knows the name.
 */
export function clientZone(
  settings: Pick<Settings, 'clientTimeZones'>,
  client: string,
  spreadsheetZone: string,
  known: (tz: string) => boolean,
): ClientZone {
  const typed = settingForClient(settings.clientTimeZones, client).trim();
  if (typed === '') return { timeZone: spreadsheetZone, own: false };
  if (isZoneShaped(typed) && known(typed)) return { timeZone: typed, own: true };
  return {
    timeZone: spreadsheetZone,
    own: false,
    problem: `Settings › ${ZONE_HEADER} for ${client} is "${typed}", which is not a time zone Google knows (an IANA name such as Europe/Berlin or America/Sao_Paulo); the report uses the spreadsheet's, ${spreadsheetZone}.`,
  };
}

export interface ReportEmails {
  /** Valid addresses, in the order typed, each once (compared without case). */
  emails: string[];
  /** Why some typed text is not used, for the agency. */
  problem?: string;
}

/** The addresses `client`'s published report is shared with: one or more, separated by commas, semicolons or spaces. */
export function reportEmails(settings: Pick<Settings, 'clientReportEmails'>, client: string): ReportEmails {
  const typed = settingForClient(settings.clientReportEmails, client);
  const emails: string[] = [];
  const invalid: string[] = [];
  for (const part of typed.split(/[\s,;]+/)) {
    const a = part.trim().replace(/^mailto:/i, '');
    if (a === '') continue;
    if (!isEmail(a)) invalid.push(part);
    else if (!emails.some((e) => e.toLowerCase() === a.toLowerCase())) emails.push(a);
  }
  if (invalid.length === 0) return { emails };
  return {
    emails,
    problem: `Settings › ${EMAIL_HEADER} for ${client}: ${invalid.map((x) => `"${x}"`).join(', ')} ${invalid.length === 1 ? 'is not an email address' : 'are not email addresses'}, so the report was not shared with ${invalid.length === 1 ? 'it' : 'them'}.`,
  };
}
