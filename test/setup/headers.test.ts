/**
 * The Ledger's header row: every ledger column is essential. A header renamed,
 * deleted or repeated stops the add-on with a message saying what to do, and
 * "Set up ledger" repairs it without losing or moving the agency's data.
 */
import { FIELDS } from '../../src/core/ledger/fields';
import { ledgerHeaderProblem, mapColumns } from '../../src/core/ledger/sheetRow';
import { planHeaderRepair } from '../../src/core/setup/plan';
import { columnToLetters } from '@spark-ledger/gas-emulator';
import type { Harness } from '../support/addon';
import { CREATOR, PAID, liveRecord, setup } from '../expiry/helpers';

const APPROVER = 'approve@agency.example';
const help = (key: string) => (FIELDS.find((f) => f.key === key) as { help: string }).help;

/** Two live codes expiring within 72 hours of the emulator's clock (2026-03-02), both owners set. */
function ledgerWithExpiringCodes(): Harness {
  return setup([liveRecord(1, '2026-03-04'), liveRecord(2, '2026-03-05')]);
}

function header(h: Harness): string[] {
  const sheet = h.emu.sheet('Ledger');
  return sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].map(String);
}

/** 1-based column of the first header `name`. */
function colOf(h: Harness, name: string): number {
  const c = header(h).indexOf(name) + 1;
  if (c < 1) throw new Error(`no column ${name}`);
  return c;
}

/** A person retypes a header cell (its note stays, as in Sheets). */
function renameHeader(h: Harness, from: string, to: string): number {
  const c = colOf(h, from);
  h.emu.sheet('Ledger').getRange(1, c).setValue(to);
  return c;
}

/** A person adds a column after the last one, with a header and values down the rows. */
function addAgencyColumn(h: Harness, title: string, values: string[]): number {
  const sheet = h.emu.sheet('Ledger');
  const c = sheet.getLastColumn() + 1;
  if (c > sheet.getMaxColumns()) sheet.insertColumnsAfter(sheet.getMaxColumns(), 1);
  sheet.getRange(1, c).setValue(title);
  sheet.getRange(2, c, values.length, 1).setValues(values.map((v) => [v]));
  return c;
}

function columnValues(h: Harness, c: number, rows: number): unknown[] {
  return h.emu
    .sheet('Ledger')
    .getRange(2, c, rows, 1)
    .getValues()
    .map((r) => r[0]);
}

const letter = (c: number) => columnToLetters(c);

