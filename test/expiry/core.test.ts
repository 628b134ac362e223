/** Pure planning of the expiry check: property tests against an exact clock model. */
import fc from 'fast-check';
import { addDays, dayNumberToYmd, utcMsToYmd, ymdToDayNumber } from '../../src/core/ledger/dates';
import { renderDigest, rowLink } from '../../src/core/expiry/digest';
import {
  type AlertState,
  type DigestLine,
  type ExpiryRow,
  LEVEL,
  afterDelivery,
  chunkText,
  codeKey,
  emptyState,
  expiryLevel,
  levelForHours,
  parseState,
  planDelivery,
  planExpiryCheck,
  serializeState,
} from '../../src/core/expiry/plan';
import { instantToWall, wallToInstant } from '@spark-ledger/gas-emulator';

const ZONES = [
  'America/New_York',
  'Europe/Berlin',
  'Pacific/Auckland',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'UTC',
  'America/St_Johns',
  'Pacific/Chatham',
];
const HOUR = 3600000;

/** The exact clock: hours from `now` to 00:00 of `ymd` in `tz`, and today's date there. */
function clock(tz: string, nowMs: number) {
  const today = utcMsToYmd(instantToWall(tz, nowMs));
  const hoursUntil = (ymd: string) => (wallToInstant(tz, ymdToDayNumber(ymd) * 86400000) - nowMs) / HOUR;
  return { today, hoursUntil };
}

const nowArb = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) });

