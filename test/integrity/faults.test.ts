/**
 * Fault and bad-input suite (issue: Integrity). Thousands of bad inputs per
 * action, a lock held by another execution, setValues failing at every step,
 * injection in every free-text field, agency columns moved and added, and ids
 * Sheets would mangle. Figures go to test-artifacts/integrity-counts.json.
 */
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCsv } from '../../src/core/import/csv';
import { FIELDS, FIELD_KEYS, type FieldKind, type FieldKey } from '../../src/core/ledger/fields';
import { EDITABLE_KEYS } from '../../src/core/ledger/schemas';
import { TRANSITIONS } from '../../src/core/lifecycle/lifecycle';
import type { Emulator } from '@spark-ledger/gas-emulator';
import { type Harness, startAddon } from '../support/addon';
import {
  ALL_PRE_CHECKS,
  AD_ACCOUNTS,
  IMPORT_HEADERS,
  importLine,
  activationFields,
  requestInput,
  seedSettings,
  sparkCode,
  videoUrl,
} from '../support/fixtures';
import { fillLedger, receivedRecord } from '../support/ledgerFill';
import { cellA1, ledgerCell, userEdit } from '../support/userEdit';
import { type Action, INPUT } from './sidebarScenarios';

const RUNS = Number(process.env.INTEGRITY_RUNS ?? 1500);

const tally = { inputsTried: 0, faultsInjected: 0, rowsChecked: 0, byAction: {} as Record<string, number> };

afterAll(() => {
  const dir = join(__dirname, '..', '..', 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'integrity-counts.json'), JSON.stringify(tally, null, 2));
  // eslint-disable-next-line no-console
  console.log(
    `integrity suite: ${tally.inputsTried} inputs tried, ${tally.faultsInjected} faults injected, ${tally.rowsChecked} rows checked`,
  );
});

const WRITE =
  /^(Range\.(set|clear|insert|delete|merge|break|copy|sort|protect|remove)|Sheet\.(insert|delete|append|set|clear|hide|show|protect|sort)|Spreadsheet\.(insert|delete|set|move))/;

function writes(emu: Emulator): number {
  return Object.entries(emu.calls.byMethod)
    .filter(([k]) => WRITE.test(k))
    .reduce((n, [, v]) => n + v, 0);
}

function sheetValues(emu: Emulator): string {
  return JSON.stringify(
    ['Ledger', 'Audit', 'Code history'].map((n) => {
      const s = emu.spreadsheet.getSheetByName(n);
      return s ? [s.getDataRange().getValues(), s.getDataRange().getFormulas()] : null;
    }),
  );
}

/** Ledger: row 2 Requested, row 3 Received, row 4 Renewal needed, row 5 Activated. */
function seeded(): Harness {
  const h = startAddon();
  seedSettings(h.emu);
  fillLedger(h.emu, [
    receivedRecord(1, { status: 'Requested', sparkCode: '', authorizedOn: '', authDays: '', expiresOn: '' }),
    receivedRecord(2),
    receivedRecord(3, { status: 'Renewal needed' }),
    receivedRecord(4, { status: 'Activated', ...(activationFields() as object) }),
  ]);
  return h;
}

// The same saves the scenario suites make, on this suite's own seeded ledger.
const BASE = INPUT;

const KEYS: Record<Action, readonly FieldKey[]> = {
  requestCode: [...EDITABLE_KEYS, 'creatorHandle', 'videoUrl'],
  recordCode: ['videoUrl', 'sparkCode', 'authorizedOn', 'authDays', 'decisionNote'],
  changeStatus: ['videoUrl', 'status', ...EDITABLE_KEYS, 'sparkCode', 'authorizedOn', 'authDays'],
  renewCode: ['videoUrl', 'sparkCode', 'authorizedOn', 'authDays', 'decisionNote'],
  retireCode: ['videoUrl', 'retirementReason', 'decisionNote'],
  updateRecord: ['videoUrl', ...EDITABLE_KEYS],
};

