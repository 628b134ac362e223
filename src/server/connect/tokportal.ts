/**
 * "Request via TokPortal": asks TokPortal's account manager for a video's
 * Spark code (`POST /videos/:id/ad-code-request`, CONNECT.md). The answer
 * comes later: the daily sync polls, and records the code as if typed
 * (sync.ts). The TokPortal video id goes on the row with where the request
 * stands; a request TokPortal refuses writes nothing.
 */
import { adCodeRequest, readTokPortalAnswer } from '../../core/connect/tokportal';
import type { FieldError } from '../../core/ledger/errors';
import type { LedgerRecord } from '../../core/ledger/fields';
import { dateCellToYmd } from '../../core/ledger/dates';
import { quoteText } from '../../core/ledger/sheetRow';
import { videoIdOf } from '../../core/ledger/video';
import { openEnv } from '../ledger/env';
import { oneRowColumns } from '../ledger/ledger';
import { withDocumentLock } from '../ledger/lock';
import { auditAs, writeChanges } from '../expiry/writes';
import { getRecord } from '../lifecycle/actions';
import { isConnected, readConnection } from './connection';
import { fetchOne, newBudget } from './http';

export type TokPortalRequestResult =
  | { ok: true; record: LedgerRecord; message: string }
  | { ok: false; errors: FieldError[] };

const TOKPORTAL_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** requestViaTokPortal({videoUrl, tokportalVideo?, note?}) (docs/api.md). */
export function requestViaTokPortal(input: unknown): TokPortalRequestResult {
  const o = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const env = openEnv();
  const conn = readConnection(env.ss.getId());
  if (!isConnected(conn).tokportal || !conn.tokportal)
    return {
      ok: false,
      errors: [{ field: '', message: 'TokPortal is not connected: add its API key in the Connection panel.' }],
    };
  const videoId = videoIdOf(String(o.videoUrl ?? ''));
  if (!videoId)
    return { ok: false, errors: [{ field: 'videoUrl', message: 'Video URL must be a TikTok video link.' }] };
  // One row, found by its video id: the header, a search and the row, nothing else of the Ledger.
  const found = oneRowColumns(env, videoId);
  if (!found)
    return {
      ok: false,
      errors: [{ field: 'videoUrl', message: `No row in the Ledger has the video ${videoId}: request it first.` }],
    };
  const { data, record: rec } = found;
  const row = rec.row as number;
  const tokportalVideo = String(o.tokportalVideo ?? '').trim() || rec.tokportalVideo;
  if (!TOKPORTAL_ID.test(tokportalVideo))
    return {
      ok: false,
      errors: [
        {
          field: 'tokportalVideo',
          message: 'TokPortal video must be the video’s id in TokPortal (letters, digits, - or _).',
        },
      ],
    };
  if (rec.sparkCode !== '')
    return {
      ok: false,
      errors: [{ field: 'sparkCode', message: 'This video already has a Spark code; renew it instead.' }],
    };
  const note = String(o.note ?? '')
    .trim()
    .slice(0, 500);
  const answer = fetchOne(adCodeRequest(conn.tokportal.apiKey, tokportalVideo, note), newBudget(1, 30));
  if (!answer || answer.status === 0)
    return {
      ok: false,
      errors: [{ field: '', message: 'TokPortal could not be reached. Nothing was asked; try again.' }],
    };
  const a = readTokPortalAnswer(answer.status, answer.headers, answer.body, Date.now());
  if (a.kind === 'rateLimited')
    return {
      ok: false,
      errors: [
        {
          field: '',
          message: `TokPortal asked to wait ${a.retryAfterSeconds} seconds. Nothing was asked; try again then.`,
        },
      ],
    };
  // A request already open (an earlier answer lost on the way, say) is the one to wait for.
  const open = a.kind === 'error' && a.status === 409 && /IN_PROGRESS/i.test(a.code);
  if (a.kind === 'error' && !open)
    return {
      ok: false,
      errors: [{ field: a.status === 404 ? 'tokportalVideo' : '', message: `TokPortal refused: ${a.message}` }],
    };
  const words = `Requested ${env.today}`;
  const audit = auditAs(env, 'sidebar');
  withDocumentLock(() =>
    writeChanges(
      env,
      data,
      [
        {
          row,
          videoUrl: rec.videoUrl,
          set: [
            ...(tokportalVideo !== rec.tokportalVideo
              ? [{ key: 'tokportalVideo' as const, from: rec.tokportalVideo, to: quoteText(tokportalVideo) }]
              : []),
            { key: 'tokportalRequest' as const, from: String(rec.tokportalRequest ?? ''), to: quoteText(words) },
          ],
        },
      ],
      audit,
      (d) => dateCellToYmd(d, env.offsets()),
      { what: `TokPortal request for ${rec.videoUrl}`, job: 'Request via TokPortal', alsoNot: '' },
    ),
  );
  // The whole row as it now stands, for the sidebar's card (the request read only its own columns).
  return {
    ok: true,
    record: getRecord(rec.videoUrl) ?? { ...rec, tokportalVideo, tokportalRequest: words },
    message: 'Asked TokPortal for the code. The daily sync checks for it and records it when it arrives.',
  };
}