describe('expiryLevel', () => {
  it('matches the exact hour count in any zone, across DST, asking about at most 4 dates', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        nowArb,
        fc.array(fc.integer({ min: -9, max: 12 }), { minLength: 1, maxLength: 40 }),
        (tz, now, offsets) => {
          const c = clock(tz, now);
          const asked = new Set<string>();
          for (const d of offsets) {
            const ymd = addDays(c.today, d);
            const level = expiryLevel(ymd, c.today, (y) => {
              asked.add(y);
              return c.hoursUntil(y);
            });
            expect(level).toBe(levelForHours(c.hoursUntil(ymd)));
          }
          expect(asked.size).toBeLessThanOrEqual(4);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('puts the thresholds at 72 h, 24 h and 0 h inclusive', () => {
    expect([72.01, 72, 24.01, 24, 0.01, 0, -5].map(levelForHours)).toEqual([0, 1, 1, 2, 2, 3, 3]);
  });

  it('counts real hours over a DST change: 71.5 h before a New York expiry that naive offsets call 72.5 h', () => {
    // 2026-03-08 clocks go forward in New York; 2026-03-06 23:30 EST is 71.5 real hours before 2026-03-10 00:00 EDT.
    const now = Date.UTC(2026, 2, 7, 4, 30);
    const c = clock('America/New_York', now);
    expect(c.today).toBe('2026-03-06');
    expect(c.hoursUntil('2026-03-10')).toBe(71.5);
    expect(expiryLevel('2026-03-10', c.today, c.hoursUntil)).toBe(LEVEL.h72);
  });
});

const OWNERS = ['a@x.example', 'b@x.example', 'c@x.example', 'not-an-email', ''];
const STATUSES = ['Requested', 'Received', 'Activated', 'Spending', 'Paused', 'Renewal needed', 'Expired', 'Retired'];

function rowsArb(today: string) {
  return fc
    .array(
      fc.record({
        dayOffset: fc.integer({ min: -3, max: 8 }),
        status: fc.constantFrom(...STATUSES),
        paid: fc.constantFrom(...OWNERS),
        creator: fc.constantFrom(...OWNERS),
        decision: fc.constantFrom('Undecided', 'Renew', 'Retire', ''),
      }),
      { maxLength: 30 },
    )
    .map((specs) =>
      specs.map(
        (s, i): ExpiryRow => ({
          row: i + 2,
          videoUrl: `https://www.tiktok.com/@c/video/${7400000000000000000 + i}`,
          videoId: `74000000000000${String(10000 + i)}`,
          sparkCode: `#code${i}`,
          status: s.status,
          expiresOn: addDays(today, s.dayOffset),
          renewalDecision: s.decision,
          paidOwner: s.paid,
          creatorOwner: s.creator,
          approvalOwner: 'approve@x.example',
          creatorHandle: '@c',
          client: 'Acme',
          campaign: 'Spring',
          lastAlertOn: '',
        }),
      ),
    );
}

function lineFor(rows: ExpiryRow[]) {
  const byKey = new Map(rows.map((r) => [codeKey(r), r]));
  return (key: string): Omit<DigestLine, 'level'> | null => {
    const r = byKey.get(key);
    return r
      ? {
          key,
          row: r.row,
          videoUrl: r.videoUrl,
          creatorHandle: r.creatorHandle,
          client: r.client,
          campaign: r.campaign,
          sparkCode: r.sparkCode,
          status: r.status,
          expiresOn: r.expiresOn,
          renewalDecision: r.renewalDecision,
        }
      : null;
  };
}

/** Applies a plan's status changes, as the shell writes them. */
function applied(rows: ExpiryRow[], changes: { row: number; to: string }[]): ExpiryRow[] {
  const to = new Map(changes.map((c) => [c.row, c.to]));
  return rows.map((r) => ({ ...r, status: to.get(r.row) ?? r.status }));
}

describe('planExpiryCheck', () => {
  it('moves watched rows within 72 h to Renewal needed and past expiry to Expired, and nothing else', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), nowArb, (tz, now) => {
        const c = clock(tz, now);
        return fc.assert(
          fc.property(rowsArb(c.today), (rows) => {
            const plan = planExpiryCheck(rows, emptyState(), c.today, c.hoursUntil);
            for (const r of rows) {
              const h = c.hoursUntil(r.expiresOn);
              const change = plan.changes.find((x) => x.row === r.row);
              const watched = ['Received', 'Activated', 'Spending', 'Paused', 'Renewal needed'].includes(r.status);
              if (!watched || h > 72) expect(change).toBeUndefined();
              else if (h <= 0) expect(change?.to).toBe('Expired');
              else if (r.status === 'Renewal needed') expect(change).toBeUndefined();
              else expect(change?.to).toBe('Renewal needed');
            }
          }),
          { numRuns: 5 },
        );
      }),
      { numRuns: 40 },
    );
  });

  it('is idempotent: a second run at the same moment raises nothing and queues nothing new', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), nowArb, fc.integer({ min: 0, max: 5 }), (tz, now, quota) => {
        const c = clock(tz, now);
        return fc.assert(
          fc.property(rowsArb(c.today), (rows) => {
            const first = planExpiryCheck(rows, emptyState(), c.today, c.hoursUntil);
            const d = planDelivery(first.state.queue, lineFor(rows), quota);
            const after = afterDelivery(first.state, d.send, d.withdrawn, c.today);
            const again = planExpiryCheck(applied(rows, first.changes), after, c.today, c.hoursUntil);
            expect(again.raised).toEqual([]);
            expect(again.changes).toEqual([]);
            expect(again.state.queue).toEqual(after.queue);
          }),
          { numRuns: 5 },
        );
      }),
      { numRuns: 40 },
    );
  });

  it('alerts each code at most once per threshold over daily runs, and every watched code that expires gets its expired alert', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), nowArb, fc.integer({ min: 0, max: 23 }), (tz, start, hour) => {
        const c0 = clock(tz, start);
        return fc.assert(
          fc.property(rowsArb(c0.today), fc.integer({ min: 0, max: 3 }), (initial, quota) => {
            let rows = initial;
            let state: AlertState = emptyState();
            const seen = new Map<string, number[]>();
            const mailed: { to: string; key: string; level: number }[] = [];
            for (let day = 0; day < 12; day++) {
              const wall = (ymdToDayNumber(c0.today) + day) * 86400000 + hour * HOUR;
              const c = clock(tz, wallToInstant(tz, wall));
              const plan = planExpiryCheck(rows, state, c.today, c.hoursUntil);
              for (const a of plan.raised) seen.set(a.key, [...(seen.get(a.key) ?? []), a.level]);
              rows = applied(rows, plan.changes);
              const d = planDelivery(plan.state.queue, lineFor(rows), quota);
              for (const m of d.send) for (const l of m.lines) mailed.push({ to: m.to, key: l.key, level: l.level });
              state = afterDelivery(plan.state, d.send, d.withdrawn, c.today);
            }
            for (const levels of seen.values()) {
              expect(new Set(levels).size).toBe(levels.length);
              expect([...levels].sort()).toEqual(levels);
            }
            const pairs = mailed.map((m) => `${m.to}|${m.key}|${m.level}`);
            expect(new Set(pairs).size).toBe(pairs.length);
            // Everything raised is either mailed or still queued: nothing dropped.
            const queued = new Set(state.queue.flatMap((q) => q.items.map((i) => `${q.to}|${i.key}`)));
            for (const r of initial) {
              if (!['Received', 'Activated', 'Spending', 'Paused', 'Renewal needed'].includes(r.status)) continue;
              const key = codeKey(r);
              for (const o of new Set([r.paidOwner, r.creatorOwner].filter((x) => x.includes('@')))) {
                const got =
                  mailed.some((m) => m.to === o && m.key === key && m.level === LEVEL.expired) ||
                  queued.has(`${o}|${key}`);
                expect(got).toBe(true);
              }
            }
          }),
          { numRuns: 4 },
        );
      }),
      { numRuns: 30 },
    );
  });

  it('starts fresh for a renewed code', () => {
    const today = '2026-03-02';
    const row: ExpiryRow = {
      row: 2,
      videoUrl: 'u',
      videoId: '1',
      sparkCode: '#old',
      status: 'Spending',
      expiresOn: today,
      renewalDecision: 'Undecided',
      paidOwner: 'a@x.example',
      creatorOwner: '',
      approvalOwner: '',
      creatorHandle: '',
      client: '',
      campaign: '',
      lastAlertOn: '',
    };
    const first = planExpiryCheck([row], emptyState(), today, () => 0);
    expect(first.raised.map((a) => a.level)).toEqual([LEVEL.expired]);
    const renewed = { ...row, sparkCode: '#new', status: 'Received', expiresOn: '2026-03-04' };
    const sent = planDelivery(first.state.queue, lineFor([row]), 10).send;
    expect(sent.map((d) => d.to)).toEqual(['a@x.example']);
    const second = planExpiryCheck([renewed], afterDelivery(first.state, sent, [], today), today, () => 40);
    expect(second.raised.map((a) => a.level)).toEqual([LEVEL.h72]);
    expect(Object.keys(second.state.codes)).toEqual([codeKey(renewed)]);
  });

  it('falls back to the approval owner when a row has no paid or creator owner, and reports bad addresses', () => {
    const base: ExpiryRow = {
      row: 2,
      videoUrl: 'u',
      videoId: '1',
      sparkCode: '#c',
      status: 'Received',
      expiresOn: '2026-03-02',
      renewalDecision: '',
      paidOwner: '',
      creatorOwner: '',
      approvalOwner: 'approve@x.example',
      creatorHandle: '',
      client: '',
      campaign: '',
      lastAlertOn: '',
    };
    expect(planExpiryCheck([base], emptyState(), '2026-03-02', () => 0).raised[0]).toMatchObject({
      owners: ['approve@x.example'],
      invalidOwners: [],
    });
    const bad = planExpiryCheck(
      [{ ...base, paidOwner: 'Jane', creatorOwner: 'c@x.example' }],
      emptyState(),
      '2026-03-02',
      () => 0,
    ).raised[0];
    expect(bad).toMatchObject({ owners: ['c@x.example'], invalidOwners: ['Jane'] });
  });
});

