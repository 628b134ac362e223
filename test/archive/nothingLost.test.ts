/**
 * Archiving while people work, and archiving that dies half way:
 * - a person sorts the Ledger, or inserts a row above, before any call of the
 *   run: every closed row ends in Archive, every live row stays in the
 *   Ledger, none in both or neither, and each archived row has its one
 *   "Archived" audit line;
 * - the run dies at any call (every later call fails too), then someone
 *   saves in the sidebar and archives again: the same holds.
 * Figures go to test-artifacts/archive-scenarios.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LedgerRecord } from '../../src/core/ledger/fields';
import type { Harness } from '../support/addon';
import { videoUrl } from '../support/fixtures';
import { liveRow, setup, urlsIn } from '../reports/helpers';
import { callsOf, dyingAt, withEditBefore } from '../support/meanwhile';

const retired = (n: number) =>
  liveRow(n, 'Acme Apps', {
    status: 'Retired',
    retirementReason: 'Campaign ended',
    renewalDecision: 'Retire',
    expiresOn: '2025-10-01',
  } as Partial<LedgerRecord>);
const expired = (n: number) => liveRow(n, 'Globex Games', { status: 'Expired', expiresOn: '2025-10-01' });
const records = (): LedgerRecord[] => [
  retired(1),
  liveRow(2, 'Acme Apps'),
  retired(3),
  liveRow(4, 'Acme Apps', { status: 'Requested' } as Partial<LedgerRecord>),
  expired(5),
  liveRow(6, 'Globex Games'),
];
const CLOSED = [1, 3, 5].map((n) => videoUrl(n));
const LIVE = [2, 4, 6].map((n) => videoUrl(n));

function archivedLines(h: Harness): string[] {
  const s = h.emu.spreadsheet.getSheetByName('Audit');
  if (!s) return [];
  return s
    .getDataRange()
    .getValues()
    .slice(1)
    .filter((r) => r[6] === 'archive' && r[3] === 'Archived')
    .map((r) => String(r[2]));
}

/** What must hold once the archiving is finished, or '' when it holds. */
function wrong(h: Harness): string {
  const ledger = urlsIn(h, 'Ledger');
  const archive = urlsIn(h, 'Archive');
  const problems: string[] = [];
  for (const u of CLOSED)
    if (!(archive.filter((x) => x === u).length === 1 && !ledger.includes(u)))
      problems.push(`closed ${u.slice(-4)} not exactly once, in Archive`);
  for (const u of LIVE)
    if (!(ledger.filter((x) => x === u).length === 1 && !archive.includes(u)))
      problems.push(`live ${u.slice(-4)} not exactly once, in the Ledger`);
  const lines = archivedLines(h);
  for (const u of CLOSED)
    if (lines.filter((x) => x === u).length !== 1)
      problems.push(`${lines.filter((x) => x === u).length} Archived lines for ${u.slice(-4)}`);
  return problems.join('; ');
}

const tally = { edits: { tried: 0, wrong: 0 }, deaths: { tried: 0, wrong: 0 } };

afterAll(() => {
  const dir = join(__dirname, '..', '..', 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'archive-scenarios.json'), JSON.stringify(tally, null, 2));
  // eslint-disable-next-line no-console
  console.log(
    `archive: ${tally.edits.tried} edits meanwhile (${tally.edits.wrong} wrong), ${tally.deaths.tried} deaths (${tally.deaths.wrong} wrong)`,
  );
});

function callsOfOneRun(): number {
  const h = setup(records());
  return callsOf(h.emu, () => h.addon.archiveClosed(30)).length;
}

describe('people sort or insert rows while closed rows are archived', () => {
  const edits: Record<string, (h: Harness) => void> = {
    sort: (h) => {
      const s = h.emu.sheet('Ledger');
      const col = s.getRange(1, 1, 1, s.getLastColumn()).getValues()[0].indexOf('Video URL') + 1;
      s.getRange(2, 1, s.getLastRow() - 1, s.getLastColumn()).sort({ column: col, ascending: false });
    },
    'insert above': (h) => {
      h.emu.sheet('Ledger').insertRowsBefore(2, 1);
    },
  };
  for (const [name, edit] of Object.entries(edits)) {
    it(`${name} before any call: every row ends in exactly the right sheet, audited once`, () => {
      const total = callsOfOneRun();
      const bad: string[] = [];
      for (let k = 1; k <= total; k++) {
        const h = setup(records());
        const r = withEditBefore(
          h.emu,
          k,
          () => edit(h),
          () => h.addon.archiveClosed(30),
        );
        tally.edits.tried++;
        const w = wrong(h) || (r.moved === 3 ? '' : `reported moved: ${r.moved}`);
        if (w) {
          tally.edits.wrong++;
          bad.push(`before call ${k}: ${w}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }
});

describe('a run that dies at any call', () => {
  it('then a sidebar save and another run: every row in exactly the right sheet, each archived row audited once', () => {
    const total = callsOfOneRun();
    const bad: string[] = [];
    for (let k = 1; k <= total; k++) {
      const h = setup(records());
      dyingAt(h.emu, k, () => h.addon.archiveClosed(30));
      // Anyone's next write finishes what the run left (its "Archived" lines); then archiving is run again.
      expect(h.addon.updateRecord({ videoUrl: videoUrl(2), campaign: 'Spring' })).toMatchObject({ ok: true });
      h.addon.archiveClosed(30);
      tally.deaths.tried++;
      const w = wrong(h);
      if (w) {
        tally.deaths.wrong++;
        bad.push(`death at call ${k}: ${w}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