const REQUIRED: Record<Action, readonly FieldKey[]> = {
  requestCode: ['videoUrl'],
  recordCode: ['videoUrl', 'sparkCode', 'authorizedOn', 'authDays'],
  changeStatus: ['videoUrl', 'status'],
  renewCode: ['videoUrl', 'sparkCode', 'authorizedOn', 'authDays', 'decisionNote'],
  retireCode: ['videoUrl', 'retirementReason'],
  updateRecord: ['videoUrl'],
};

const LONG = 'x'.repeat(50001);
const TYPE_BAD = [{}, true, LONG];
/** Values normalizeValue refuses for each kind: none of them is ever valid. */
const BAD: Partial<Record<FieldKind, unknown[]>> = {
  videoUrl: [
    'not a url',
    'https://www.youtube.com/watch?v=1',
    'https://www.tiktok.com/@x/video/123',
    'tiktok.com/@a b/video/7412345678901234567',
    42,
    ...TYPE_BAD,
  ],
  handle: ['x', '@', '@has space', `@${'a'.repeat(25)}`, '#hash', {}, true],
  text: [{}, [], true, false, LONG],
  longText: [{}, [], true, false, LONG],
  settingsList: [{}, [], true, LONG],
  enum: ['Nope', 'Activatedd', 7, ...TYPE_BAD],
  status: ['Done', 'Spark', 3, ...TYPE_BAD],
  market: ['USA', 'U', '12', ...TYPE_BAD],
  language: ['english', 'e', 'en_US', ...TYPE_BAD],
  currency: ['XYZ', 'dollars', 'US', ...TYPE_BAD],
  httpsUrl: ['http://acme.example', 'javascript:alert(1)', 'acme.example', 'https://', ...TYPE_BAD],
  url: ['ftp://x.example', 'javascript:alert(1)', 'www.x.com', ...TYPE_BAD],
  email: ['nobody', 'a@b', '@agency.example', 'a b@c.com', ...TYPE_BAD],
  days: [0, 366, 1.5, -3, '12abc', Infinity, NaN, {}, true],
  sparkCode: ['short', '#abc def ghi jkl mno', 'é'.repeat(20), 'x'.repeat(600), 12, {}, true],
  date: ['2026-02-30', '03/05/2026', '2026-3-5', 45000, '1800-01-01', 'tomorrow', {}, true],
  checks: [['Nope'], 'Post is live; Not a check', 42, {}, true],
  money: [-1, '1e3', 1e13, 'abc', NaN, {}, true],
  count: [-1, 1.5, 'abc', {}, true],
  bool: ['yes', 2, {}, 'TRUE!'],
};

const kindOf = (k: FieldKey): FieldKind => (FIELDS.find((f) => f.key === k) as { kind: FieldKind }).kind;

type Corruption =
  | { type: 'fields'; set: [FieldKey, unknown][] }
  | { type: 'unknownKey'; key: string }
  | { type: 'missing'; key: FieldKey }
  | { type: 'notAnObject'; value: unknown };

function corruption(action: Action): fc.Arbitrary<Corruption> {
  const keys = KEYS[action].filter((k) => (BAD[kindOf(k)] ?? []).length);
  const pair = fc
    .constantFrom(...keys)
    .chain((k) => fc.constantFrom(...(BAD[kindOf(k)] as unknown[])).map((v) => [k, v] as [FieldKey, unknown]));
  const foreign = FIELD_KEYS.filter((k) => !KEYS[action].includes(k));
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .uniqueArray(pair, { minLength: 1, maxLength: 3, selector: (p) => p[0] })
        .map((set) => ({ type: 'fields' as const, set })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('hacker', 'row', 'videoURL', ...foreign)
        .map((key) => ({ type: 'unknownKey' as const, key })),
    },
    { weight: 1, arbitrary: fc.constantFrom(...REQUIRED[action]).map((key) => ({ type: 'missing' as const, key })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(null, undefined, 'videoUrl=x', 42, [], [BASE[action]()])
        .map((value) => ({ type: 'notAnObject' as const, value })),
    },
  );
}

