/**
 * Pastes into the Ledger's Status column are judged by each row's status seal
 * (src/core/ledger/seal.ts, src/server/ledger/seal.ts), never by text an editor can write:
 * not by the Audit sheet, and not by a seal copied from another row or pasted
 * in the same edit.
 */
import { createHash } from 'node:crypto';
import type { Status } from '../../src/core/ledger/fields';
import {
  SEAL_HEADER,
  makeSeal,
  parseSeal,
  sealColumnIndex,
  sealMessage,
  sealText,
  verifySeal,
} from '../../src/core/ledger/seal';
import { mapColumns } from '../../src/core/ledger/sheetRow';
import { UNKNOWN_OLD } from '../../src/core/edits/edits';
import type { Emulator } from '@spark-ledger/gas-emulator';
import type { Harness } from '../support/addon';
import { formatCsv } from '../../src/core/import/csv';
import { CLIENTS, IMPORT_HEADERS, importLine, requestInput, videoUrl } from '../support/fixtures';
import { fillLedger, receivedRecord } from '../support/ledgerFill';
import { liveRecord, runAt, setup as expirySetup } from '../expiry/helpers';
import {
  auditRows,
  cellA1,
  editAndTrigger,
  expectedSeal,
  ledgerCell,
  ledgerHarness,
  sealA1,
  sealCell,
  threeRows,
  userEdit,
} from '../support/userEdit';

const setup = ledgerHarness;

/** A person types one status into one cell; the add-on accepts it and seals the row. */
function typeStatus(h: Harness, row: number, status: Status): void {
  expect(editAndTrigger(h.emu, h.addon, 'Ledger', cellA1(h.emu, 'Status', row), [[status]]).reverted).toEqual([]);
  expect(ledgerCell(h.emu, 'Status', row)).toBe(status);
}

/**
 * Rows 2–4 as threeRows, then two legal single-cell edits, each sealed by
 * onEdit: row 3 (video 2) Renewal needed, row 4 (video 3) Paused.
 */
function sealedRows(): Harness {
  const h = setup();
  threeRows(h);
  typeStatus(h, 3, 'Renewal needed');
  typeStatus(h, 4, 'Paused');
  h.emu.calls.reset();
  return h;
}

/** A paste of `values` into the Status cells of rows first.. (no oldValue in the event). */
function pasteStatuses(h: Harness, first: number, values: string[]): { reverted: number[]; audited: number } {
  const a1 = `${cellA1(h.emu, 'Status', first)}:${cellA1(h.emu, 'Status', first + values.length - 1)}`;
  const e = userEdit(
    h.emu,
    'Ledger',
    a1,
    values.map((v) => [v]),
  );
  expect(e.oldValue).toBeUndefined();
  return h.addon.onEdit(e);
}

function statusNote(h: Harness, row: number): string {
  return h.emu
    .sheet('Ledger')
    .getRange(cellA1(h.emu, 'Status', row))
    .getNote();
}

/** Audit lines added since `before`, as [Video URL, Field, Old value, New value, Via]. */
function addedAudit(h: Harness, before: number): unknown[][] {
  return auditRows(h.emu)
    .slice(before)
    .map((a) => [a[2], a[3], a[4], a[5], a[6]]);
}

/** Records every read of the Audit sheet's cells from now on. */
function watchAuditReads(emu: Emulator): string[] {
  const seen: string[] = [];
  const reads = [
    'getValues',
    'getValue',
    'getDisplayValues',
    'getDisplayValue',
    'getNotes',
    'getNote',
    'getFormulas',
    'getRichTextValues',
  ];
  type Methods = Record<string, (...a: unknown[]) => unknown>;
  const watch = (range: Methods): Methods => {
    for (const m of reads) {
      const original = range[m];
      if (typeof original !== 'function') continue;
      range[m] = (...a: unknown[]) => {
        seen.push(`Range.${m}`);
        return original.apply(range, a);
      };
    }
    return range;
  };
  const sheet = emu.sheet('Audit') as unknown as Methods;
  for (const m of ['getRange', 'getDataRange']) {
    const original = sheet[m];
    sheet[m] = (...a: unknown[]) => watch(original.apply(sheet, a) as Methods);
  }
  const values = sheet.getSheetValues;
  sheet.getSheetValues = (...a: unknown[]) => {
    seen.push('Sheet.getSheetValues');
    return values.apply(sheet, a);
  };
  return seen;
}

