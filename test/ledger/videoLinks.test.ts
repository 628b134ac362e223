/**
 * Photo and mobile links where records are built (docs/product.md §1): a request,
 * an edit located by a link, an import line, Validate ledger and the sidebar's
 * handle check. Core called directly.
 */
import { handleMismatch } from '../../src/client/formKit';
import { ledgerProblems } from '../../src/core/edits/validate';
import { planImport } from '../../src/core/import/importRows';
import { type LedgerRecord, emptyRecord } from '../../src/core/ledger/fields';
import { defaultSettings } from '../../src/core/ledger/settings';
import {
  type ActionContext,
  type LedgerLookup,
  planRequestCode,
  planUpdateRecord,
} from '../../src/core/lifecycle/actions';
import { AD_ACCOUNTS, ALL_PRE_CHECKS, BRANDS, CLIENTS, OWNERS, requestInput } from '../support/fixtures';

const ID = '7412345678901234567';
const MOBILE = `https://m.tiktok.com/v/${ID}.html?u_code=abc`;
const FULL = `https://www.tiktok.com/@creator.one/video/${ID}`;

function ctx(): ActionContext {
  return {
    settings: {
      ...defaultSettings(),
      clients: [...CLIENTS],
      brands: [...BRANDS],
      adAccounts: [...AD_ACCOUNTS],
      owners: [...OWNERS],
      agencyDomains: ['agency.example'],
    },
    today: '2026-03-01',
    nowIso: '2026-03-01T10:00:00Z',
    user: 'approve@agency.example',
    hoursUntil: () => 1000,
  };
}

function lookup(rows: LedgerRecord[] = []): LedgerLookup {
  return {
    rowOfVideoId: (id) => {
      const i = rows.findIndex((r) => r.videoId === id);
      return i < 0 ? null : i + 2;
    },
    rowOfSparkCode: () => null,
    record: (row) => rows[row - 2],
  };
}

describe('a request from a mobile link', () => {
  it('keeps the full link made with the Creator handle', () => {
    const r = planRequestCode(requestInput(1, { videoUrl: MOBILE, creatorHandle: '@Creator.One' }), ctx(), lookup());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.after.videoUrl).toBe(FULL);
    expect(r.plan.after.videoId).toBe(ID);
  });

  it('without a Creator handle is refused, naming Creator handle once', () => {
    const r = planRequestCode(requestInput(1, { videoUrl: MOBILE, creatorHandle: '' }), ctx(), lookup());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const handleErrors = r.errors.filter((e) => e.field === 'creatorHandle');
    expect(handleErrors).toHaveLength(1);
    expect(handleErrors[0].message).toMatch(/Creator handle is needed with a mobile link/);
    expect(r.errors.some((e) => e.field === 'videoUrl')).toBe(false);
  });

  it('finds the video already in the ledger by its id', () => {
    const row = { ...emptyRecord(), videoUrl: FULL, videoId: ID, creatorHandle: '@creator.one', status: 'Requested' };
    const r = planRequestCode(
      requestInput(1, { videoUrl: MOBILE, creatorHandle: '@creator.one' }),
      ctx(),
      lookup([row as LedgerRecord]),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field)).toContain('videoUrl');
  });

  it('keeps a photo link as /photo/', () => {
    const photo = `https://www.tiktok.com/@creator.one/photo/${ID}`;
    const r = planRequestCode(requestInput(1, { videoUrl: photo, creatorHandle: '@creator.one' }), ctx(), lookup());
    expect(r.ok && r.plan.after.videoUrl).toBe(photo);
  });
});

describe('an edit located by a mobile link', () => {
  it("keeps the row's own full link", () => {
    const photo = `https://www.tiktok.com/@creator.one/photo/${ID}`;
    const row = {
      ...emptyRecord(),
      ...requestInput(1),
      videoUrl: photo,
      videoId: ID,
      creatorHandle: '@creator.one',
      status: 'Requested',
      paidStatus: 'Not started',
    } as LedgerRecord;
    const r = planUpdateRecord({ videoUrl: MOBILE, campaign: 'Autumn' }, ctx(), lookup([row]));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.after.videoUrl).toBe(photo);
    expect(r.plan.changed).not.toContain('videoUrl');
  });
});

describe('an import line with a mobile link', () => {
  const header =
    'Video URL,Creator handle,Client,Brand,Campaign,Market,Requested window (days),Ad account,Approval owner,Pre-request checks';
  const checks = ALL_PRE_CHECKS.join('; ');
  const line = (url: string, handle: string) =>
    `${url},${handle},${CLIENTS[1]},${BRANDS[1]},Spring,US,30,${AD_ACCOUNTS[1]},approve@agency.example,${checks}`;

  it('is stored as the full link', () => {
    const plan = planImport(`${header}\n${line(MOBILE, '@creator.one')}`, ctx(), lookup());
    expect(plan.rejected).toEqual([]);
    expect(plan.accepted[0].record.videoUrl).toBe(FULL);
  });

  it('without a Creator handle is refused, naming Creator handle', () => {
    const plan = planImport(`${header}\n${line(MOBILE, '')}`, ctx(), lookup());
    expect(plan.accepted).toEqual([]);
    expect(plan.rejected[0].errors.map((e) => e.field)).toContain('creatorHandle');
  });
});

describe('handle checks with a link that names no handle', () => {
  it('Validate ledger finds nothing to compare', () => {
    const rec = {
      ...emptyRecord(),
      videoUrl: `https://m.tiktok.com/v/${ID}.html`,
      videoId: ID,
      creatorHandle: '@creator.one',
      row: 2,
    } as LedgerRecord & { row: number };
    const { problems } = ledgerProblems([rec], { hoursUntil: () => 1000 });
    expect(problems.flatMap((p) => p.missing)).not.toContain('creatorHandle');
  });

  it('the sidebar finds nothing to compare, and still compares a full link', () => {
    expect(handleMismatch(MOBILE, '@creator.one')).toBeNull();
    expect(handleMismatch(FULL, '@creator.one')).toBeNull();
    expect(handleMismatch(FULL, '@someone.else')).toMatch(
      /does not match the handle in the video URL \(@creator\.one\)/,
    );
    expect(handleMismatch(`https://www.tiktok.com/@creator.one/photo/${ID}`, '@someone.else')).not.toBeNull();
  });
});