function apply(action: Action, c: Corruption): unknown {
  const input: Record<string, unknown> = BASE[action]();
  switch (c.type) {
    case 'fields':
      for (const [k, v] of c.set) input[k] = v;
      return input;
    case 'unknownKey':
      input[c.key] = 'x';
      return input;
    case 'missing':
      delete input[c.key];
      return input;
    default:
      return c.value;
  }
}

describe('bad input: zero writes, zero uncaught throws, every error names a field', () => {
  it.each(Object.keys(BASE) as Action[])(
    'each base input of %s is valid, so every failure below comes from the corruption',
    (action) => {
      const h = seeded();
      expect(h.addon[action](BASE[action]())).toMatchObject({ ok: true });
    },
  );

  it.each(Object.keys(BASE) as Action[])(`${RUNS} bad inputs to %s`, (action) => {
    const h = seeded();
    const before = sheetValues(h.emu);
    h.emu.calls.reset();
    fc.assert(
      fc.property(corruption(action), (c) => {
        tally.inputsTried++;
        tally.byAction[action] = (tally.byAction[action] ?? 0) + 1;
        let r: { ok: boolean; errors: { field: string; message: string }[] };
        try {
          r = h.addon[action](apply(action, c));
        } catch (e) {
          throw new Error(`${action} threw on ${JSON.stringify(c)}: ${(e as Error).message}`);
        }
        expect(r.ok).toBe(false);
        expect(r.errors.length).toBeGreaterThan(0);
        for (const e of r.errors) {
          expect(e.field === '' || FIELD_KEYS.includes(e.field as FieldKey)).toBe(true);
          expect(e.message).toMatch(/^\S.{9,}[.!?)]$/s);
        }
        if (c.type === 'fields') {
          const named = new Set(r.errors.map((e) => e.field));
          for (const [k] of c.set) expect(named.has(k)).toBe(true);
        }
        if (c.type === 'missing') expect(r.errors.some((e) => e.field === c.key)).toBe(true);
        expect(writes(h.emu)).toBe(0);
      }),
      { numRuns: RUNS },
    );
    expect(sheetValues(h.emu)).toBe(before);
  });

  it(`${RUNS} bad CSV files to importRows`, () => {
    const h = seeded();
    const before = sheetValues(h.emu);
    const headers = IMPORT_HEADERS;
    const keys: FieldKey[] = [
      'videoUrl',
      'creatorHandle',
      'client',
      'brand',
      'campaign',
      'market',
      'requestedDays',
      'adAccount',
      'approvalOwner',
      'preRequestChecks',
    ];
    const good = (n: number): string[] => {
      const r = requestInput(n);
      return keys.map((k) => (Array.isArray(r[k]) ? (r[k] as string[]).join('; ') : String(r[k])));
    };
    const stringBad = (k: FieldKey) =>
      (BAD[kindOf(k)] ?? []).filter((v): v is string => typeof v === 'string' && v !== LONG);
    const col = fc
      .integer({ min: 0, max: keys.length - 1 })
      .filter((i) => stringBad(keys[i]).length > 0 || keys[i] === 'client');
    const badLine = fc.tuple(fc.integer({ min: 60, max: 90 }), col, fc.nat()).map(([n, i, j]) => {
      const cells = good(n);
      const pool = keys[i] === 'client' ? ['Unknown Co'] : stringBad(keys[i]);
      cells[i] = pool[j % pool.length];
      return { cells, key: keys[i] };
    });
    const file = fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .array(badLine, { minLength: 1, maxLength: 6 })
          .map((lines) => ({ text: formatCsv([headers, ...lines.map((l) => l.cells)]), lines })),
      },
      { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((text) => ({ text, lines: null })) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom('', '"unclosed', 'Video URL\n"a', 'Video URL,Video URL\nx,y', 42, null)
          .map((text) => ({ text, lines: null })),
      },
    );
    h.emu.calls.reset();
    fc.assert(
      fc.property(file, ({ text, lines }) => {
        tally.inputsTried++;
        tally.byAction.importRows = (tally.byAction.importRows ?? 0) + 1;
        const r = h.addon.importRows(text);
        expect(r.accepted).toBe(0);
        for (const rej of r.rejected)
          for (const e of rej.errors) expect(e.field === '' || FIELD_KEYS.includes(e.field)).toBe(true);
        if (lines) {
          expect(r.rejected.map((x: { line: number }) => x.line)).toEqual(lines.map((_, i) => i + 2));
          lines.forEach((l, i) => {
            expect(r.rejected[i].errors.some((e: { field: string }) => e.field === l.key)).toBe(true);
          });
        }
        expect(writes(h.emu)).toBe(0);
      }),
      { numRuns: RUNS },
    );
    expect(sheetValues(h.emu)).toBe(before);
  });

  it(`${Math.round(RUNS / 3)} random status edits in the sheet leave only legal statuses`, () => {
    const h = seeded();
    // Give each row an audited history so pastes and single edits are judged the same way.
    const statusValues = fc.oneof(
      fc.constantFrom(...Object.keys(TRANSITIONS), '', 'done', '=1+1', 'retired'),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }), statusValues, (row, value) => {
        tally.inputsTried++;
        tally.byAction.onEdit = (tally.byAction.onEdit ?? 0) + 1;
        const before = String(ledgerCell(h.emu, 'Status', row));
        let r: { reverted: number[] };
        try {
          r = h.addon.onEdit(userEdit(h.emu, 'Ledger', cellA1(h.emu, 'Status', row), [[value]]));
        } catch (e) {
          throw new Error(`onEdit threw on ${JSON.stringify(value)}: ${(e as Error).message}`);
        }
        const after = String(ledgerCell(h.emu, 'Status', row));
        const allowed = [before, ...(TRANSITIONS as Record<string, readonly string[]>)[before]];
        expect(allowed).toContain(after);
        if (after !== value.trim() && after !== before) throw new Error('status changed to something nobody typed');
        void r;
      }),
      { numRuns: Math.round(RUNS / 3) },
    );
  });
});

