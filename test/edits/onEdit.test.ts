import type { Harness } from '../support/addon';
import { videoUrl } from '../support/fixtures';
import { fillLedger, receivedRecord } from '../support/ledgerFill';
import { auditRows, cellA1, editAndTrigger, ledgerCell, ledgerHarness, threeRows, userEdit } from '../support/userEdit';

const setup = ledgerHarness;

function note(h: Harness, header: string, row: number): string {
  return h.emu
    .sheet('Ledger')
    .getRange(cellA1(h.emu, header, row))
    .getNote();
}

describe('onEdit: a person changes Status in the sheet', () => {
  it('puts back an illegal status and says why in a note', () => {
    const h = setup();
    threeRows(h);
    const auditBefore = auditRows(h.emu).length;
    const r = editAndTrigger(h.emu, h.addon, 'Ledger', cellA1(h.emu, 'Status', 2), [['Spending']]);
    expect(r.reverted).toEqual([2]);
    expect(ledgerCell(h.emu, 'Status', 2)).toBe('Requested');
    expect(note(h, 'Status', 2)).toMatch(
      /^Spark Ledger: Status was put back to Requested.*cannot move to Spending.*From Requested a row may move to Received, Retired/,
    );
    const added = auditRows(h.emu).slice(auditBefore);
    expect(added.map((a) => [a[3], a[4], a[5], a[6]])).toEqual([
      ['Status edit refused', 'Requested', 'Spending', 'sheet edit'],
    ]);
  });

  it('refuses a legal move whose required fields are missing, naming them', () => {
    const h = setup();
    threeRows(h);
    editAndTrigger(h.emu, h.addon, 'Ledger', cellA1(h.emu, 'Status', 3), [['Activated']]);
    expect(ledgerCell(h.emu, 'Status', 3)).toBe('Received');
    expect(note(h, 'Status', 3)).toMatch(/Objective is required for status Activated/);
  });

  it('audits a legal change, clears its earlier note and keeps the agency note', () => {
    const h = setup();
    threeRows(h);
    const sheet = h.emu.sheet('Ledger');
    editAndTrigger(h.emu, h.addon, 'Ledger', cellA1(h.emu, 'Status', 4), [['Received']]);
    expect(note(h, 'Status', 4)).toMatch(/^Spark Ledger: /);
    const a1 = cellA1(h.emu, 'Status', 4);
    sheet.getRange(a1).setNote(`${sheet.getRange(a1).getNote()}\n\nAsk Dana before pausing.`);
    const before = auditRows(h.emu).length;
    h.emu.calls.reset();
    const r = editAndTrigger(h.emu, h.addon, 'Ledger', a1, [['Paused']]);
    expect(r.reverted).toEqual([]);
    expect(ledgerCell(h.emu, 'Status', 4)).toBe('Paused');
    expect(note(h, 'Status', 4)).toBe('Ask Dana before pausing.');
    const added = auditRows(h.emu).slice(before);
    // Paused means Paused in Paid campaign too (docs/product.md §8).
    expect(added.map((a) => [a[1], a[3], a[4], a[5], a[6]])).toEqual([
      ['editor@agency.example', 'Status', 'Activated', 'Paused', 'sheet edit'],
      ['editor@agency.example', 'Paid campaign', 'Not started', 'Paused', 'sheet edit'],
    ]);
    // The Paid campaign span, the row's new seal, one audit append: no per-row calls.
    expect(h.emu.calls.count('Range.setValues')).toBe(3);
  });

  it('a row retired in the sheet is decided Retire and its Paid campaign ended, as the sidebar does', () => {
    const h = setup();
    threeRows(h);
    h.emu
      .sheet('Ledger')
      .getRange(cellA1(h.emu, 'Retirement reason', 3))
      .setValue('Campaign ended');
    const before = auditRows(h.emu).length;
    const r = editAndTrigger(h.emu, h.addon, 'Ledger', cellA1(h.emu, 'Status', 3), [['Retired']]);
    expect(r.reverted).toEqual([]);
    expect(ledgerCell(h.emu, 'Status', 3)).toBe('Retired');
    expect(ledgerCell(h.emu, 'Renewal decision', 3)).toBe('Retire');
    expect(ledgerCell(h.emu, 'Renewal decision', 2)).toBe('Undecided');
    // docs/product.md §8: Status and Paid campaign agree; Retired means Ended.
    expect(ledgerCell(h.emu, 'Paid campaign', 3)).toBe('Ended');
    expect(ledgerCell(h.emu, 'Paid campaign', 2)).toBe('Not started');
    const added = auditRows(h.emu).slice(before);
    expect(added.map((a) => [a[3], a[4], a[5]])).toEqual([
      ['Status', 'Received', 'Retired'],
      ['Renewal decision', 'Undecided', 'Retire'],
      ['Paid campaign', 'Not started', 'Ended'],
    ]);
  });

  it('puts back an emptied status but lets a whole row be cleared', () => {
    const h = setup();
    threeRows(h);
    editAndTrigger(h.emu, h.addon, 'Ledger', cellA1(h.emu, 'Status', 3), [['']]);
    expect(ledgerCell(h.emu, 'Status', 3)).toBe('Received');
    const sheet = h.emu.sheet('Ledger');
    const width = sheet.getLastColumn();
    const blank = [new Array(width).fill('')];
    const r = editAndTrigger(h.emu, h.addon, 'Ledger', sheet.getRange(2, 1, 1, width).getA1Notation(), blank);
    expect(r.reverted).toEqual([]);
    expect(ledgerCell(h.emu, 'Status', 2)).toBe('');
  });

  it('checks each row of a multi-row paste against the status its seal vouches for', () => {
    const h = setup();
    threeRows(h);
    // Paste three statuses at once: no oldValue in the event.
    const a1 = `${cellA1(h.emu, 'Status', 2)}:${cellA1(h.emu, 'Status', 4)}`;
    const e = userEdit(h.emu, 'Ledger', a1, [['Retired'], ['Renewal needed'], ['Requested']]);
    expect(e.oldValue).toBeUndefined();
    h.emu.calls.reset();
    const r = h.addon.onEdit(e);
    // Requested → Retired needs a reason: put back. Received → Renewal needed: fine. Activated → Requested: illegal.
    expect(r.reverted).toEqual([2, 4]);
    expect([2, 3, 4].map((row) => ledgerCell(h.emu, 'Status', row))).toEqual([
      'Requested',
      'Renewal needed',
      'Activated',
    ]);
    expect(note(h, 'Status', 2)).toMatch(/Retirement reason is required/);
    expect(note(h, 'Status', 3)).toBe('');
    expect(h.emu.calls.count('Range.setValues')).toBe(3); // status cells, the seal of the accepted row, audit
  });

  it('audits edits to other tracked fields, single cells with their old value', () => {
    const h = setup();
    threeRows(h);
    const before = auditRows(h.emu).length;
    editAndTrigger(h.emu, h.addon, 'Ledger', cellA1(h.emu, 'Campaign', 3), [['Summer push']]);
    const added = auditRows(h.emu).slice(before);
    expect(added.map((a) => [a[2], a[3], a[4], a[5], a[6]])).toEqual([
      [videoUrl(2), 'Campaign', 'Spring launch 2', 'Summer push', 'sheet edit'],
    ]);
  });

  it('recomputes Expires on when a person edits the authorization window', () => {
    const h = setup();
    threeRows(h);
    editAndTrigger(h.emu, h.addon, 'Ledger', cellA1(h.emu, 'Authorization days', 3), [[7]]);
    const v = ledgerCell(h.emu, 'Expires on', 3) as Date;
    expect(Object.prototype.toString.call(v)).toBe('[object Date]');
    expect(h.addon.getRecord(videoUrl(2)).expiresOn).toBe('2026-03-08');
  });

  it('ignores other sheets and the header row', () => {
    const h = setup();
    threeRows(h);
    expect(editAndTrigger(h.emu, h.addon, 'Settings', 'A2', [['New Client']])).toEqual({ reverted: [], audited: 0 });
    expect(editAndTrigger(h.emu, h.addon, 'Ledger', 'A1', [['Video URL']])).toEqual({ reverted: [], audited: 0 });
  });

  it('flags a pasted status on a row the add-on has no history for, without inventing an old value', () => {
    const h = setup();
    fillLedger(h.emu, [receivedRecord(1), receivedRecord(2)]);
    const a1 = `${cellA1(h.emu, 'Status', 2)}:${cellA1(h.emu, 'Status', 3)}`;
    const r = h.addon.onEdit(userEdit(h.emu, 'Ledger', a1, [['Spending'], ['Renewal needed']]));
    expect(r.reverted).toEqual([]);
    expect(note(h, 'Status', 2)).toMatch(/could not be checked.*Objective is required/);
    expect(ledgerCell(h.emu, 'Status', 3)).toBe('Renewal needed');
    expect(note(h, 'Status', 3)).toBe('');
  });

  it('makes the same number of calls for a 500-row paste as for a 5-row paste', () => {
    const counts: number[] = [];
    for (const n of [5, 500]) {
      const h = setup();
      fillLedger(
        h.emu,
        Array.from({ length: n }, (_, i) => receivedRecord(i)),
      );
      const a1 = `${cellA1(h.emu, 'Campaign', 2)}:${cellA1(h.emu, 'Campaign', n + 1)}`;
      const e = userEdit(
        h.emu,
        'Ledger',
        a1,
        Array.from({ length: n }, (_, i) => [`Pasted ${i}`]),
      );
      h.emu.calls.reset();
      expect(h.addon.onEdit(e).audited).toBe(n);
      counts.push(h.emu.calls.total);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