describe('planDelivery', () => {
  it('sends what the quota allows in queue order and defers the rest, dropping nothing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...OWNERS.slice(0, 3), 'd@x.example', 'e@x.example'), { maxLength: 8 }),
        fc.integer({ min: -1, max: 6 }),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        (owners, quota, present) => {
          const queue = [...new Set(owners)].map((to, i) => ({
            to,
            since: '2026-03-01',
            items: [
              { key: `k${i}`, level: 1 as const },
              { key: `g${i}`, level: 3 as const },
            ],
          }));
          const lookup = (key: string) =>
            present[Number(key.slice(1)) % 8] || key.startsWith('k')
              ? {
                  key,
                  row: 2,
                  videoUrl: key,
                  creatorHandle: '',
                  client: '',
                  campaign: '',
                  sparkCode: '',
                  status: 'Spending',
                  expiresOn: '2026-03-03',
                  renewalDecision: '',
                }
              : null;
          const d = planDelivery(queue, lookup, quota);
          expect(d.send.length).toBe(Math.min(Math.max(quota, 0), queue.length));
          expect([...d.send, ...d.deferred].map((x) => x.to)).toEqual(queue.map((q) => q.to));
          const lines = [...d.send, ...d.deferred].reduce((n, x) => n + x.lines.length, 0);
          expect(lines + d.withdrawn.length).toBe(queue.length * 2);
        },
      ),
    );
  });
});

