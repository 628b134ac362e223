/**
 * Who expiry mail may reach, and what it may say: owners the agency knows
 * (docs/product.md §8), values flattened to one line in every subject and digest line,
 * and a hidden memory sheet that is re-checked against the ledger before
 * anything is sent.
 */
import {
  type DigestLine,
  type ExpiryRow,
  LEVEL,
  alertOwners,
  codeKey,
  emptyState,
  parseState,
  planExpiryCheck,
} from '../../src/core/expiry/plan';
import { renderDigestParts } from '../../src/core/expiry/digest';
import type { LedgerRecord } from '../../src/core/ledger/fields';
import type { OwnerPolicy } from '../../src/core/ledger/settings';
import type { Harness } from '../support/addon';
import { sparkCode, videoUrl } from '../support/fixtures';
import { CREATOR, PAID, liveRecord, memoryText, runAt, setup } from './helpers';

const MORNING = '2026-03-02T13:00:00Z';
const TODAY = '2026-03-02';
const POLICY: OwnerPolicy = { owners: ['paid@agency.example', 'creator@agency.example'], domains: ['studio.example'] };

function row(overrides: Partial<ExpiryRow> = {}): ExpiryRow {
  return {
    row: 2,
    videoUrl: videoUrl(1),
    videoId: videoUrl(1).split('/').pop()!,
    sparkCode: '#code1',
    status: 'Spending',
    expiresOn: '2026-03-04',
    renewalDecision: 'Undecided',
    paidOwner: PAID,
    creatorOwner: CREATOR,
    approvalOwner: 'approve@agency.example',
    creatorHandle: '@creator.one',
    client: 'Acme',
    campaign: 'Spring',
    lastAlertOn: '',
    ...overrides,
  };
}

describe('owners at send time', () => {
  it('drops an address on neither the owner list nor the agency domains, with a reason', () => {
    const r = row({ paidOwner: 'attacker@outside.example', creatorOwner: 'ann@studio.example' });
    expect(alertOwners(r, POLICY)).toEqual({
      valid: ['ann@studio.example'],
      invalid: ['attacker@outside.example'],
      problems: [
        {
          address: 'attacker@outside.example',
          reason: expect.stringMatching(
            /^"attacker@outside\.example" \(Paid owner\) is not on the Settings owner list or in the agency's domains/,
          ),
        },
      ],
    });
    // Without a policy (or with empty lists: a new ledger) every valid address is mailed.
    expect(alertOwners(r).valid).toEqual(['attacker@outside.example', 'ann@studio.example']);
    expect(alertOwners(r, { owners: [], domains: [] }).valid).toEqual([
      'attacker@outside.example',
      'ann@studio.example',
    ]);
  });

  it('planExpiryCheck never queues a disallowed owner, reports it, and alerts the fixed owner later', () => {
    const bad = row({ paidOwner: 'attacker@outside.example' });
    const plan = planExpiryCheck([bad], emptyState(), TODAY, () => 40, POLICY);
    expect(plan.raised).toEqual([
      expect.objectContaining({
        owners: [CREATOR],
        invalidOwners: ['attacker@outside.example'],
        ownerProblems: [
          { address: 'attacker@outside.example', reason: expect.stringContaining('not on the Settings owner list') },
        ],
      }),
    ]);
    expect(plan.state.queue.map((q) => q.to)).toEqual([CREATOR]);
    // The owner column is corrected: the new paid owner hears of the code at the same threshold.
    const fixed = planExpiryCheck([{ ...bad, paidOwner: PAID }], plan.state, TODAY, () => 40, POLICY);
    expect(fixed.raised).toEqual([expect.objectContaining({ owners: [PAID], level: LEVEL.h72 })]);
  });
});

