/**
 * Requests to TikTok and TokPortal, in batches: UrlFetchApp.fetchAll sends a
 * batch at once (https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetchAll(Object)),
 * so a page of answers costs one round trip, not one per request. Every
 * request is muted (an HTTP error is an answer to read, not an exception)
 * and follows no redirect (a short link's Location is the answer).
 *
 * A run has a budget of fetches and of time: URL Fetch calls are a daily
 * quota (20,000 consumer, 100,000 Workspace:
 * https://developers.google.com/apps-script/guides/services/quotas) shared by
 * everything the account runs. A request the budget has no room for is not
 * sent, and the caller carries on from it at its next run.
 */
import type { FetchRequest } from '../../core/connect/tiktok';

export interface Answer {
  /** 0 when the request never got an answer (network, DNS, a fetch that threw). */
  status: number;
  body: string;
  headers: Record<string, string>;
  error?: string;
}

export interface FetchBudget {
  /** Fetches this run may still make. */
  fetchesLeft: number;
  /** Epoch ms after which no new batch starts. */
  deadline: number;
  /** Fetches made so far. */
  used: number;
}

/** Requests sent together: small enough that one slow batch cannot eat a run. */
export const BATCH = 25;

export function newBudget(fetches: number, seconds: number): FetchBudget {
  return { fetchesLeft: fetches, deadline: Date.now() + seconds * 1000, used: 0 };
}

export function hasRoom(b: FetchBudget, n = 1): boolean {
  return b.fetchesLeft >= n && Date.now() < b.deadline;
}

function headersOf(r: GoogleAppsScript.URL_Fetch.HTTPResponse): Record<string, string> {
  const out: Record<string, string> = {};
  const h = r.getHeaders() as Record<string, unknown>;
  for (const k of Object.keys(h)) out[k.toLowerCase()] = String(h[k]);
  return out;
}

function toParams(q: FetchRequest): GoogleAppsScript.URL_Fetch.URLFetchRequest {
  return {
    url: q.url,
    method: q.method,
    headers: q.headers,
    muteHttpExceptions: true,
    followRedirects: false,
    ...(q.payload !== undefined ? { payload: q.payload } : {}),
    ...(q.contentType !== undefined ? { contentType: q.contentType } : {}),
  };
}

/**
 * Sends what the budget allows, in batches; answers in the requests' order,
 * null for each request not sent. A batch that throws (the network, or a
 * quota Google enforces) answers status 0 for each of its requests.
 */
export function fetchInBatches(requests: readonly FetchRequest[], budget: FetchBudget): (Answer | null)[] {
  const out: (Answer | null)[] = requests.map(() => null);
  for (let i = 0; i < requests.length; i += BATCH) {
    const batch = requests.slice(i, i + BATCH);
    if (!hasRoom(budget, batch.length)) {
      if (!hasRoom(budget)) break;
      batch.length = Math.min(batch.length, budget.fetchesLeft);
    }
    budget.fetchesLeft -= batch.length;
    budget.used += batch.length;
    try {
      const answers =
        batch.length === 1
          ? [UrlFetchApp.fetch(batch[0].url, toParams(batch[0]))]
          : UrlFetchApp.fetchAll(batch.map(toParams));
      answers.forEach((r, k) => {
        out[i + k] = { status: r.getResponseCode(), body: r.getContentText(), headers: headersOf(r) };
      });
    } catch (e) {
      const error = String((e as Error)?.message ?? e);
      batch.forEach((_, k) => {
        out[i + k] = { status: 0, body: '', headers: {}, error };
      });
    }
    if (batch.length < BATCH && i + batch.length < requests.length) break;
  }
  return out;
}

/** One request, inside the budget; null when there is no room. */
export function fetchOne(request: FetchRequest, budget: FetchBudget): Answer | null {
  return fetchInBatches([request], budget)[0];
}