describe('stored state', () => {
  it('round-trips through ASCII text split into pieces', () => {
    const stateArb = fc.record({
      codes: fc.dictionary(
        fc.string({ minLength: 1 }),
        fc.record({
          level: fc.constantFrom(0, 1, 2, 3) as fc.Arbitrary<0 | 1 | 2 | 3>,
          raisedOn: fc.constant('2026-03-02'),
          sentOn: fc.constantFrom('', '2026-03-03'),
        }),
      ),
      queue: fc.array(
        fc.record({
          to: fc.string(),
          since: fc.constant('2026-03-01'),
          items: fc.array(fc.record({ key: fc.string(), level: fc.constantFrom(1, 2, 3) as fc.Arbitrary<1 | 2 | 3> })),
        }),
      ),
    });
    fc.assert(
      fc.property(stateArb, (s) => {
        const text = serializeState(s);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the range deliberately starts at NUL, so the check is "every character is ASCII below DEL".
        expect(/^[\x00-\x7e]*$/.test(text)).toBe(true);
        const pieces = chunkText(text, 8000);
        expect(pieces.every((p) => p.length <= 8000)).toBe(true);
        expect(parseState(pieces.join(''))).toEqual(s);
      }),
    );
  });

  it('keeps a code key named like an object property', () => {
    const codes = JSON.parse('{"__proto__":{"level":0,"raisedOn":"2026-03-02","sentOn":""}}');
    const back = parseState(serializeState({ codes, queue: [] }));
    expect(Object.keys(back.codes)).toEqual(['__proto__']);
    // biome-ignore lint/suspicious/noProto: the test is about an own key named "__proto__"; reading it this way must find the own property, not the prototype.
    expect(back.codes.__proto__).toEqual({ level: 0, raisedOn: '2026-03-02', sentOn: '' });
  });

  it('treats damaged text as empty rather than failing the check', () => {
    expect(parseState('{"v":1,"c":[[')).toEqual(emptyState());
    expect(parseState(null)).toEqual(emptyState());
  });
});

describe('renderDigest', () => {
  const ctx = {
    spreadsheetName: 'Acme <ledger>',
    url: 'https://docs.google.com/spreadsheets/d/abc/edit',
    ledgerSheetId: 42,
    today: '2026-03-02',
  };
  const line = (row: number, level: 1 | 2 | 3, decision: string, extra: Partial<DigestLine> = {}): DigestLine => ({
    key: `k${row}`,
    level,
    row,
    videoUrl: `https://www.tiktok.com/@c/video/${row}`,
    creatorHandle: '@c',
    client: 'Acme',
    campaign: 'Spring <b>',
    sparkCode: '#abcdefghijklmnop',
    status: 'Renewal needed',
    expiresOn: dayNumberToYmd(ymdToDayNumber('2026-03-02') + (level === 3 ? 0 : 2)),
    renewalDecision: decision,
    ...extra,
  });

  it('groups lines as expired, renewal needed and undecided, each linking to its row, in HTML and plain text', () => {
    const mail = renderDigest(
      'a@x.example',
      [line(5, 1, 'Undecided'), line(9, 3, 'Undecided', { status: 'Expired' }), line(7, 2, 'Renew')],
      ctx,
    );
    expect(mail.subject).toBe('Spark Ledger: 1 expired, 1 renewal needed, 1 decision still undecided (Acme <ledger>)');
    const order = ['1 code has expired', 'Renewal needed for 1 code', '1 decision is still undecided'].map((t) =>
      mail.body.indexOf(t),
    );
    expect(order.every((i, n) => i >= 0 && (n === 0 || i > order[n - 1]))).toBe(true);
    for (const row of [5, 7, 9]) {
      expect(mail.body).toContain(rowLink(ctx, row));
      expect(mail.htmlBody).toContain(
        `href="https://docs.google.com/spreadsheets/d/abc/edit#gid=42&amp;range=A${row}"`,
      );
    }
    expect(mail.htmlBody).toContain('Spring &lt;b&gt;');
    expect(mail.htmlBody).not.toContain('<b>');
    expect(mail.body).not.toContain('#abcdefghijklmnop');
  });
});
