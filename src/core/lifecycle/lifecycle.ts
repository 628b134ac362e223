/** The status lifecycle of docs/product.md §4: transitions, requirements, readiness. */
import type { FieldError } from '../ledger/errors';
import {
  ACTIVATION_CHECKS,
  AI_ONLY_ACTIVATION_CHECK,
  type FieldKey,
  type PAID_STATUSES,
  PRE_REQUEST_CHECKS,
  STATUSES,
  type Status,
  fieldLabel,
} from '../ledger/fields';

export type PaidStatus = (typeof PAID_STATUSES)[number];

export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  Requested: ['Received', 'Retired'],
  Received: ['Activated', 'Renewal needed', 'Expired', 'Retired'],
  Activated: ['Spending', 'Paused', 'Renewal needed', 'Expired', 'Retired'],
  Spending: ['Paused', 'Renewal needed', 'Expired', 'Retired'],
  Paused: ['Spending', 'Renewal needed', 'Expired', 'Retired'],
  'Renewal needed': ['Received', 'Spending', 'Paused', 'Expired', 'Retired'],
  Expired: ['Received', 'Retired'],
  Retired: [],
};

/** Hours before expiry at which a code needs a renewal decision. */
export const RENEWAL_WINDOW_HOURS = 72;

/** What a renewal without a decision note is told, in the sidebar and by the server alike. */
export const RENEWAL_NOTE_REQUIRED =
  'Decision note is required for a renewal: say why the code is extended (it is kept in Code history with the old code).';

export function isStatus(s: unknown): s is Status {
  return typeof s === 'string' && (STATUSES as readonly string[]).includes(s);
}

/** Statuses a row may move to from `from` ('' for a new row). */
export function nextStatuses(from: Status | ''): readonly Status[] {
  if (from === '') return ['Requested'];
  return TRANSITIONS[from] ?? [];
}

export function canTransition(from: Status | '', to: Status): boolean {
  return nextStatuses(from).includes(to);
}

/** A move that needs a new code goes through renewal, not a plain status change. */
export function needsRenewal(from: Status | '', to: Status): boolean {
  return to === 'Received' && (from === 'Renewal needed' || from === 'Expired');
}

const REQUESTED: FieldKey[] = [
  'videoUrl',
  'creatorHandle',
  'client',
  'brand',
  'campaign',
  'market',
  'requestedDays',
  'adAccount',
  'approvalOwner',
];
const RECEIVED: FieldKey[] = [...REQUESTED, 'sparkCode', 'authorizedOn', 'authDays'];
const ACTIVATED: FieldKey[] = [
  ...RECEIVED,
  'objective',
  'paidOwner',
  'creatorOwner',
  'language',
  'currency',
  'landingPage',
];

export const REQUIRED_FIELDS: Readonly<Record<Status, readonly FieldKey[]>> = {
  Requested: REQUESTED,
  Received: RECEIVED,
  Activated: ACTIVATED,
  Spending: [...ACTIVATED, 'spendStart'],
  Paused: ACTIVATED,
  'Renewal needed': RECEIVED,
  Expired: RECEIVED,
  Retired: ['retirementReason'],
};

type RecordLike = Partial<Record<FieldKey, unknown>>;

function isEmpty(v: unknown): boolean {
  return v === '' || v === null || v === undefined || (Array.isArray(v) && v.length === 0);
}

function asList(v: unknown): string[] {
  return Array.isArray(v) ? (v as string[]) : [];
}

export function activationChecksNeeded(rec: RecordLike): string[] {
  if (rec.objective !== 'App installs') return [];
  const ai = !isEmpty(rec.generationPrompt);
  return ACTIVATION_CHECKS.filter((c) => ai || c !== AI_ONLY_ACTIVATION_CHECK);
}

/** Every reason `rec` may not be in `status`, each naming its field. */
export function requirementErrors(status: Status, rec: RecordLike): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of REQUIRED_FIELDS[status]) {
    if (isEmpty(rec[key])) errors.push({ field: key, message: `${fieldLabel(key)} is required for status ${status}.` });
  }
  if (status === 'Retired') {
    if (rec.retirementReason === 'Other' && isEmpty(rec.decisionNote)) {
      errors.push({
        field: 'decisionNote',
        message: 'Decision note is required when the retirement reason is Other: say why the code was stopped.',
      });
    }
    return errors;
  }
  const passed = asList(rec.preRequestChecks);
  const missingChecks = PRE_REQUEST_CHECKS.filter((c) => !passed.includes(c));
  if (missingChecks.length) {
    errors.push({
      field: 'preRequestChecks',
      message: `Pre-request checks not passed: ${missingChecks.join(', ')}. Every check must pass before a code is requested.`,
    });
  }
  if (!isEmpty(rec.generationPrompt) && rec.humanReviewed !== true) {
    errors.push({
      field: 'humanReviewed',
      message:
        'Human reviewed must be ticked: this video has a generation prompt, so a person must review it before a code is requested.',
    });
  }
  if (status === 'Activated' || status === 'Spending' || status === 'Paused') {
    const done = asList(rec.activationChecks);
    const missing = activationChecksNeeded(rec).filter((c) => !done.includes(c));
    if (missing.length) {
      errors.push({
        field: 'activationChecks',
        message: `Activation checks not passed for an App installs campaign: ${missing.join(', ')}.`,
      });
    }
  }
  return errors;
}

/**
 * Whether `from` → `to` is allowed for this row. `hoursToExpiry` is null when
 * the row has no expiry date.
 */
