/**
 * The connection to TikTok API for Business and TokPortal as plain data: what
 * is stored, what the sidebar may be shown (a hint of each secret at most),
 * and the rules its input must pass. The shell keeps it in document
 * properties (src/server/connect/connection.ts).
 */
import type { FieldError } from '../ledger/errors';
import { maskSecret } from './tiktok';

export interface TikTokSecret {
  token: string;
  advertiserIds: string[];
  by: string;
  at: string;
}

export interface TokPortalSecret {
  apiKey: string;
  by: string;
  at: string;
}

/** What is stored: only the shell's store (document properties) and the requests it feeds hold it. */
export interface Connection {
  tiktok?: TikTokSecret;
  tokportal?: TokPortalSecret;
}

/** What the sidebar is told: who connected what, and a hint of each secret. */
export interface ConnectionView {
  tiktok: { connected: false } | { connected: true; token: string; advertiserIds: string[]; by: string; at: string };
  tokportal: { connected: false } | { connected: true; apiKey: string; by: string; at: string };
}

export type SaveConnectionResult = ({ ok: true } & ConnectionView) | { ok: false; errors: FieldError[] };

export function isConnected(c: Connection): { tiktok: boolean; tokportal: boolean } {
  return { tiktok: !!c.tiktok?.token && (c.tiktok.advertiserIds?.length ?? 0) > 0, tokportal: !!c.tokportal?.apiKey };
}

export function viewOf(c: Connection): ConnectionView {
  return {
    tiktok: c.tiktok?.token
      ? {
          connected: true,
          token: maskSecret(c.tiktok.token),
          advertiserIds: [...c.tiktok.advertiserIds],
          by: c.tiktok.by,
          at: c.tiktok.at,
        }
      : { connected: false },
    tokportal: c.tokportal?.apiKey
      ? { connected: true, apiKey: maskSecret(c.tokportal.apiKey), by: c.tokportal.by, at: c.tokportal.at }
      : { connected: false },
  };
}

const TOKEN = /^[A-Za-z0-9._~+/=-]{16,512}$/;
const API_KEY = /^[A-Za-z0-9._~+/=-]{8,512}$/;
const ADVERTISER = /^\d{6,25}$/;

export interface ParsedInput {
  tiktokToken?: string;
  advertiserIds?: string[];
  tokportalKey?: string;
  remove: ('tiktok' | 'tokportal')[];
}

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return String(v).trim();
}

/** Every problem with the input, each naming its field; nothing is stored unless there is none. */
export function parseConnectionInput(input: unknown, stored: Connection): ParsedInput | FieldError[] {
  const errors: FieldError[] = [];
  if (!input || typeof input !== 'object' || Array.isArray(input))
    return [
      {
        field: '',
        message: 'saveConnection expects an object with tiktokToken, advertiserIds, tokportalKey or remove.',
      },
    ];
  const o = input as Record<string, unknown>;
  const known = new Set(['tiktokToken', 'advertiserIds', 'tokportalKey', 'remove']);
  for (const k of Object.keys(o))
    if (!known.has(k)) errors.push({ field: k, message: `${k} is not a connection setting.` });
  const out: ParsedInput = { remove: [] };
  const token = text(o.tiktokToken);
  if (token !== undefined && token !== '') {
    if (!TOKEN.test(token))
      errors.push({
        field: 'tiktokToken',
        message:
          'TikTok access token must be the long-lived token TikTok API for Business gave (16 to 512 letters, digits or . _ ~ + / = -, no spaces).',
      });
    else out.tiktokToken = token;
  }
  if (o.advertiserIds !== undefined && o.advertiserIds !== null && o.advertiserIds !== '') {
    const raw = Array.isArray(o.advertiserIds) ? o.advertiserIds.map(String) : String(o.advertiserIds).split(/[\s,;]+/);
    const ids = [...new Set(raw.map((s) => s.trim()).filter((s) => s !== ''))];
    const bad = ids.filter((s) => !ADVERTISER.test(s));
    if (bad.length)
      errors.push({
        field: 'advertiserIds',
        message: `Advertiser IDs are the digits Ads Manager shows for each ad account; ${bad.map((b) => `"${b}"`).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not.`,
      });
    else if (ids.length > 50)
      errors.push({ field: 'advertiserIds', message: 'Advertiser IDs: at most 50 ad accounts per connection.' });
    else out.advertiserIds = ids;
  }
  const key = text(o.tokportalKey);
  if (key !== undefined && key !== '') {
    if (!API_KEY.test(key))
      errors.push({
        field: 'tokportalKey',
        message:
          'TokPortal API key must be the key TokPortal shows under API keys (it starts with sk_), without spaces.',
      });
    else out.tokportalKey = key;
  }
  if (o.remove !== undefined) {
    const list = Array.isArray(o.remove) ? o.remove : [o.remove];
    for (const r of list) {
      if (r === 'tiktok' || r === 'tokportal') out.remove.push(r);
      else errors.push({ field: 'remove', message: 'remove names "tiktok" or "tokportal".' });
    }
  }
  const tiktokKept = !out.remove.includes('tiktok');
  if (tiktokKept && out.tiktokToken && !out.advertiserIds && !stored.tiktok?.advertiserIds?.length)
    errors.push({ field: 'advertiserIds', message: 'Advertiser IDs: name at least one ad account the token covers.' });
  if (tiktokKept && out.advertiserIds && !out.tiktokToken && !stored.tiktok?.token)
    errors.push({
      field: 'tiktokToken',
      message: 'TikTok access token: paste the token these advertiser IDs belong to.',
    });
  if (!errors.length && !out.tiktokToken && !out.advertiserIds && !out.tokportalKey && !out.remove.length)
    errors.push({ field: '', message: 'Nothing to save: paste a token or key, or choose what to remove.' });
  return errors.length ? errors : out;
}
