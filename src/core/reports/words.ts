/**
 * The ledger's words as a client reads them (docs/product.md §7): statuses,
 * with what each means, and decisions. The ledger's own words (Requested,
 * Renewal needed, Retire) are the agency's working vocabulary; a client
 * report uses these instead and explains every one it shows.
 */
import type { Status } from '../ledger/fields';

export interface ClientWord {
  word: string;
  /** One line a client understands; short enough to sit beside the status chart. */
  meaning: string;
}

export const CLIENT_STATUS: Record<Status, ClientWord> = {
  Requested: { word: 'Waiting for the creator', meaning: 'We asked the creator for a Spark code.' },
  Received: { word: 'Code received, not live yet', meaning: 'The creator sent the code; no ad uses it yet.' },
  Activated: { word: 'Ready to run', meaning: 'The code is set up for an ad; no spend yet.' },
  Spending: { word: 'Running', meaning: 'The ad is live and spending.' },
  Paused: { word: 'Paused', meaning: 'The ad is paused; it can run again.' },
  'Renewal needed': { word: 'Renewal due', meaning: 'The code ends within 3 days; a decision is due.' },
  Expired: { word: 'Ended: code expired', meaning: "The creator's authorization ran out; ads stopped." },
  Retired: { word: 'Stopped', meaning: 'We stopped using this video for ads.' },
};

/** A row whose status the ledger does not know (an older or hand-typed value). */
export const OTHER_STATUS: ClientWord = { word: 'Other', meaning: 'No current status recorded.' };

export function clientStatus(status: string): ClientWord {
  return Object.prototype.hasOwnProperty.call(CLIENT_STATUS, status) ? CLIENT_STATUS[status as Status] : OTHER_STATUS;
}

/** Decisions once made; "Undecided" is not a decision and is never shown. */
export const CLIENT_DECISION: Readonly<Record<string, string>> = { Renew: 'Renew', Retire: 'Stop' };

/** The decision a client sees for a row, '' while none is made. A Retired row was decided, whatever the column says. */
export function clientDecision(renewalDecision: string, status: string): string {
  if (Object.prototype.hasOwnProperty.call(CLIENT_DECISION, renewalDecision)) return CLIENT_DECISION[renewalDecision];
  return status === 'Retired' ? CLIENT_DECISION.Retire : '';
}