describe('the Alert memory queue is re-checked against the ledger', () => {
  const key = codeKey(row());
  const queued = (to: string, level: 1 | 2 | 3 = LEVEL.h72) => ({
    codes: { [key]: { level: LEVEL.h72 as 1, raisedOn: TODAY, sentOn: '' } },
    queue: [{ to, since: TODAY, items: [{ key, level }] }],
  });

  it('takes out a queued address that is not an owner of the row, or not allowed', () => {
    const forged = planExpiryCheck([row()], queued('attacker@outside.example'), TODAY, () => 40);
    expect(forged.state.queue).toEqual([]);
    expect(forged.withdrawn).toEqual([
      expect.objectContaining({
        to: 'attacker@outside.example',
        key,
        reason: expect.stringContaining('not (or no longer) a paid or creator owner'),
      }),
    ]);
    const disallowed = planExpiryCheck(
      [row({ paidOwner: 'old@outside.example' })],
      queued('old@outside.example'),
      TODAY,
      () => 40,
      POLICY,
    );
    expect(disallowed.state.queue.map((q) => q.to)).not.toContain('old@outside.example');
    expect(disallowed.withdrawn.map((w) => w.reason)).toEqual([
      expect.stringContaining('not on the Settings owner list'),
    ]);
    // The row's own owner keeps its mail.
    expect(planExpiryCheck([row()], queued(PAID), TODAY, () => 40).state.queue).toEqual([
      { to: PAID, since: TODAY, items: [{ key, level: LEVEL.h72 }] },
    ]);
  });

  it('does not let an entry claim a threshold the code has not reached', () => {
    expect(planExpiryCheck([row()], queued(PAID, LEVEL.expired), TODAY, () => 40).state.queue[0].items).toEqual([
      { key, level: LEVEL.h72 },
    ]);
    const far = row({ expiresOn: '2026-03-20' });
    const farKey = codeKey(far);
    const plan = planExpiryCheck(
      [far],
      { codes: {}, queue: [{ to: PAID, since: TODAY, items: [{ key: farKey, level: LEVEL.expired }] }] },
      TODAY,
      () => 400,
    );
    expect(plan.state.queue).toEqual([]);
    expect(plan.withdrawn).toEqual([
      expect.objectContaining({ key: farKey, reason: expect.stringContaining('not within 72 hours') }),
    ]);
  });

  it('drops malformed entries one by one and keeps the rest', () => {
    const text = JSON.stringify({
      v: 1,
      c: [[key, 1, TODAY, TODAY], [1], ['k', 7, TODAY, ''], 'x'],
      q: [[PAID, TODAY, [[key, 1], 5, ['k', 0], [key]]], ['x'], [7, TODAY, []], [CREATOR, TODAY, 'items']],
    });
    expect(parseState(text)).toEqual({
      codes: { [key]: { level: 1, raisedOn: TODAY, sentOn: TODAY } },
      queue: [{ to: PAID, since: TODAY, items: [{ key, level: 1 }] }],
    });
  });
});

describe('no line break reaches a subject or a digest line', () => {
  const ctx = {
    spreadsheetName: 'Ledger\r\nBcc: someone@outside.example',
    url: 'https://docs.google.com/spreadsheets/d/abc/edit',
    ledgerSheetId: 0,
    today: TODAY,
  };
  const line = (o: Partial<DigestLine>): DigestLine => ({
    key: 'k',
    level: LEVEL.h72,
    row: 2,
    videoUrl: videoUrl(1),
    creatorHandle: '@creator.one',
    client: 'Acme',
    campaign: 'Spring',
    sparkCode: '#code1',
    status: 'Spending',
    expiresOn: '2026-03-04',
    renewalDecision: 'Undecided',
    ...o,
  });

  it('flattens CR, LF, NEL and the line and paragraph separators to spaces in subject, text and HTML', () => {
    const [mail] = renderDigestParts(
      PAID,
      [
        line({
          campaign: 'Spring\nhttps://evil.example',
          client: 'Acme\u2028https://evil.example/2',
          creatorHandle: '@c\u0085https://evil.example/3',
        }),
        line({ row: 3, campaign: 'Summer\r\n\r\n- Row 99: https://evil.example/4\u2029' }),
      ],
      ctx,
    );
    expect(mail.subject).not.toMatch(/[\r\n\u0085\u2028\u2029]/);
    expect(mail.subject).toContain('Ledger Bcc: someone@outside.example');
    for (const text of [mail.body, mail.htmlBody]) {
      expect(text).not.toMatch(/[\r\u0085\u2028\u2029]/);
      const lines = text.split('\n');
      expect(lines.filter((l) => /^\s*(- )?(Row 99|https:\/\/evil)/.test(l))).toEqual([]);
    }
    // The cell text stays inside its own line of the digest, and never becomes a link.
    expect(mail.body).toContain('\n- @c https://evil.example/3 · Spring https://evil.example\n');
    expect(mail.body).toContain('\nAcme https://evil.example/2 · 1 code\n');
    expect(mail.body).toContain('\n- @creator.one · Summer - Row 99: https://evil.example/4\n');
    expect(mail.htmlBody).not.toContain('href="https://evil');
  });
});