describe('the columns every job relies on', () => {
  it('maps duplicates with every column that carries them, and words each problem', () => {
    const cols = mapColumns(['Status', 'Video URL', 'status ', 'Mine', 'STATUS']);
    expect(cols.duplicated).toEqual(['status']);
    expect(cols.duplicates.status).toEqual([0, 2, 4]);
    expect(cols.index.status).toBe(0);
    const problem = ledgerHeaderProblem(cols) as string;
    expect(problem).toMatch(/Columns A, C and E of the Ledger sheet are all headed "Status"/);
    expect(problem).toMatch(
      /Rename or remove all but one, or choose Extensions › Spark Ledger › Set up ledger: it keeps column A as "Status" and renames the others "Status \(copy\)"/,
    );
    expect(problem).toMatch(
      new RegExp(
        `no column headed "Video ID", "Creator handle", "Client", "Brand", "Campaign", "Objective" or ${FIELDS.length - 2 - 6} other ledger headers\\.`,
      ),
    );
    expect(ledgerHeaderProblem(mapColumns(FIELDS.map((f) => f.header)))).toBeNull();
    expect(ledgerHeaderProblem(mapColumns(['']))).toMatch(
      /^The Ledger sheet has none of the ledger's column headers in row 1: choose Extensions › Spark Ledger › Set up ledger/,
    );
    const two = ledgerHeaderProblem(
      mapColumns(FIELDS.map((f) => f.header).filter((x) => x !== 'Spend' && x !== 'Proof')),
    );
    expect(two).toMatch(
      /^The Ledger sheet has no column headed "Spend" or "Proof"\. If those headers were renamed or deleted, type them back exactly/,
    );
  });

  it('stops the daily check on a renamed "Expires on", which used to find no code at all', () => {
    const h = ledgerWithExpiringCodes();
    renameHeader(h, 'Expires on', 'Expiry');
    const statusCol = colOf(h, 'Status');
    expect(() => h.addon.runExpiryCheck()).toThrow(
      /The Ledger sheet has no column headed "Expires on"\..*Extensions › Spark Ledger › Set up ledger/,
    );
    expect(h.emu.outbox).toHaveLength(0);
    expect(columnValues(h, statusCol, 2)).toEqual(['Spending', 'Spending']);
  });

  it('names a renamed tab in the message', () => {
    const h = ledgerWithExpiringCodes();
    renameHeader(h, 'Campaign', 'Campaign name');
    h.emu.sheet('Ledger').setName('Spark codes 2026');
    expect(() => h.addon.getRecord(liveRecord(1, '2026-03-04').videoUrl)).toThrow(
      /The Spark codes 2026 sheet has no column headed "Campaign"/,
    );
  });

  it('stops the check before any alert goes to the approval owner when an owner column was renamed to another owner header', () => {
    const h = ledgerWithExpiringCodes();
    const paid = renameHeader(h, 'Paid owner', 'Approval owner');
    const approval = colOf(h, 'Approval owner');
    expect(() => h.addon.runExpiryCheck()).toThrow(
      new RegExp(
        `no column headed "Paid owner".*Columns ${letter(approval)} and ${letter(paid)} of the Ledger sheet are all headed "Approval owner"`,
      ),
    );
    expect(h.emu.outbox).toHaveLength(0);
  });

  it('neither reads nor rewrites a second "Status" column the agency added', () => {
    const h = ledgerWithExpiringCodes();
    const ours = colOf(h, 'Status');
    const theirs = addAgencyColumn(h, 'Status', ['Agency: waiting', 'Agency: done']);
    const url = liveRecord(1, '2026-03-04').videoUrl;
    const refusal = new RegExp(
      `Columns ${letter(ours)} and ${letter(theirs)} of the Ledger sheet are all headed "Status", so the add-on cannot tell which one to read and write`,
    );
    expect(() => h.addon.getRecord(url)).toThrow(refusal);
    expect(() => h.addon.changeStatus({ videoUrl: url, status: 'Paused' })).toThrow(refusal);
    expect(() => h.addon.runExpiryCheck()).toThrow(refusal);
    expect(columnValues(h, theirs, 2)).toEqual(['Agency: waiting', 'Agency: done']);
    expect(columnValues(h, ours, 2)).toEqual(['Spending', 'Spending']);
    expect(h.emu.outbox).toHaveLength(0);
  });

  it('tells the person in the Validate ledger alert instead of failing with a script error', () => {
    const h = ledgerWithExpiringCodes();
    renameHeader(h, 'Status', 'State');
    h.addon.menuValidateLedger();
    expect(h.emu.ui.alerts.join('\n')).toMatch(/no column headed "Status".*Set up ledger/);
  });
});

