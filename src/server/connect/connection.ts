/**
 * The ledger's connection to TikTok API for Business and TokPortal: an access
 * token with the advertiser ids it covers, and an API key. Kept in document
 * properties, which every editor of this spreadsheet shares and nobody else
 * (https://developers.google.com/apps-script/guides/properties): never script
 * properties, which every user of a published add-on shares.
 *
 * A secret is never written to a sheet, an audit line, a log or a return
 * value: what leaves this file is the connection's view, with a hint of the
 * secret at most (core/connect/tiktok.ts maskSecret). The Audit says who
 * connected or removed what, and never any part of a secret.
 *
 * The daily run. An add-on's time-driven run may have no document, and then
 * no document properties (docs/runtime.md; getDocumentProperties returns null
 * outside a document: https://developers.google.com/apps-script/reference/properties/properties-service#getDocumentProperties()).
 * So the person whose account runs the daily check also keeps a copy in their
 * own user properties (private to them), keyed by the spreadsheet's id, made
 * whenever they save the connection, turn alerts on, or sync by hand. The sync
 * reads the document's copy where there is one, and theirs otherwise.
 */
import { maskSecret } from '../../core/connect/tiktok';
import type { FieldError } from '../../core/ledger/errors';
import { type Env, openEnv } from '../ledger/env';
import { withDocumentLock } from '../ledger/lock';
import { appendAudit } from '../ledger/logs';

const KEY = 'sparkLedger.connection';
const USER_COPY = 'sparkLedger.connection.';

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

/** What is stored. Only this file and the fetches it feeds see it. */
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

function parse(text: string | null): Connection {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as Connection;
    return v && typeof v === 'object' ? v : {};
  } catch (_) {
    return {};
  }
}

/** The stored connection: the document's, else (a daily run without its document) the runner's own copy. */
export function readConnection(ssId: string): Connection {
  const doc = PropertiesService.getDocumentProperties();
  if (doc) return parse(doc.getProperty(KEY));
  return parse(PropertiesService.getUserProperties().getProperty(USER_COPY + ssId));
}

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

/** The current user's private copy, for their daily run (see the top of this file). */
export function keepUserCopy(ssId: string, c: Connection): void {
  const user = PropertiesService.getUserProperties();
  if (c.tiktok || c.tokportal) user.setProperty(USER_COPY + ssId, JSON.stringify(c));
  else user.deleteProperty(USER_COPY + ssId);
}

/** getConnection(): what is connected, without the secrets. */
export function getConnection(): ConnectionView {
  const env = openEnv();
  return viewOf(readConnection(env.ss.getId()));
}

const TOKEN = /^[A-Za-z0-9._~+/=-]{16,512}$/;
const API_KEY = /^[A-Za-z0-9._~+/=-]{8,512}$/;
const ADVERTISER = /^\d{6,25}$/;

interface ParsedInput {
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

/** The stored connection after the input, and the Audit lines that say what changed (no secret in them). */
function applyInput(env: Env, stored: Connection, p: ParsedInput): { next: Connection; said: string[] } {
  const next: Connection = { ...stored };
  const said: string[] = [];
  if (p.remove.includes('tiktok') && next.tiktok) {
    next.tiktok = undefined;
    said.push('TikTok removed');
  }
  if (p.remove.includes('tokportal') && next.tokportal) {
    next.tokportal = undefined;
    said.push('TokPortal removed');
  }
  if (!p.remove.includes('tiktok') && (p.tiktokToken || p.advertiserIds)) {
    const token = p.tiktokToken ?? (stored.tiktok?.token as string);
    const ids = p.advertiserIds ?? stored.tiktok?.advertiserIds ?? [];
    next.tiktok = { token, advertiserIds: ids, by: env.user, at: env.nowIso };
    said.push(
      `TikTok ${p.tiktokToken ? (stored.tiktok ? 'token replaced' : 'connected') : 'advertisers changed'}: advertisers ${ids.join(', ')}`,
    );
  }
  if (!p.remove.includes('tokportal') && p.tokportalKey) {
    next.tokportal = { apiKey: p.tokportalKey, by: env.user, at: env.nowIso };
    said.push(stored.tokportal ? 'TokPortal key replaced' : 'TokPortal connected');
  }
  if (!next.tiktok) delete next.tiktok;
  if (!next.tokportal) delete next.tokportal;
  return { next, said };
}

/**
 * saveConnection(input): stores a TikTok token with its advertiser ids and a
 * TokPortal key, or removes either (`remove: ['tiktok']`). Bad input names
 * the field and stores nothing. Returns what is connected, without secrets.
 */
export function saveConnection(input: unknown): SaveConnectionResult {
  const env = openEnv();
  const ssId = env.ss.getId();
  return withDocumentLock(() => {
    const doc = PropertiesService.getDocumentProperties();
    const stored = parse(doc.getProperty(KEY));
    const p = parseConnectionInput(input, stored);
    if (Array.isArray(p)) return { ok: false as const, errors: p };
    const { next, said } = applyInput(env, stored, p);
    const undo = appendAudit(
      env,
      said.map((s) => ({
        when: env.nowIso,
        who: env.user,
        videoUrl: '',
        field: 'Connection',
        oldValue: '',
        newValue: s,
        via: 'sidebar' as const,
      })),
    );
    try {
      if (next.tiktok || next.tokportal) doc.setProperty(KEY, JSON.stringify(next));
      else doc.deleteProperty(KEY);
    } catch (e) {
      undo();
      throw e;
    }
    keepUserCopy(ssId, next);
    return { ok: true as const, ...viewOf(next) };
  });
}
