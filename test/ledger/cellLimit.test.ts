/**
 * A cell holds at most 50,000 characters; Sheets refuses the whole write
 * otherwise. The emulator enforces it, and the add-on never writes such a
 * cell: a long Archive cell goes on in continuation columns, the code history
 * summary stops at what fits.
 */
import { CODE_HISTORY_HEADERS } from '../../src/core/ledger/sheets';
import { codeHistorySummary, continuationMark, joinContinuations } from '../../src/core/archive/archive';
import { splitText } from '../../src/core/ledger/sheetRow';
import { createEmulator } from '@spark-ledger/gas-emulator';
import type { FakeSheet } from '@spark-ledger/gas-emulator/src/sheet';
import { liveRow, setup } from '../reports/helpers';
import { sparkCode, videoUrl } from '../support/fixtures';
import type { Harness } from '../support/addon';

const LIMIT = 50000;
const MESSAGE = 'Your input contains more than the maximum of 50000 characters in a single cell.';

/** A sheet, and a runner that makes each call as a script's call during an editor's execution. */
function sheetOf(locale = 'en'): { sheet: FakeSheet; run<T>(fn: () => T): T } {
  const emu = createEmulator({ locale });
  const sheet = emu.expose(emu.spreadsheet.insertSheet('Data'));
  return { sheet, run: (fn) => emu.run({ kind: 'editor' }, fn) };
}

describe('the emulator refuses a cell over 50,000 characters', () => {
  it('takes exactly 50,000 and refuses one more, in setValue and setValues', () => {
    const { sheet, run } = sheetOf();
    run(() => sheet.getRange(1, 1).setValue('a'.repeat(LIMIT)));
    expect(sheet.getRange(1, 1).getValue()).toHaveLength(LIMIT);
    expect(() => run(() => sheet.getRange(2, 1).setValue('b'.repeat(LIMIT + 1)))).toThrow(MESSAGE);
    expect(sheet.getRange(2, 1).getValue()).toBe('');
  });

  it('fails the whole batch: not one cell of it is written', () => {
    const { sheet, run } = sheetOf();
    const rows = [
      ['kept?', 1],
      ['x'.repeat(LIMIT + 1), 'also kept?'],
    ];
    expect(() => run(() => sheet.getRange(1, 1, 2, 2).setValues(rows))).toThrow(MESSAGE);
    expect(sheet.getRange(1, 1, 2, 2).getValues()).toEqual([
      ['', ''],
      ['', ''],
    ]);
  });

  it('counts the leading apostrophe that keeps text as text (the strict reading)', () => {
    const { sheet, run } = sheetOf();
    expect(() => run(() => sheet.getRange(1, 1).setValue(`'${'c'.repeat(LIMIT)}`))).toThrow(MESSAGE);
    run(() => sheet.getRange(1, 1).setValue(`'${'c'.repeat(LIMIT - 1)}`));
    expect(sheet.getRange(1, 1).getValue()).toBe('c'.repeat(LIMIT - 1));
  });

  it('applies to formulas and notes', () => {
    const { sheet, run } = sheetOf();
    const long = `="${'d'.repeat(LIMIT)}"`;
    expect(() => run(() => sheet.getRange(1, 1).setFormula(long))).toThrow(MESSAGE);
    expect(() => run(() => sheet.getRange(1, 1, 1, 2).setFormulas([['=1', long]]))).toThrow(MESSAGE);
    expect(sheet.getRange(1, 1).getFormula()).toBe('');
    expect(() => run(() => sheet.getRange(1, 1).setNote('n'.repeat(LIMIT + 1)))).toThrow(MESSAGE);
    expect(() => run(() => sheet.getRange(1, 1, 1, 2).setNotes([['short', 'n'.repeat(LIMIT + 1)]]))).toThrow(MESSAGE);
    expect(sheet.getRange(1, 1, 1, 2).getNotes()).toEqual([['', '']]);
    run(() => sheet.getRange(1, 1).setNote('n'.repeat(LIMIT)));
    expect(sheet.getRange(1, 1).getNote()).toHaveLength(LIMIT);
  });

  it('gives the message in English in a Portuguese account: no sourced translation exists', () => {
    const { sheet, run } = sheetOf('pt');
    expect(() => run(() => sheet.getRange(1, 1).setValue('e'.repeat(LIMIT + 1)))).toThrow(MESSAGE);
  });
});

