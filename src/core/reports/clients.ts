/**
 * Which rows and fields a client may see, and which client a name means: the
 * allow-list of fields, client names compared as people type them, and the
 * name of a client's report tab.
 */
import type { LedgerRecord } from '../ledger/fields';
import { type FunnelFacts, funnelFacts } from './funnel';
import { REPORT_PREFIX } from '../ledger/sheets';
import { maskSparkCode } from '../ledger/video';

/**
 * Every ledger field a client report reads, and why it is safe:
 * - the video, its creator, market, campaign, objective, status, expiry and
 *   results: the client's own campaign facts (docs/product.md §7 list of videos);
 * - renewal decision, retirement reason and decision note: docs/product.md §7 shows
 *   "decisions with reasons"; the note is the agency's stated reason, shown
 *   after scrubbing codes, other clients' names and other videos' links.
 * Left out on purpose: owners' emails, ad account, brand, landing page,
 * usage rights and notes, excluded categories, checks, contract, invoice
 * fields, proof and snapshot links, generation prompt text, alerts, who
 * updated the row. The Spark code only ever appears as maskSparkCode's hint.
 */
export const CLIENT_SAFE_FIELDS = [
  'videoUrl',
  'creatorHandle',
  'market',
  'campaign',
  'objective',
  'status',
  'expiresOn',
  'currency',
  'spend',
  'conversions',
  'comments',
  'renewalDecision',
  'retirementReason',
  'decisionNote',
] as const;

export type ClientSafeKey = (typeof CLIENT_SAFE_FIELDS)[number];

export type ClientSafeRow = {
  [K in ClientSafeKey]: K extends 'spend' | 'conversions' | 'comments' ? number | '' : string;
} & {
  /** First characters and last two of the code: enough to match it in Ads Manager, never the code. */
  codeHint: string;
  funnel: FunnelFacts;
};

export function clientSafeRow(rec: LedgerRecord): ClientSafeRow {
  const out: Record<string, unknown> = {};
  for (const k of CLIENT_SAFE_FIELDS) {
    const v = rec[k];
    out[k] =
      k === 'spend' || k === 'conversions' || k === 'comments'
        ? typeof v === 'number'
          ? v
          : ''
        : String(v ?? '').trim();
  }
  out.codeHint = maskSparkCode(String(rec.sparkCode ?? '').trim());
  out.funnel = funnelFacts(rec);
  return out as ClientSafeRow;
}

/** A client's identity: the cell's text, trimmed. Case matters: "Acme" and "ACME" are two clients. */
export function clientKey(value: unknown): string {
  return String(value ?? '').trim();
}

export function isClientRow(clientCell: unknown, client: string): boolean {
  return client !== '' && clientKey(clientCell) === client;
}

/** Every client that has at least one row, sorted. */
export function clientsWithRows(clientCells: readonly unknown[]): string[] {
  const set = new Set<string>();
  for (const c of clientCells) {
    const k = clientKey(c);
    if (k !== '') set.add(k);
  }
  return [...set].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()) || (a < b ? -1 : 1));
}

export type ClientChoice = { ok: true; client: string } | { ok: false; message: string };

/** What a person typed into the client prompt, matched to a known client: exactly, else by case when that is unambiguous. */
export function resolveClient(input: unknown, known: readonly string[]): ClientChoice {
  const wanted = clientKey(input);
  if (wanted === '') return { ok: false, message: `Client is required: type one of ${listForPeople(known)}.` };
  if (known.includes(wanted)) return { ok: true, client: wanted };
  const byCase = known.filter((k) => k.toLowerCase() === wanted.toLowerCase());
  if (byCase.length === 1) return { ok: true, client: byCase[0] };
  if (byCase.length > 1)
    return {
      ok: false,
      message: `Client "${wanted}" matches ${listForPeople(byCase)}: type the name exactly as the ledger spells it.`,
    };
  return { ok: false, message: `Client "${wanted}" has no rows in the ledger: type one of ${listForPeople(known)}.` };
}

function listForPeople(names: readonly string[]): string {
  if (names.length === 0) return 'the clients in the ledger (there are none yet)';
  const shown = names.slice(0, 12).map((n) => `"${n}"`);
  return shown.join(', ') + (names.length > 12 ? ` and ${names.length - 12} more` : '');
}

/**
 * Sheets refuses tab names over 100 characters
 * (https://github.com/getodk/collect/issues/2918: "The sheet name cannot be
 * greater than 100 characters"); line breaks and control characters would make
 * an unreadable tab. Truncation never splits a character.
 */
export const SHEET_NAME_MAX = 100;

export function reportSheetName(client: string): string {
  const clean =
    clientKey(client)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this takes out of a tab name.
      .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || 'Unnamed client';
  const room = SHEET_NAME_MAX - REPORT_PREFIX.length;
  const chars = Array.from(clean);
  const name =
    chars.length > room
      ? `${chars
          .slice(0, room - 1)
          .join('')
          .trimEnd()}…`
      : clean;
  return REPORT_PREFIX + name;
}