describe('Set up ledger repairs the header row, keeping every cell of data', () => {
  it('puts a renamed header back on its own column, so the daily check finds the codes again', () => {
    const h = ledgerWithExpiringCodes();
    const c = renameHeader(h, 'Expires on', 'Expiry');
    const before = columnValues(h, c, 2);
    const width = header(h).length;
    const r = h.addon.setupLedger();
    expect(r.created).toEqual([]);
    expect(r.repaired).toContain(
      `Ledger: column ${letter(c)} was headed "Expiry"; its header is "Expires on" again, data kept`,
    );
    expect(header(h)).toHaveLength(width);
    expect(colOf(h, 'Expires on')).toBe(c);
    expect(columnValues(h, c, 2)).toEqual(before);
    const check = h.addon.runExpiryCheck();
    expect(check.renewalNeeded).toBe(2);
    expect(h.emu.outbox.flatMap((m) => String(m.to).split(',')).sort()).toEqual([CREATOR, PAID]);
  });

  it('restores an owner column renamed to another owner header: alerts go to the paid owner, never to the approver', () => {
    const h = ledgerWithExpiringCodes();
    const c = renameHeader(h, 'Paid owner', 'Approval owner');
    const r = h.addon.setupLedger();
    expect(r.repaired).toContain(
      `Ledger: column ${letter(c)} was headed "Approval owner"; its header is "Paid owner" again, data kept`,
    );
    expect(colOf(h, 'Paid owner')).toBe(c);
    expect(columnValues(h, c, 2)).toEqual([PAID, PAID]);
    expect(header(h).filter((x) => x === 'Approval owner')).toHaveLength(1);
    h.addon.runExpiryCheck();
    const to = h.emu.outbox.flatMap((m) => String(m.to).split(','));
    expect(to).toContain(PAID);
    expect(to).not.toContain(APPROVER);
  });

  it('keeps the first "Status" and renames the agency\'s later copy "Status (copy)", its data untouched', () => {
    const h = ledgerWithExpiringCodes();
    const ours = colOf(h, 'Status');
    const theirs = addAgencyColumn(h, 'Status', ['Agency: waiting', 'Agency: done']);
    // Copied from our column, the copy carries the add-on's help note too.
    h.emu.sheet('Ledger').getRange(1, theirs).setNote(help('status'));
    const r = h.addon.setupLedger();
    expect(r.repaired).toContain(
      `Ledger: column ${letter(theirs)} repeated the header "Status" of column ${letter(ours)}; renamed it "Status (copy)", data kept (the add-on reads and writes only column ${letter(ours)})`,
    );
    expect(header(h)[theirs - 1]).toBe('Status (copy)');
    expect(h.emu.sheet('Ledger').getRange(1, theirs).getNote()).toBe('');
    expect(h.emu.sheet('Ledger').getRange(1, ours).getNote()).toBe(help('status'));
    expect(columnValues(h, theirs, 2)).toEqual(['Agency: waiting', 'Agency: done']);

    const url = liveRecord(1, '2026-03-04').videoUrl;
    expect(h.addon.changeStatus({ videoUrl: url, status: 'Paused' })).toMatchObject({ ok: true });
    expect(columnValues(h, ours, 2)).toEqual(['Paused', 'Spending']);
    expect(columnValues(h, theirs, 2)).toEqual(['Agency: waiting', 'Agency: done']);
    // Run again: the header row is whole, nothing more to repair.
    expect(h.addon.setupLedger().repaired.filter((x: string) => x.startsWith('Ledger:'))).toEqual([]);
  });

  it('numbers further copies so no two columns share a header', () => {
    const plan = planHeaderRepair(['Status', 'Status (copy)', 'Status', 'status'], []);
    expect(plan.renames.map((x) => [x.index, x.to, x.why])).toEqual([
      [2, 'Status (copy 2)', 'copy'],
      [3, 'Status (copy 3)', 'copy'],
    ]);
  });

  it('adds a column it cannot recognise, and says where the data may still be', () => {
    const h = ledgerWithExpiringCodes();
    const c = renameHeader(h, 'Expires on', 'Expiry date');
    h.emu.sheet('Ledger').getRange(1, c).clearNote();
    const width = header(h).length;
    const r = h.addon.setupLedger();
    expect(r.repaired).toContain('Ledger: added columns Expires on');
    expect(r.repaired).toContain(
      `Ledger: the added columns Expires on (${letter(width + 1)}) are empty; if one of your columns (${letter(c)}) holds that data under another header, copy it into the added column and delete yours`,
    );
    expect(header(h)[c - 1]).toBe('Expiry date');
    expect(colOf(h, 'Expires on')).toBe(width + 1);
    expect(h.addon.getRecord(liveRecord(1, '2026-03-04').videoUrl)).toMatchObject({
      status: 'Spending',
      expiresOn: '',
    });
  });

  it("never gives Conversions' column to Comments: a help text two fields share decides only when one of them is missing", () => {
    const all = FIELDS.map((f) => f.header);
    const both = all.map((x) => (x === 'Conversions' ? 'Conv.' : x === 'Comments' ? 'Comm.' : x));
    const notes = all.map((x) => (x === 'Conversions' || x === 'Comments' ? help('conversions') : ''));
    const plan = planHeaderRepair(both, notes);
    expect(plan.renames).toEqual([]);
    expect(plan.append.map((f) => f.key)).toEqual(['conversions', 'comments']);
    const one = all.map((x) => (x === 'Comments' ? 'Comm.' : x));
    expect(planHeaderRepair(one, notes).renames).toEqual([
      { index: all.indexOf('Comments'), from: 'Comm.', to: 'Comments', why: 'restored' },
    ]);
  });
});