const retired = (n: number, o: Record<string, unknown> = {}) =>
  liveRow(n, 'Acme Apps', {
    status: 'Retired',
    retirementReason: 'Campaign ended',
    renewalDecision: 'Retire',
    expiresOn: '2025-10-01',
    ...o,
  } as never);

/** Code history rows for video `n`: `count` earlier codes with a long reason each. */
function seedHistory(h: Harness, n: number, count: number): void {
  const sheet = h.emu.sheet('Code history');
  const rows = Array.from({ length: count }, (_, i) => [
    videoUrl(n),
    sparkCode(1000 + i),
    '2025-01-01',
    30,
    '2025-01-31',
    '2025-01-20',
    `Renewed: creator re-posted the video after a caption edit (${i})`,
    'am@agency.example',
  ]);
  if (sheet.getMaxRows() < count + 1) sheet.insertRowsAfter(sheet.getMaxRows(), count + 1 - sheet.getMaxRows());
  sheet.getRange(2, 1, count, CODE_HISTORY_HEADERS.length).setValues(rows);
  h.emu.calls.reset();
}

function archiveRows(h: Harness): { head: string[]; rows: unknown[][] } {
  const values = h.emu.sheet('Archive').getDataRange().getValues();
  return { head: values[0].map(String), rows: values.slice(1) };
}

/** Every string cell of every sheet fits in a cell. */
function everyCellFits(h: Harness): void {
  for (const s of h.emu.spreadsheet.getSheets()) {
    for (const row of s.getDataRange().getValues())
      for (const v of row) if (typeof v === 'string') expect(v.length).toBeLessThanOrEqual(LIMIT);
  }
}

/** A ledger text cell of exactly 50,000 characters, typed by a person (the add-on writes it back quoted: one more). */
function longNote(): string {
  return `Decision history. ${'The creator asked to renew again. '.repeat(2000)}`.slice(0, LIMIT);
}

function putDecisionNote(h: Harness, row: number, text: string): void {
  const sheet = h.emu.sheet('Ledger');
  const head = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
  sheet.getRange(row, head.indexOf('Decision note') + 1).setValue(text);
  h.emu.calls.reset();
}