describe('a lock that cannot be had', () => {
  const calls: [string, () => unknown][] = [
    ...(Object.keys(BASE) as Action[]).map((a) => [a, () => BASE[a]()] as [string, () => unknown]),
    [
      'importRows',
      () =>
        formatCsv([
          ['Video URL', 'Creator handle'],
          [videoUrl(70), '@creator.one'],
        ]),
    ],
  ];
  it.each(calls)('%s says busy, try again, and writes nothing', (fn, input) => {
    const h = seeded();
    const before = sheetValues(h.emu);
    h.emu.lock.holdByOther(true);
    h.emu.calls.reset();
    tally.faultsInjected++;
    const r = h.addon[fn](input());
    const errors = fn === 'importRows' ? r.rejected[0].errors : r.errors;
    expect(r.ok === undefined ? r.accepted : r.ok).toBe(fn === 'importRows' ? 0 : false);
    expect(errors).toEqual([{ field: '', message: expect.stringMatching(/busy.*try again.*nothing was written/i) }]);
    expect(writes(h.emu)).toBe(0);
    expect(sheetValues(h.emu)).toBe(before);
  });

  it('validateLedger says busy and paints nothing', () => {
    const h = seeded();
    h.emu.lock.holdByOther(true);
    h.emu.calls.reset();
    tally.faultsInjected++;
    expect(() => h.addon.validateLedger()).toThrow(/busy.*try again/i);
    expect(writes(h.emu)).toBe(0);
  });
});