describe('core/seal', () => {
  // A stand-in signature (an unkeyed digest) is enough for what is signed and how it is read back.
  const mac = (message: string) =>
    createHash('sha256').update(message).digest('base64').slice(0, 22).replace(/\+/g, '-').replace(/\//g, '_');

  it('signs the spreadsheet, the video and the status, and reads back only well-formed seals', () => {
    expect(sealMessage('ss1', '7412345678901234568', 'Paused')).toBe('ss1|7412345678901234568|Paused');
    const seal = makeSeal('ss1', '7412345678901234568', 'Renewal needed', mac);
    expect(parseSeal(seal)).toEqual({ status: 'Renewal needed', mac: seal.split('|')[1] });
    expect(verifySeal(seal, 'ss1', '7412345678901234568', mac)).toBe('Renewal needed');
    for (const bad of [
      '',
      'Paused',
      'Paused|',
      '|abc',
      `Done|${'A'.repeat(22)}`,
      `Paused|${'A'.repeat(21)}`,
      `Paused|${'+'.repeat(22)}`,
      42,
      null,
    ]) {
      expect(parseSeal(bad)).toBeNull();
    }
  });

  it('does not verify for another video, another spreadsheet or another status', () => {
    const seal = makeSeal('ss1', '7412345678901234568', 'Paused', mac);
    expect(verifySeal(seal, 'ss1', '7412345678901234569', mac)).toBeNull();
    expect(verifySeal(seal, 'ss2', '7412345678901234568', mac)).toBeNull();
    expect(verifySeal(sealText('Spending', parseSeal(seal)!.mac), 'ss1', '7412345678901234568', mac)).toBeNull();
  });

  it('finds its column by header, as ledger headers are matched, and is no ledger field', () => {
    expect(sealColumnIndex(['Video URL', 'Status', '  status   SEAL '])).toBe(2);
    expect(sealColumnIndex(['Video URL'])).toBe(-1);
    const cols = mapColumns(['Video URL', SEAL_HEADER, 'Status']);
    expect(cols.index).toEqual({ videoUrl: 0, status: 2 });
  });
});

describe("onEdit judges a paste by each row's status seal", () => {
  it('a forged Audit line no longer lets an illegal paste through', () => {
    const h = sealedRows();
    // An editor appends a line to the Audit sheet claiming video 3 (row 4, sealed Paused) is Received.
    const audit = h.emu.sheet('Audit');
    const next = audit.getLastRow() + 1;
    h.addon.onEdit(
      userEdit(h.emu, 'Audit', `A${next}:G${next}`, [
        ['2026-03-02 10:00', 'editor@agency.example', videoUrl(3), 'Status', 'Paused', 'Received', 'sheet edit'],
      ]),
    );
    // Received → Activated would be legal; Paused → Activated is not.
    const r = pasteStatuses(h, 3, ['Renewal needed', 'Activated']);
    expect(r.reverted).toEqual([4]);
    expect(ledgerCell(h.emu, 'Status', 4)).toBe('Paused');
    expect(statusNote(h, 4)).toMatch(/^Spark Ledger: Status was put back to Paused/);
    // The refusal leaves the seal as it was: it still vouches for Paused.
    expect(sealCell(h.emu, 4)).toBe(expectedSeal(h.emu, videoUrl(3), 'Paused'));
  });

  it("a seal copied from another row does not verify: the row is unknown, not the other row's status", () => {
    const h = sealedRows();
    // Row 4's seal (video 3, Paused) copied into row 3 (video 2, sealed Renewal needed).
    const copied = sealCell(h.emu, 4);
    expect(editAndTrigger(h.emu, h.addon, 'Ledger', sealA1(h.emu, 3), [[copied]])).toEqual({
      reverted: [],
      audited: 0,
    });
    const before = auditRows(h.emu).length;
    // From Paused (the copied seal) Received is illegal, from Renewal needed it needs a renewal;
    // for a row nobody can vouch for, it is checked against what Received needs, which row 3 has.
    const r = pasteStatuses(h, 3, ['Received', 'Paused']);
    expect(r.reverted).toEqual([]);
    expect(ledgerCell(h.emu, 'Status', 3)).toBe('Received');
    expect(addedAudit(h, before)).toEqual([[videoUrl(2), 'Status', UNKNOWN_OLD, 'Received', 'sheet edit']]);
    // Row 4's own seal still verifies: Paused pasted over Paused is no change.
    expect(ledgerCell(h.emu, 'Status', 4)).toBe('Paused');
  });

  it("a seal pasted back in the same edit is the editor's: the row counts as unknown", () => {
    const h = sealedRows();
    const oldSeal = sealCell(h.emu, 4); // Paused, from the version history
    typeStatus(h, 4, 'Expired');
    const sheet = h.emu.sheet('Ledger');
    const width = sheet.getLastColumn();
    const row = sheet.getRange(4, 1, 1, width).getValues()[0];
    const cols = sheet.getRange(1, 1, 1, width).getValues()[0];
    row[cols.indexOf('Status')] = 'Renewal needed';
    row[cols.indexOf(SEAL_HEADER)] = oldSeal;
    const before = auditRows(h.emu).length;
    // The whole row pasted back, old seal included: Paused → Renewal needed would be legal, Expired → Renewal needed is not.
    const r = h.addon.onEdit(userEdit(h.emu, 'Ledger', sheet.getRange(4, 1, 1, width).getA1Notation(), [row]));
    expect(r.reverted).toEqual([]);
    const status = addedAudit(h, before).filter((a) => a[1] === 'Status');
    expect(status).toEqual([[videoUrl(3), 'Status', UNKNOWN_OLD, 'Renewal needed', 'sheet edit']]);
  });

  it('a legal paste of several rows is accepted, audited with the sealed old values, and re-sealed', () => {
    const h = sealedRows();
    const before = auditRows(h.emu).length;
    const r = pasteStatuses(h, 3, ['Expired', 'Renewal needed']);
    expect(r.reverted).toEqual([]);
    expect(addedAudit(h, before)).toEqual([
      [videoUrl(2), 'Status', 'Renewal needed', 'Expired', 'sheet edit'],
      [videoUrl(2), 'Paid campaign', 'Not started', 'Ended', 'sheet edit'],
      [videoUrl(3), 'Status', 'Paused', 'Renewal needed', 'sheet edit'],
    ]);
    expect(sealCell(h.emu, 3)).toBe(expectedSeal(h.emu, videoUrl(2), 'Expired'));
    expect(sealCell(h.emu, 4)).toBe(expectedSeal(h.emu, videoUrl(3), 'Renewal needed'));
    // The next paste is judged by the new seals: Expired → Paused is illegal, Renewal needed → Expired is not.
    const again = pasteStatuses(h, 3, ['Paused', 'Expired']);
    expect(again.reverted).toEqual([3]);
    expect([3, 4].map((row) => ledgerCell(h.emu, 'Status', row))).toEqual(['Expired', 'Expired']);
  });

  it("a sort and an inserted row between sealing and pasting: each row is judged by its own video's seal", () => {
    const h = sealedRows();
    const sheet = h.emu.sheet('Ledger');
    const urlCol = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].indexOf('Video URL') + 1;
    // A person sorts the whole sheet Z→A by Video URL, then inserts a row above the data.
    sheet.getRange(2, 1, 3, sheet.getLastColumn()).sort({ column: urlCol, ascending: false });
    sheet.insertRowBefore(2);
    expect([3, 4, 5].map((row) => ledgerCell(h.emu, 'Video URL', row))).toEqual([
      videoUrl(3),
      videoUrl(2),
      videoUrl(1),
    ]);
    // Row 3 is video 3 (sealed Paused): Activated is illegal. Row 4 is video 2 (sealed Renewal needed): Expired is legal.
    const r = pasteStatuses(h, 3, ['Activated', 'Expired']);
    expect(r.reverted).toEqual([3]);
    expect([3, 4].map((row) => ledgerCell(h.emu, 'Status', row))).toEqual(['Paused', 'Expired']);
    expect(sealCell(h.emu, 3)).toBe(expectedSeal(h.emu, videoUrl(3), 'Paused'));
    expect(sealCell(h.emu, 4)).toBe(expectedSeal(h.emu, videoUrl(2), 'Expired'));
  });

  it('reads nothing of the Audit sheet, however long it is', () => {
    const h = sealedRows();
    const audit = h.emu.sheet('Audit');
    const start = audit.getLastRow() + 1;
    audit.insertRowsAfter(audit.getMaxRows(), 5000);
    audit
      .getRange(start, 1, 5000, 7)
      .setValues(
        Array.from({ length: 5000 }, (_, i) => [
          '2026-03-01 09:00',
          'someone@agency.example',
          videoUrl(100 + i),
          'Campaign',
          'a',
          'b',
          'sidebar',
        ]),
      );
    const reads = watchAuditReads(h.emu);
    h.emu.calls.reset();
    const r = pasteStatuses(h, 3, ['Expired', 'Activated']);
    const seen = reads.slice();
    // The refusal of row 4, the accepted Expired on row 3 and its Paid campaign (Ended).
    expect(r).toEqual({ reverted: [4], audited: 3 });
    expect(seen).toEqual([]);
    // The Ledger's header, the edited rows (seals included), their Video URL cells before and after the write
    // (people may sort meanwhile), the Paid campaign span and the seal cell before they are rewritten:
    // nothing grows with any log.
    expect(h.emu.calls.count('Range.getValues')).toBe(6);
  });

  it('rows without a seal (an older ledger) are unknown, whatever an older Audit sheet says; accepted ones get sealed', () => {
    const h = setup();
    fillLedger(h.emu, [receivedRecord(1), receivedRecord(2)]);
    // Audit lines as an older version wrote them: both rows Received.
    const audit = h.emu.sheet('Audit');
    audit
      .getRange(2, 1, 2, 7)
      .setValues(
        [1, 2].map((n) => [
          '2026-02-01 09:00',
          'lead@agency.example',
          videoUrl(n),
          'Status',
          'Requested',
          'Received',
          'sidebar',
        ]),
      );
    const before = auditRows(h.emu).length;
    // From Received, Spending would be illegal; unknown, it is only checked against what it needs.
    const r = pasteStatuses(h, 2, ['Spending', 'Renewal needed']);
    expect(r.reverted).toEqual([]);
    expect(ledgerCell(h.emu, 'Status', 2)).toBe('Spending');
    expect(statusNote(h, 2)).toMatch(/could not be checked.*Objective is required/);
    expect(addedAudit(h, before)).toEqual([[videoUrl(2), 'Status', UNKNOWN_OLD, 'Renewal needed', 'sheet edit']]);
    // The accepted row is sealed; the unchecked one is not (its status was never recorded).
    expect(sealCell(h.emu, 3)).toBe(expectedSeal(h.emu, videoUrl(2), 'Renewal needed'));
    expect(sealCell(h.emu, 2)).toBe('');
  });

  it('the seal column is hidden at the right, text in automatic cells, left alone by Set up ledger and shown by no report', () => {
    const h = sealedRows();
    const sheet = h.emu.sheet('Ledger');
    const header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
    const col = header.indexOf(SEAL_HEADER) + 1;
    expect(col).toBe(header.length);
    expect(sheet.isColumnHiddenByUser(col)).toBe(true);
    expect(sheet.getRange(1, col).getNote()).toMatch(/^Written by Spark Ledger/);
    expect(sheet.getRange(4, col).getNumberFormat()).toBe('0.###############');
    const seals = sheet
      .getRange(2, col, 3, 1)
      .getValues()
      .map((r) => r[0]);
    expect(seals.slice(1)).toEqual([
      expectedSeal(h.emu, videoUrl(2), 'Renewal needed'),
      expectedSeal(h.emu, videoUrl(3), 'Paused'),
    ]);

    const setup2 = h.addon.setupLedger();
    expect(setup2.repaired).toEqual([]);
    expect(sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0]).toEqual(header);
    expect(
      sheet
        .getRange(2, col, 3, 1)
        .getValues()
        .map((r) => r[0]),
    ).toEqual(seals);
    expect(sheet.isColumnHiddenByUser(col)).toBe(true);
    expect(h.addon.validateLedger().checked).toBe(3);

    expect(h.addon.generateClientReport(CLIENTS[1 % CLIENTS.length])).toBeTruthy();
    for (const s of h.emu.spreadsheet.getSheets()) {
      if (s.getName() === 'Ledger' || s.getName() === 'Audit') continue;
      const text = JSON.stringify(s.getDataRange().getValues());
      for (const seal of seals.filter(Boolean)) expect(text).not.toContain(String(seal).split('|')[1]);
    }
  });
});