describe('the add-on never writes a cell over the limit', () => {
  it('archives a row with 700 earlier codes: the summary stops at what fits and says how many more Code history keeps', () => {
    const h = setup([retired(1)]);
    seedHistory(h, 1, 700);
    expect(h.addon.archiveClosed(30)).toMatchObject({ moved: 1 });
    const { head, rows } = archiveRows(h);
    const summary = String(rows[0][head.indexOf('Code history')]);
    expect(summary.length).toBeLessThanOrEqual(LIMIT - 1);
    expect(summary).toMatch(/^700 earlier codes: #tDYP…3=/);
    const listed = summary.split('; ').length - 1;
    expect(summary).toMatch(
      new RegExp(
        `; … and ${700 - listed} more not listed here \\(the cell is full\\)\\. Every entry is in Code history\\.$`,
      ),
    );
    expect(listed).toBeGreaterThan(300);
    expect(h.emu.sheet('Code history').getLastRow()).toBe(701);
    everyCellFits(h);
  });

  it('keeps a short history whole', () => {
    const entries = [
      {
        sparkCode: sparkCode(1),
        authorizedOn: '2025-01-01',
        authDays: '30',
        replacedOn: '2025-01-20',
        reason: 'Renewed',
      },
    ];
    expect(codeHistorySummary(entries)).toBe(
      '1 earlier code: #tDYP…3= (authorized 2025-01-01, 30 days, replaced 2025-01-20, Renewed). Full entries stay in Code history.',
    );
  });

  it('continues a 50,000-character ledger cell in a "(continued)" column of Archive, the text whole once joined', () => {
    const h = setup([retired(1), liveRow(2, 'Acme Apps')]);
    const note = longNote();
    putDecisionNote(h, 2, note);
    expect(h.addon.archiveClosed(30)).toMatchObject({ moved: 1 });
    const { head, rows } = archiveRows(h);
    const first = String(rows[0][head.indexOf('Decision note')]);
    const rest = String(rows[0][head.indexOf('Decision note (continued)')]);
    expect(first.endsWith(continuationMark('Decision note (continued)'))).toBe(true);
    expect(first.slice(0, -continuationMark('Decision note (continued)').length) + rest).toBe(note);
    expect(joinContinuations(head, rows[0])[head.indexOf('Decision note')]).toBe(note);
    everyCellFits(h);
  });

  it('reuses the continuation column on a later run', () => {
    const h = setup([retired(1), liveRow(2, 'Acme Apps'), retired(3, { expiresOn: '2026-02-20' })]);
    putDecisionNote(h, 2, longNote());
    putDecisionNote(h, 4, longNote().replace('Decision', 'Second'));
    expect(h.addon.archiveClosed(30)).toMatchObject({ moved: 1 });
    h.emu.clock.set('2026-04-15T12:00:00Z');
    expect(h.addon.archiveClosed(30)).toMatchObject({ moved: 1 });
    const { head, rows } = archiveRows(h);
    expect(head.filter((x) => x.startsWith('Decision note'))).toEqual(['Decision note', 'Decision note (continued)']);
    expect(rows.map((r) => String(joinContinuations(head, r)[head.indexOf('Decision note')]).slice(0, 6))).toEqual([
      'Decisi',
      'Second',
    ]);
    everyCellFits(h);
  });

  it('never cuts an emoji in two', () => {
    const pieces = splitText('ab😀cd', 3);
    expect(pieces).toEqual(['ab', '😀c', 'd']);
    expect(pieces.join('')).toBe('ab😀cd');
  });

  it('recognises such a row left in both sheets by an interrupted run, and does not archive it twice', () => {
    const h = setup([retired(1), liveRow(2, 'Acme Apps'), retired(3)]);
    putDecisionNote(h, 4, longNote());
    h.emu.faults.failOn('Sheet.deleteRows', { after: 1 });
    h.emu.faults.failOn('Range.clearContent');
    expect(() => h.addon.archiveClosed(30)).toThrow(/Archiving stopped/);
    expect(archiveRows(h).rows).toHaveLength(2);
    expect(h.addon.archiveClosed(30)).toEqual({ moved: 1, alreadyArchived: 1, remaining: 0 });
    const urls = archiveRows(h).rows.map((r) => r[archiveRows(h).head.indexOf('Video URL')]);
    expect(urls).toEqual([videoUrl(1), videoUrl(3)]);
  });

  it('Validate ledger names a text cell too long to be written back', () => {
    const h = setup([liveRow(1, 'Acme Apps')]);
    putDecisionNote(h, 2, longNote());
    const r = h.addon.validateLedger();
    expect(r.problems).toEqual([expect.objectContaining({ row: 2, missing: ['decisionNote'] })]);
    expect(r.problems[0].message).toMatch(
      /^Decision note is 50,000 characters long: the add-on cannot write it back .* Shorten it to 49,999 or fewer\./,
    );
  });
});

describe('the emulator refuses to take a spreadsheet past 10,000,000 cells', () => {
  const TOO_MANY = 'This action would increase the number of cells in the workbook above the limit of 10000000 cells.';
  function nearlyFull() {
    const emu = createEmulator();
    const raw = emu.spreadsheet.insertSheet('Big');
    // With the first sheet's 1,000 × 26: 9,973,990 cells, room for one more new sheet (26,000) and then 10 cells.
    raw.insertRowsAfter(raw.getMaxRows(), 382615 - raw.getMaxRows());
    const sheet = emu.expose(raw);
    return { emu, sheet, run: <T>(fn: () => T) => emu.run({ kind: 'editor' }, fn) };
  }

  it('counts every grid cell, empty ones too, and refuses the change that would pass the limit, changing nothing', () => {
    const { emu, sheet, run } = nearlyFull();
    expect(emu.spreadsheet.cellCount()).toBe(26000 + 382615 * 26);
    run(() => emu.expose(emu.spreadsheet).insertSheet('Fits'));
    expect(emu.spreadsheet.cellCount()).toBe(9999990);
    expect(() => run(() => sheet.insertRowsAfter(1, 1))).toThrow(TOO_MANY);
    expect(() => run(() => sheet.insertColumnsAfter(1, 1))).toThrow(TOO_MANY);
    expect(() => run(() => emu.expose(emu.spreadsheet).insertSheet('One more'))).toThrow(TOO_MANY);
    expect(emu.spreadsheet.cellCount()).toBe(9999990);
    expect(emu.spreadsheet.getSheetByName('One more')).toBeNull();
  });

  it('refuses an appendRow that would grow the full grid', () => {
    const { emu, run } = nearlyFull();
    run(() => emu.expose(emu.spreadsheet).insertSheet('Fits'));
    const fits = emu.expose(emu.spreadsheet.getSheetByName('Fits')!);
    run(() => fits.getRange(1000, 1).setValue('last row'));
    expect(() => run(() => fits.appendRow(['one too many']))).toThrow(TOO_MANY);
    expect(fits.getLastRow()).toBe(1000);
  });
});