describe('setValues failing half way', () => {
  const cases: [string, () => unknown][] = [
    ...(Object.keys(BASE) as Action[]).map((a) => [a, () => BASE[a]()] as [string, () => unknown]),
    [
      'importRows',
      () => formatCsv([IMPORT_HEADERS, ...[80, 81, 82].map((n) => importLine(n, { Brand: 'Acme', Campaign: 'C' }))]),
    ],
  ];

  it.each(cases)(
    '%s: every service call it makes fails in turn; no half row, no audit line without its change, and a retry succeeds',
    (fn, input) => {
      const h0 = seeded();
      h0.emu.calls.reset();
      h0.addon[fn](input());
      const plan = Object.entries(h0.emu.calls.byMethod).filter(
        ([m]) => WRITE.test(m) || /getValues|getDataRange|getLastRow|getRange$/.test(m),
      );
      expect(plan.some(([m]) => m === 'Range.setValues')).toBe(true);
      for (const [method, count] of plan) {
        for (let after = 0; after < count; after++) {
          const h = seeded();
          const before = sheetValues(h.emu);
          h.emu.faults.failOn(method, { after });
          tally.faultsInjected++;
          let thrown: Error | null = null;
          try {
            h.addon[fn](input());
          } catch (e) {
            thrown = e as Error;
          }
          expect([method, after, thrown && thrown.message.length > 0]).toEqual([method, after, true]);
          if (method === 'Range.setValues')
            expect(thrown!.message).toMatch(/could not be saved.*(Nothing was written|Nothing was imported)/);
          expect([method, after, sheetValues(h.emu) === before]).toEqual([method, after, true]);
          h.emu.faults.clear();
          const retry = h.addon[fn](input());
          expect(fn === 'importRows' ? retry.accepted : retry.ok).toBe(fn === 'importRows' ? 3 : true);
        }
      }
    },
  );

  it('onEdit: a legal status edit whose audit line cannot be written is put back', () => {
    const h = seeded();
    // Row 3 (Received) gets an audited history through the sidebar path first.
    expect(h.addon.retireCode({ videoUrl: videoUrl(4), retirementReason: 'Campaign ended' }).ok).toBe(true);
    const auditBefore = JSON.stringify(h.emu.spreadsheet.getSheetByName('Audit')!.getDataRange().getValues());
    const e = userEdit(h.emu, 'Ledger', cellA1(h.emu, 'Status', 3), [['Renewal needed']]);
    // The status cells are left as typed (no write needed); the audit append is the first setValues.
    h.emu.faults.failOn('Range.setValues', { after: 0 });
    tally.faultsInjected++;
    expect(() => h.addon.onEdit(e)).toThrow();
    h.emu.faults.clear();
    expect(ledgerCell(h.emu, 'Status', 3)).toBe('Received');
    expect(
      h.emu
        .sheet('Ledger')
        .getRange(cellA1(h.emu, 'Status', 3))
        .getNote(),
    ).toMatch(/could not be recorded in the Audit sheet/);
    expect(JSON.stringify(h.emu.spreadsheet.getSheetByName('Audit')!.getDataRange().getValues())).toBe(auditBefore);
  });
});

const INJECTIONS = [
  '=IMPORTXML("http://evil.example","//a")',
  '=HYPERLINK("http://evil.example","click")',
  '+SUM(1,2)',
  '-2+3',
  '@SUM(A1:A2)',
  "'already quoted",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template-injection probe: the literal text "${7*7}" must be stored as typed, never evaluated.
  '{{7*7}} ${7*7}',
  'TRUE',
  '1/2/2026',
  '00123',
];

const FREE_TEXT = FIELDS.filter(
  (f) => (f.kind === 'text' || f.kind === 'longText') && EDITABLE_KEYS.includes(f.key),
).map((f) => f.key);

