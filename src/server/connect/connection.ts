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
import {
  type Connection,
  type ConnectionView,
  type ParsedInput,
  type SaveConnectionResult,
  parseConnectionInput,
  viewOf,
} from '../../core/connect/connection';
import { type Env, openEnv } from '../ledger/env';
import { withDocumentLock } from '../ledger/lock';
import { appendAudit } from '../ledger/logs';

export { type Connection, type ConnectionView, isConnected, viewOf } from '../../core/connect/connection';

const KEY = 'sparkLedger.connection';
const USER_COPY = 'sparkLedger.connection.';

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
