import fc from 'fast-check';
import { STATUSES, type Status } from '../../src/core/ledger/fields';
import {
  TRANSITIONS,
  canTransition,
  nextStatuses,
  readinessGaps,
  requirementErrors,
  transitionErrors,
} from '../../src/core/lifecycle/lifecycle';
import { ALL_ACTIVATION_CHECKS, ALL_PRE_CHECKS } from '../support/fixtures';

const requested = {
  videoUrl: 'https://www.tiktok.com/@ab/video/7412345678901234567',
  creatorHandle: '@ab',
  client: 'Acme',
  brand: 'Acme',
  campaign: 'Spring',
  market: 'US',
  requestedDays: 30,
  adAccount: 'ACME-1',
  approvalOwner: 'a@b.co',
  preRequestChecks: ALL_PRE_CHECKS,
};
const received = { ...requested, sparkCode: '#abcdefghijklmnopqrstu', authorizedOn: '2026-03-01', authDays: 30 };
const activated = {
  ...received,
  objective: 'Reach',
  paidOwner: 'p@b.co',
  creatorOwner: 'c@b.co',
  language: 'en',
  currency: 'USD',
  landingPage: 'https://x.example',
};

describe('transitions (docs/product.md §4)', () => {
  it('matches the table exactly', () => {
    expect(nextStatuses('')).toEqual(['Requested']);
    expect(TRANSITIONS.Retired).toEqual([]);
    expect(canTransition('Requested', 'Activated')).toBe(false);
    expect(canTransition('Expired', 'Spending')).toBe(false);
    expect(canTransition('Paused', 'Spending')).toBe(true);
  });

  it('every refused transition says which moves are allowed', () => {
    fc.assert(
      fc.property(fc.constantFrom<Status | ''>('', ...STATUSES), fc.constantFrom(...STATUSES), (from, to) => {
        const errs = transitionErrors(from, to, 500);
        if (canTransition(from, to) && !(to === 'Received' && (from === 'Renewal needed' || from === 'Expired'))) {
          expect(errs).toEqual([]);
        } else {
          expect(errs).toHaveLength(1);
          expect(errs[0].field).toBe('status');
        }
      }),
    );
  });

  it('a renewal-needed row goes back to spending only when expiry is more than 72 h away', () => {
    expect(transitionErrors('Renewal needed', 'Spending', 71)[0].message).toMatch(/more than 72 hours/);
    expect(transitionErrors('Renewal needed', 'Paused', 72)).toHaveLength(1);
    expect(transitionErrors('Renewal needed', 'Spending', 73)).toEqual([]);
  });

  it('back to Received after Renewal needed or Expired needs a new code', () => {
    expect(transitionErrors('Expired', 'Received', -5)[0].message).toMatch(/Renew/);
  });
});

describe('requirements', () => {
  it('names every missing field for Requested', () => {
    const errs = requirementErrors('Requested', { videoUrl: requested.videoUrl });
    expect(errs.map((e) => e.field)).toEqual([
      'creatorHandle',
      'client',
      'brand',
      'campaign',
      'market',
      'requestedDays',
      'adAccount',
      'approvalOwner',
      'preRequestChecks',
    ]);
  });

  it('all pre-request checks must pass, and AI videos need a human review', () => {
    const errs = requirementErrors('Requested', {
      ...requested,
      preRequestChecks: ALL_PRE_CHECKS.slice(1),
      generationPrompt: 'a cat',
      humanReviewed: false,
    });
    expect(errs.map((e) => e.field)).toEqual(['preRequestChecks', 'humanReviewed']);
    expect(errs[0].message).toContain('Post is live');
    expect(requirementErrors('Requested', { ...requested, generationPrompt: 'a cat', humanReviewed: true })).toEqual(
      [],
    );
  });

  it('App installs needs every activation check; the accuracy review only for AI videos', () => {
    const app = { ...activated, objective: 'App installs' };
    expect(requirementErrors('Activated', app).map((e) => e.field)).toEqual(['activationChecks']);
    const human = ALL_ACTIVATION_CHECKS.filter((c) => c !== 'Accuracy review done');
    expect(requirementErrors('Activated', { ...app, activationChecks: human })).toEqual([]);
    expect(
      requirementErrors('Activated', {
        ...app,
        activationChecks: human,
        generationPrompt: 'x',
        humanReviewed: true,
      }).map((e) => e.field),
    ).toEqual(['activationChecks']);
  });

  it('no activation without a campaign and an objective', () => {
    expect(requirementErrors('Activated', { ...activated, campaign: '', objective: '' }).map((e) => e.field)).toEqual([
      'campaign',
      'objective',
    ]);
  });

  it('Spending needs a spend start; Retired needs a reason, and a note for Other', () => {
    expect(requirementErrors('Spending', activated).map((e) => e.field)).toEqual(['spendStart']);
    expect(requirementErrors('Retired', {}).map((e) => e.field)).toEqual(['retirementReason']);
    expect(requirementErrors('Retired', { retirementReason: 'Other' }).map((e) => e.field)).toEqual(['decisionNote']);
  });
});

describe('operational readiness', () => {
  it('lists what a live row lacks, and the undecided renewal near expiry', () => {
    const live = { ...activated, status: 'Spending', expiresOn: '2026-03-31', renewalDecision: 'Undecided' };
    expect(readinessGaps(live, 200)).toEqual([]);
    expect(readinessGaps(live, 48)).toEqual(['renewalDecision']);
    expect(readinessGaps({ ...live, paidOwner: '', adAccount: '' }, 200)).toEqual(['paidOwner', 'adAccount']);
    expect(readinessGaps({ ...live, status: 'Requested', paidOwner: '' }, 10)).toEqual([]);
  });
});