describe('formula, script and markup injection in every free-text field', () => {
  it.each(INJECTIONS)('%s is stored as text through request, update and import', (payload) => {
    const h = seeded();
    // A generation prompt needs a human review before a code is requested.
    const fields = { ...Object.fromEntries(FREE_TEXT.map((k) => [k, payload])), humanReviewed: true };
    expect(h.addon.requestCode(requestInput(90, fields)).ok).toBe(true);
    expect(h.addon.updateRecord({ videoUrl: videoUrl(2), ...fields }).ok).toBe(true);
    const headers = [
      'Video URL',
      'Creator handle',
      'Client',
      'Brand',
      'Campaign',
      'Market',
      'Requested window (days)',
      'Ad account',
      'Approval owner',
      'Pre-request checks',
      ...FREE_TEXT.filter((k) => k !== 'brand' && k !== 'campaign').map((k) => FIELDS.find((f) => f.key === k)!.header),
      'Human reviewed',
    ];
    const r = requestInput(91);
    const line = [
      String(r.videoUrl),
      '@creator.one',
      String(r.client),
      payload,
      payload,
      'US',
      '30',
      String(r.adAccount),
      'approve@agency.example',
      ALL_PRE_CHECKS.join('; '),
      ...FREE_TEXT.filter((k) => k !== 'brand' && k !== 'campaign').map(() => payload),
      'TRUE',
    ];
    expect(h.addon.importRows(formatCsv([headers, line])).accepted).toBe(1);
    tally.inputsTried += 3;
    const sheet = h.emu.sheet('Ledger');
    expect(sheet.getDataRange().getFormulas().flat().filter(Boolean)).toEqual([]);
    for (const url of [videoUrl(90), videoUrl(2), videoUrl(91)]) {
      const rec = h.addon.getRecord(url);
      for (const k of FREE_TEXT) expect([k, rec[k]]).toEqual([k, payload]);
    }
    const row = h.addon.getRecord(videoUrl(91)).row;
    for (const k of FREE_TEXT) expect(ledgerCell(h.emu, FIELDS.find((f) => f.key === k)!.header, row)).toBe(payload);
    const audit = h.emu.spreadsheet.getSheetByName('Audit')!;
    expect(audit.getDataRange().getFormulas().flat().filter(Boolean)).toEqual([]);
    expect(
      audit
        .getDataRange()
        .getValues()
        .filter((a) => a[5] === payload).length,
    ).toBeGreaterThanOrEqual(FREE_TEXT.length * 3);
  });
});

