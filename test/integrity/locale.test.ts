/**
 * A Portuguese-speaking account: Apps Script throws its errors in the user's
 * language (docs/runtime.md, "Messages are translated"), so the add-on may never
 * decide anything by an error's English text. These tests fill every grid the
 * add-on appends to and check that each write still lands.
 */
import { type Harness, startAddon } from '../support/addon';
import { requestInput, seedSettings, sparkCode, videoUrl } from '../support/fixtures';
import { localizedMessage } from '@spark-ledger/gas-emulator/src/messages';
import { liveRecord, setup } from '../expiry/helpers';

const PT_OUTSIDE = 'As coordenadas do intervalo estão fora das dimensões da página.';
const EN_OUTSIDE = 'The coordinates of the range are outside the dimensions of the sheet.';

/** Deletes empty rows below the last one until `spare` empty rows are left (Sheets keeps at least one non-frozen row). */
function shrink(h: Harness, name: string, spare: number): void {
  const sheet = h.emu.sheet(name);
  const keep = Math.max(sheet.getLastRow() + spare, sheet.getFrozenRows() + 1);
  if (sheet.getMaxRows() > keep) sheet.deleteRows(keep + 1, sheet.getMaxRows() - keep);
  expect(sheet.getMaxRows()).toBe(keep);
}

function rows(h: Harness, name: string): unknown[][] {
  return h.emu.sheet(name).getDataRange().getValues().slice(1);
}

describe('range errors in the emulator', () => {
  it('come in Portuguese for a pt account and in English by default', () => {
    const pt = startAddon({ locale: 'pt' });
    const audit = pt.emu.sheet('Audit');
    expect(() => audit.getRange(audit.getMaxRows() + 1, 1)).toThrow(PT_OUTSIDE);
    expect(() => audit.getRange(1, 1).getCell(2, 1)).toThrow(PT_OUTSIDE);
    expect(() => audit.getRange('not a range')).toThrow('Intervalo não encontrado');
    const en = startAddon();
    const enAudit = en.emu.sheet('Audit');
    expect(() => enAudit.getRange(enAudit.getMaxRows() + 1, 1)).toThrow(EN_OUTSIDE);
  });

  it('are Apps Script exceptions, as the add-on catches them', () => {
    const h = startAddon({ locale: 'pt' });
    const audit = h.emu.sheet('Audit');
    let caught: unknown;
    try {
      audit.getRange(1, 1, audit.getMaxRows() + 1, 1);
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ name: 'Exception', message: PT_OUTSIDE });
  });

  it('map pt-BR to Portuguese and fall back to English where no translation is sourced', () => {
    expect(localizedMessage('pt-BR', 'rangeOutsideSheet')).toBe(PT_OUTSIDE);
    expect(localizedMessage('de', 'rangeOutsideSheet')).toBe(EN_OUTSIDE);
    expect(localizedMessage('pt', 'rowsMismatch', { data: 1, range: 2 })).toBe(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
  });
});

describe('a Portuguese account whose grids are full', () => {
  it('keeps writing Ledger rows and Audit lines past the end of each grid', () => {
    const h = startAddon({ locale: 'pt' });
    seedSettings(h.emu);
    // No spare row at all: the very first append lies beyond the grid.
    shrink(h, 'Ledger', 0);
    shrink(h, 'Audit', 0);
    const n = 4;
    for (let i = 1; i <= n; i++) {
      const r = h.addon.requestCode(requestInput(i));
      expect(r).toMatchObject({ ok: true, record: { row: i + 1 } });
    }
    const ledger = rows(h, 'Ledger');
    const header = h.emu.sheet('Ledger').getRange(1, 1, 1, h.emu.sheet('Ledger').getLastColumn()).getValues()[0];
    const url = header.indexOf('Video URL');
    const status = header.indexOf('Status');
    expect(ledger.map((r) => r[url])).toEqual([1, 2, 3, 4].map((i) => videoUrl(i)));
    expect(ledger.map((r) => r[status])).toEqual(Array(n).fill('Requested'));
    const audit = rows(h, 'Audit');
    // One line per field each request wrote, every one naming its video, none lost between grids.
    const perRequest = audit.filter((a) => a[2] === videoUrl(1)).length;
    expect(perRequest).toBeGreaterThan(5);
    expect(audit).toHaveLength(n * perRequest);
    for (let i = 1; i <= n; i++) {
      const mine = audit.filter((a) => a[2] === videoUrl(i));
      expect(mine).toHaveLength(perRequest);
      expect(mine.find((a) => a[3] === 'Status')).toEqual([
        expect.any(Date),
        'am@agency.example',
        videoUrl(i),
        'Status',
        '',
        'Requested',
        'sidebar',
      ]);
    }
    // Each grid grew in one step, so later appends found room.
    expect(h.emu.sheet('Ledger').getMaxRows()).toBeGreaterThanOrEqual(500);
    expect(h.emu.sheet('Audit').getMaxRows()).toBeGreaterThanOrEqual(500);
  });

  it('grows the grid before writing, so no write ever meets a range error', () => {
    const h = startAddon({ locale: 'pt' });
    seedSettings(h.emu);
    expect(h.addon.requestCode(requestInput(1)).ok).toBe(true);
    shrink(h, 'Ledger', 0);
    shrink(h, 'Audit', 0);
    h.emu.calls.reset();
    expect(h.addon.requestCode(requestInput(2)).ok).toBe(true);
    // Sizes compared first: one insertRowsAfter per full sheet (a getRange past the grid would have failed the save).
    expect(h.emu.calls.count('Sheet.insertRowsAfter')).toBe(2);
  });

  it('appends to a full Code history when a code is renewed', () => {
    const h = setup(
      [
        liveRecord(1, '2026-03-04', {
          status: 'Renewal needed',
          renewalDecision: 'Renew',
          authorizedOn: '2026-02-02',
          authDays: 30,
        } as never),
      ],
      { locale: 'pt' },
    );
    h.emu.clock.set('2026-03-02T13:00:00Z');
    shrink(h, 'Code history', 0);
    shrink(h, 'Audit', 0);
    const renewed = h.addon.renewCode({
      videoUrl: videoUrl(1),
      sparkCode: sparkCode(101),
      authorizedOn: '2026-03-02',
      authDays: 30,
      decisionNote: 'Extended flight',
    });
    expect(renewed.ok).toBe(true);
    const history = h.emu.sheet('Code history').getDataRange().getDisplayValues().slice(1);
    expect(history).toEqual([
      [
        videoUrl(1),
        sparkCode(1),
        '2026-02-02',
        '30',
        '2026-03-04',
        '2026-03-02',
        'Extended flight',
        'am@agency.example',
      ],
    ]);
    expect(
      rows(h, 'Audit').some((a) => a[3] === 'Spark code' && a[4] === sparkCode(1) && a[5] === sparkCode(101)),
    ).toBe(true);
  });
});