/**
 * These pass once every writer of statuses seals what it writes (writeSeals
 * in src/server/ledger/seal.ts): the sidebar save (actions.ts applyPlan), the daily
 * check (expiry/check.ts) and the CSV import (importRows.ts).
 */
describe('sealed by every writer', () => {
  it('a row requested in the sidebar is sealed Requested, so an illegal paste over it is put back', () => {
    const h = setup();
    for (const n of [1, 2]) expect(h.addon.requestCode(requestInput(n)).ok).toBe(true);
    expect(sealCell(h.emu, 2)).toBe(expectedSeal(h.emu, videoUrl(1), 'Requested'));
    const r = pasteStatuses(h, 2, ['Activated', 'Requested']);
    expect(r.reverted).toEqual([2]);
    expect(ledgerCell(h.emu, 'Status', 2)).toBe('Requested');
  });

  it('a status changed in the sidebar is sealed with the new status', () => {
    const h = setup();
    threeRows(h);
    expect(sealCell(h.emu, 3)).toBe(expectedSeal(h.emu, videoUrl(2), 'Received'));
    expect(sealCell(h.emu, 4)).toBe(expectedSeal(h.emu, videoUrl(3), 'Activated'));
    // Activated → Requested is illegal; Received → Received is no change.
    const r = pasteStatuses(h, 3, ['Received', 'Requested']);
    expect(r.reverted).toEqual([4]);
    expect(ledgerCell(h.emu, 'Status', 4)).toBe('Activated');
  });

  it('the daily check seals the statuses it moves', () => {
    const h = expirySetup([liveRecord(1, '2026-03-04'), liveRecord(2, '2026-03-01', { status: 'Paused' })]);
    runAt(h, '2026-03-02T13:00:00Z');
    expect([2, 3].map((row) => ledgerCell(h.emu, 'Status', row))).toEqual(['Renewal needed', 'Expired']);
    expect(sealCell(h.emu, 2)).toBe(expectedSeal(h.emu, videoUrl(1), 'Renewal needed'));
    expect(sealCell(h.emu, 3)).toBe(expectedSeal(h.emu, videoUrl(2), 'Expired'));
    // Renewal needed → Activated and Expired → Paused are both illegal.
    const r = pasteStatuses(h, 2, ['Activated', 'Paused']);
    expect(r.reverted).toEqual([2, 3]);
  });

  it('rows imported from CSV are sealed with their status', () => {
    const h = setup();
    const csv = formatCsv([IMPORT_HEADERS, importLine(40)]);
    expect(h.addon.importRows(csv).accepted).toBe(1);
    expect(sealCell(h.emu, 2)).toBe(expectedSeal(h.emu, videoUrl(40), 'Requested'));
  });
});