describe('the daily check end to end', () => {
  function memorySheet(h: Harness) {
    return h.emu.spreadsheet.getSheetByName('Alert memory')!;
  }

  /** An editor rewrites the hidden memory sheet's text. */
  function forgeMemory(h: Harness, edit: (state: { v: number; c: unknown[]; q: unknown[] }) => void): void {
    const state = JSON.parse(memoryText(h));
    edit(state);
    memorySheet(h)
      .getRange(2, 1, 2, 1)
      .setValues([[1], [JSON.stringify(state)]]);
  }

  it('sends no mail to an address an editor queued in the Alert memory sheet', () => {
    const h = setup([liveRecord(1, '2026-03-04')]);
    runAt(h, MORNING);
    expect(h.emu.outbox.map((m) => m.to).sort()).toEqual([CREATOR, PAID]);
    const key = codeKey({ videoId: videoUrl(1).split('/').pop()!, sparkCode: sparkCode(1), expiresOn: '2026-03-04' });
    expect(memoryText(h)).toContain(key);
    forgeMemory(h, (s) => {
      s.q.push(['attacker@outside.example', TODAY, [[key, 3]]], ['intern@agency.example', TODAY, [[key, 1]]]);
    });
    const r = runAt(h, '2026-03-02T15:00:00Z');
    expect(r.emailsSent).toBe(0);
    expect(h.emu.outbox.map((m) => m.to)).not.toContain('attacker@outside.example');
    expect(h.emu.outbox.map((m) => m.to)).not.toContain('intern@agency.example');
    expect(memoryText(h)).not.toContain('attacker@outside.example');
    // The next day's run sends the real 24 h alerts to the real owners only.
    runAt(h, '2026-03-03T13:00:00Z');
    expect(h.emu.outbox.map((m) => m.to).sort()).toEqual([CREATOR, CREATOR, PAID, PAID]);
  });

  it('a malformed entry in the Alert memory sheet does not make it forget what was sent', () => {
    const h = setup([liveRecord(1, '2026-03-04'), liveRecord(2, '2026-03-04')]);
    runAt(h, MORNING);
    const sent = h.emu.outbox.length;
    forgeMemory(h, (s) => {
      s.q.push([PAID, TODAY, [7, ['x']]]);
      s.c.push(['bad', 'level']);
    });
    runAt(h, '2026-03-02T15:00:00Z');
    expect(h.emu.outbox.length).toBe(sent);
  });

  it('a campaign with a line break and a link puts no line of its own in the mail', () => {
    const h = setup([
      liveRecord(1, '2026-03-04', { campaign: 'Spring\nhttps://evil.example' } as Partial<LedgerRecord>),
    ]);
    runAt(h, MORNING);
    const [mail] = h.emu.outbox.filter((m) => m.to === PAID);
    expect(mail.body).toContain('Spring https://evil.example');
    expect(mail.body.split('\n').filter((l) => l.trimStart().startsWith('https://evil.example'))).toEqual([]);
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});