export function transitionErrors(from: Status | '', to: Status, hoursToExpiry: number | null): FieldError[] {
  if (from === to) return [{ field: 'status', message: `The row is already ${to}.` }];
  if (!canTransition(from, to)) {
    const allowed = nextStatuses(from);
    const where = from === '' ? 'A new row' : `A row in ${from}`;
    const tail = allowed.length
      ? `it can move to ${allowed.join(', ')}.`
      : 'Retired is final; request a new code on a new row instead.';
    return [{ field: 'status', message: `${where} cannot move to ${to}: ${tail}` }];
  }
  if (needsRenewal(from, to)) {
    return [
      {
        field: 'status',
        message: `A row in ${from} gets back to Received only with a new code: use Renew and paste the new code.`,
      },
    ];
  }
  if (from === 'Renewal needed' && (to === 'Spending' || to === 'Paused')) {
    if (hoursToExpiry === null || hoursToExpiry <= RENEWAL_WINDOW_HOURS) {
      return [
        {
          field: 'status',
          message: `A row in Renewal needed can go back to ${to} only once its expiry is more than ${RENEWAL_WINDOW_HOURS} hours away; renew the code first.`,
        },
      ];
    }
  }
  return [];
}

/**
 * docs/product.md §8: Status and Paid campaign agree. The Paid campaign a status
 * implies, or null when the status leaves it to the paid team (Requested,
 * Received, Activated, Renewal needed).
 */
export function paidStatusFor(status: Status | ''): PaidStatus | null {
  switch (status) {
    case 'Spending':
      return 'Active';
    case 'Paused':
      return 'Paused';
    case 'Retired':
    case 'Expired':
      return 'Ended';
    default:
      return null;
  }
}

/**
 * The Paid campaign a row entering `status` gets: the one the status implies,
 * or what it had. A Paid campaign given with the move that disagrees is an
 * error naming the field.
 */
export function paidStatusOnEntering(
  status: Status,
  given: unknown,
  current: unknown,
): { value: string; error: FieldError | null } {
  const implied = paidStatusFor(status);
  const typed = typeof given === 'string' && given !== '' ? given : null;
  if (implied === null) return { value: typed ?? String(current ?? ''), error: null };
  if (typed !== null && typed !== implied) {
    return {
      value: implied,
      error: {
        field: 'paidStatus',
        message: `Paid campaign ${typed} does not agree with status ${status}: ${status} means Paid campaign ${implied}.`,
      },
    };
  }
  return { value: implied, error: null };
}

/**
 * docs/product.md §4: retiring with reason Other needs a decision note written for this
 * retirement. `note` is the one entered with it; `earlier` is the row's note
 * before, which does not count (it was written for an earlier decision).
 */
export function retirementNoteErrors(reason: unknown, note: unknown, earlier: unknown): FieldError[] {
  if (reason !== 'Other') return [];
  const fresh = String(note ?? '').trim();
  const old = String(earlier ?? '').trim();
  if (fresh === '') {
    const tail =
      old !== ''
        ? ' The note already on the row is from an earlier decision and does not count: write one for this retirement.'
        : '';
    return [
      {
        field: 'decisionNote',
        message: `Decision note is required when the retirement reason is Other: say why the code was stopped.${tail}`,
      },
    ];
  }
  if (fresh === old) {
    return [
      {
        field: 'decisionNote',
        message:
          'Decision note is the note already on the row, from an earlier decision: when the retirement reason is Other, write why this code is retired.',
      },
    ];
  }
  return [];
}

/** docs/product.md §4: what keeps a live row from being operationally ready. */
export function readinessGaps(rec: RecordLike, hoursToExpiry: number | null): FieldKey[] {
  if (!(rec.status === 'Activated' || rec.status === 'Spending' || rec.status === 'Paused')) return [];
  const needed: FieldKey[] = [
    'paidOwner',
    'creatorOwner',
    'expiresOn',
    'market',
    'adAccount',
    'objective',
    'videoUrl',
    'creatorHandle',
  ];
  const gaps = needed.filter((k) => isEmpty(rec[k]));
  if (
    hoursToExpiry !== null &&
    hoursToExpiry <= RENEWAL_WINDOW_HOURS &&
    (isEmpty(rec.renewalDecision) || rec.renewalDecision === 'Undecided')
  ) {
    gaps.push('renewalDecision');
  }
  return gaps;
}

/**
 * The status a row had before the daily check (or a person) moved it to
 * Renewal needed, from the newest Audit line that did so; '' when the Audit
 * no longer holds it (its lines moved to a yearly log). Then the paid
 * campaign says what the ad was doing: Active is Spending, Paused is Paused.
 * Anything else is not known to have run, and returns to Received.
 */
export function statusBeforeRenewalNeeded(fromAudit: string, paidStatus: unknown): Status | '' {
  if (fromAudit === 'Activated' || fromAudit === 'Spending' || fromAudit === 'Paused') return fromAudit;
  if (fromAudit !== '') return '';
  if (paidStatus === 'Active') return 'Spending';
  if (paidStatus === 'Paused') return 'Paused';
  return '';
}

/**
 * docs/product.md §4: where a renewal takes a row. From Renewal needed, back
 * to the status it had (Activated, Spending or Paused) once the new expiry is
 * more than RENEWAL_WINDOW_HOURS away: the running ad moves to the new
 * authorization. A window that ends within those hours leaves it in Renewal
 * needed, as the next check would put it back there. A late renewal of an
 * Expired code goes to Received: its ads stopped and must be activated again.
 */
export function statusAfterRenewal(from: Status | '', before: Status | '', hoursToNewExpiry: number | null): Status {
  if (from !== 'Renewal needed') return 'Received';
  const soon = hoursToNewExpiry !== null && hoursToNewExpiry <= RENEWAL_WINDOW_HOURS;
  if (soon) return 'Renewal needed';
  return before === '' ? 'Received' : before;
}