describe("the agency's reordered and extra columns", () => {
  function customLedger(): Harness {
    const h = startAddon({ setup: false });
    const sheet = h.emu.spreadsheet.insertSheet('Ledger');
    // Room for every ledger column and the agency's three.
    sheet.insertColumnsAfter(sheet.getMaxColumns(), FIELDS.length + 3 - sheet.getMaxColumns());
    // Ledger columns reversed, with the agency's own columns at the front, in between and at the end.
    const headers = FIELDS.map((f) => f.header).reverse();
    const layout = ['Agency ID', ...headers.slice(0, 20), 'Owner notes', ...headers.slice(20), 'Formula col'];
    sheet.getRange(1, 1, 1, layout.length).setValues([layout]);
    h.addon.setupLedger();
    seedSettings(h.emu);
    return h;
  }

  function agencyCells(h: Harness): string {
    const sheet = h.emu.sheet('Ledger');
    const headers = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].map(String);
    const cols = ['Agency ID', 'Owner notes', 'Formula col'].map((x) => headers.indexOf(x) + 1);
    return JSON.stringify(
      cols.map((c) => [sheet.getRange(1, c, 20, 1).getValues(), sheet.getRange(1, c, 20, 1).getFormulas()]),
    );
  }

  it('keeps them untouched across every action, import, sheet edit and validation', () => {
    const h = customLedger();
    const sheet = h.emu.sheet('Ledger');
    const headers = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].map(String);
    const col = (x: string) => headers.indexOf(x) + 1;
    for (let r = 2; r <= 11; r++) {
      sheet.getRange(r, col('Agency ID')).setValue(`AG-${r}`);
      sheet.getRange(r, col('Owner notes')).setValue(`note ${r}`);
      sheet.getRange(r, col('Formula col')).setFormula(`=ROW()*2`);
    }
    const before = agencyCells(h);
    const url = videoUrl(1);
    expect(h.addon.requestCode(requestInput(1)).ok).toBe(true);
    expect(
      h.addon.recordCode({ videoUrl: url, sparkCode: sparkCode(1), authorizedOn: '2026-03-01', authDays: 30 }).ok,
    ).toBe(true);
    expect(h.addon.changeStatus({ videoUrl: url, status: 'Activated', ...activationFields() }).ok).toBe(true);
    expect(h.addon.updateRecord({ videoUrl: url, spend: 120.5, comments: 3 }).ok).toBe(true);
    expect(h.addon.changeStatus({ videoUrl: url, status: 'Renewal needed' }).ok).toBe(true);
    expect(
      h.addon.renewCode({
        videoUrl: url,
        sparkCode: sparkCode(2),
        authorizedOn: '2026-03-02',
        authDays: 60,
        decisionNote: 'Keep going',
      }).ok,
    ).toBe(true);
    expect(h.addon.requestCode(requestInput(2)).ok).toBe(true);
    expect(h.addon.retireCode({ videoUrl: videoUrl(2), retirementReason: 'Campaign ended' }).ok).toBe(true);
    const csv = formatCsv([
      [
        'Video URL',
        'Creator handle',
        'Client',
        'Brand',
        'Campaign',
        'Market',
        'Requested window (days)',
        'Ad account',
        'Approval owner',
        'Pre-request checks',
      ],
      ...[3, 4, 5].map((n) => {
        const r = requestInput(n);
        return [
          String(r.videoUrl),
          '@creator.one',
          String(r.client),
          'Acme',
          'C',
          'US',
          '30',
          String(r.adAccount),
          'approve@agency.example',
          ALL_PRE_CHECKS.join('; '),
        ];
      }),
    ]);
    expect(h.addon.importRows(csv).accepted).toBe(3);
    // The agency's rows 2–11 come first, so the ledger's records start on row 12.
    expect(h.addon.onEdit(userEdit(h.emu, 'Ledger', cellA1(h.emu, 'Status', 15), [['Retired']])).reverted).toEqual([
      15,
    ]);
    h.addon.onEdit(userEdit(h.emu, 'Ledger', cellA1(h.emu, 'Campaign', 16), [['Edited']]));
    const v = h.addon.validateLedger();
    tally.rowsChecked += v.checked;
    expect(agencyCells(h)).toBe(before);
    // Renewed from Renewal needed with a window far off, the row goes back to where it was.
    expect(h.addon.getRecord(url)).toMatchObject({
      status: 'Activated',
      sparkCode: sparkCode(2),
      expiresOn: '2026-05-01',
      spend: 120.5,
      comments: 3,
      row: 12,
    });
    expect(h.addon.getRecord(videoUrl(4))).toMatchObject({ status: 'Requested', row: 15 });
    expect(h.addon.getRecord(videoUrl(5))).toMatchObject({ campaign: 'Edited', row: 16 });
    expect(ledgerCell(h.emu, 'Agency ID', 6)).toBe('AG-6');
  });
});

describe('19-digit ids, leading zeros and + prefixes', () => {
  it('are stored and read back exactly through request, update, import and a sheet edit', () => {
    const h = startAddon();
    // The agency keeps its account ids as plain text, as Sheets would otherwise turn 00123 into 123.
    const settings = h.emu.sheet('Settings');
    const accounts = settings.getRange(1, 1, 1, settings.getLastColumn()).getValues()[0].indexOf('Ad accounts') + 1;
    settings.getRange(2, accounts, 50, 1).setNumberFormat('@');
    seedSettings(h.emu, { adAccounts: ['00123', '+4420'] });
    const url = 'https://www.tiktok.com/@creator.one/video/7412345678901234567';
    const odd = { campaign: '007', contract: '+44 20 7946 0000', excludedCategories: '0012', usageNotes: '+1' };
    expect(h.addon.requestCode(requestInput(0, { videoUrl: url, adAccount: '00123', ...odd })).ok).toBe(true);
    expect(h.addon.updateRecord({ videoUrl: url, brand: '0099', decisionNote: '+0' }).ok).toBe(true);
    const csv = formatCsv([
      [
        'Video URL',
        'Creator handle',
        'Client',
        'Brand',
        'Campaign',
        'Market',
        'Requested window (days)',
        'Ad account',
        'Approval owner',
        'Pre-request checks',
        'Contract',
      ],
      [
        'https://www.tiktok.com/@creator.one/video/0000000000000000001',
        '@creator.one',
        'Acme Apps',
        '0001',
        '+campaign',
        'US',
        '30',
        '+4420',
        'approve@agency.example',
        ALL_PRE_CHECKS.join('; '),
        '0000',
      ],
    ]);
    expect(h.addon.importRows(csv).accepted).toBe(1);
    // Text columns have the automatic format (text written by the add-on is quoted), so a person
    // keeps leading zeros the way Sheets documents: a leading apostrophe.
    h.addon.onEdit(userEdit(h.emu, 'Ledger', cellA1(h.emu, 'Campaign', 2), [["'00042"]]));
    tally.inputsTried += 4;
    expect(ledgerCell(h.emu, 'Video ID', 2)).toBe('7412345678901234567');
    expect(ledgerCell(h.emu, 'Ad account', 2)).toBe('00123');
    expect(ledgerCell(h.emu, 'Campaign', 2)).toBe('00042');
    expect(h.addon.getRecord(url)).toMatchObject({
      videoId: '7412345678901234567',
      adAccount: '00123',
      brand: '0099',
      decisionNote: '+0',
      contract: odd.contract,
      excludedCategories: '0012',
      usageNotes: '+1',
    });
    expect(h.addon.getRecord('https://www.tiktok.com/@creator.one/video/0000000000000000001')).toMatchObject({
      videoId: '0000000000000000001',
      brand: '0001',
      campaign: '+campaign',
      adAccount: '+4420',
      contract: '0000',
    });
    const v = h.addon.validateLedger();
    tally.rowsChecked += v.checked;
    expect(v.problems).toEqual([]);
    void AD_ACCOUNTS;
  });
});

describe('validation over a large ledger', () => {
  it('checks 20,000 rows in one read and paints only the cells that change', () => {
    const h = startAddon();
    seedSettings(h.emu);
    fillLedger(
      h.emu,
      Array.from({ length: 20000 }, (_, i) => receivedRecord(i + 10, i % 97 === 0 ? { authDays: 400 as never } : {})),
    );
    h.emu.calls.reset();
    const r = h.addon.validateLedger();
    tally.rowsChecked += r.checked;
    expect(r.checked).toBe(20000);
    expect(r.problems.length).toBe(Math.ceil(20000 / 97));
    // Settings, the Ledger, and its Video URL column before and after painting (rows may move meanwhile).
    expect(h.emu.calls.count('Range.getValues')).toBeLessThanOrEqual(4);
    // Only the cells that change are painted: one RangeList for the 207 problem rows' cells.
    expect(h.emu.calls.count('Range.setBackgrounds')).toBe(0);
    expect(h.emu.calls.count('RangeList.setBackground')).toBe(1);
    expect(h.emu.calls.cellsWritten).toBeLessThan(2 * Math.ceil(20000 / 97));
  });
});
