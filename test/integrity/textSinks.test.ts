/**
 * Text stays text in every sheet the add-on writes (docs/runtime.md, "Text must
 * stay text"): the cell has the automatic format and the string goes in with
 * a leading apostrophe, which Google documents as keeping what follows as text
 * (https://support.google.com/docs/answer/3094139). Each test drives the built
 * bundle and reads the emulated sheets back raw.
 */
import { formatCsv } from '../../src/core/import/csv';
import type { LedgerRecord } from '../../src/core/ledger/fields';
import type { FakeSheet } from '@spark-ledger/gas-emulator/src/sheet';
import { CREATOR, PAID, liveRecord, memoryText, runAt, setup as expirySetup } from '../expiry/helpers';
import { liveRow, setup as reportSetup } from '../reports/helpers';
import { startAddon } from '../support/addon';
import { ALL_PRE_CHECKS, IMPORT_HEADERS, requestInput, seedSettings, sparkCode, videoUrl } from '../support/fixtures';
import { cellA1, userEdit } from '../support/userEdit';

/** What people type that Sheets would otherwise turn into a formula, a number, a date or different text. */
const TRICKY = [
  '=IMPORTXML("http://x","//a")',
  '+44 20 7946 0958',
  '-alcohol',
  '@handle',
  '0012',
  "'quoted",
  '2026-03-01',
  '7412345678901234567',
  '<script>alert(1)</script>',
];

const AUTOMATIC = '0.###############';
const MORNING = '2026-03-02T13:00:00Z';

function headerIndex(sheet: FakeSheet): (name: string) => number {
  const header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].map(String);
  return (name: string) => {
    const i = header.indexOf(name);
    expect(i).toBeGreaterThanOrEqual(0);
    return i;
  };
}

/** Data rows of a sheet, raw values (getValues). */
function body(sheet: FakeSheet): unknown[][] {
  return sheet.getDataRange().getValues().slice(1);
}

/** No cell of the sheet holds a formula: by the API and by the emulator's own store. */
function expectNoFormulas(sheet: FakeSheet): void {
  expect(sheet.getDataRange().getFormulas().flat().filter(Boolean)).toEqual([]);
  expect(sheet.formulas.size).toBe(0);
}

/** Every cell holding `text` has the automatic format, never plain text. */
function expectAutomaticWhereText(sheet: FakeSheet, texts: readonly string[]): void {
  const values = sheet.getDataRange().getValues();
  const formats = sheet.getDataRange().getNumberFormats();
  let seen = 0;
  values.forEach((row, r) => {
    row.forEach((v, c) => {
      if (typeof v === 'string' && texts.includes(v)) {
        seen++;
        expect(formats[r][c]).not.toBe('@');
      }
    });
  });
  expect(seen).toBeGreaterThan(0);
}

const FREE_TEXT = ['campaign', 'contract', 'excludedCategories', 'usageNotes'] as const;
const FREE_TEXT_HEADERS = ['Campaign', 'Contract', 'Excluded categories', 'Usage notes'];

function trickyFields(t: string): Record<string, string> {
  return Object.fromEntries(FREE_TEXT.map((k) => [k, t]));
}

describe('Ledger', () => {
  it('keeps user text exactly through request, update and import, with no formula anywhere', () => {
    const h = startAddon();
    seedSettings(h.emu);
    TRICKY.forEach((t, i) => {
      expect(h.addon.requestCode(requestInput(i + 1, trickyFields(t))).ok).toBe(true);
    });
    TRICKY.forEach((t, i) => {
      expect(h.addon.updateRecord({ videoUrl: videoUrl(i + 1), decisionNote: t }).ok).toBe(true);
    });
    const csv = formatCsv([
      [...IMPORT_HEADERS, 'Contract', 'Usage notes'],
      ...TRICKY.map((t, i) => [
        videoUrl(100 + i),
        '@creator.one',
        'Acme Apps',
        'Acme',
        t,
        'US',
        '30',
        'ACME-US-001',
        'approve@agency.example',
        ALL_PRE_CHECKS.join('; '),
        t,
        t,
      ]),
    ]);
    expect(h.addon.importRows(csv).accepted).toBe(TRICKY.length);

    const sheet = h.emu.sheet('Ledger');
    const col = headerIndex(sheet);
    const rows = body(sheet);
    TRICKY.forEach((t, i) => {
      const row = rows[i];
      for (const head of [...FREE_TEXT_HEADERS, 'Decision note']) expect(row[col(head)]).toBe(t);
      expect(h.addon.getRecord(videoUrl(i + 1))).toMatchObject({ ...trickyFields(t), decisionNote: t });
      const imported = rows[TRICKY.length + i];
      for (const head of ['Campaign', 'Contract', 'Usage notes']) expect(imported[col(head)]).toBe(t);
    });
    // The 19-digit id the add-on derives from the URL is text too.
    expect(rows.map((r) => r[col('Video ID')]).every((v) => typeof v === 'string' && /^\d{19}$/.test(v))).toBe(true);
    expectNoFormulas(sheet);
    expectAutomaticWhereText(sheet, TRICKY);
  });

  it('writes a text column that still has the plain-text format of an older version exactly, with no stray apostrophe', () => {
    const h = startAddon();
    seedSettings(h.emu);
    const sheet = h.emu.sheet('Ledger');
    const col = headerIndex(sheet);
    // An older version formatted text columns as plain text ('@').
    for (const head of [...FREE_TEXT_HEADERS, 'Decision note', 'Video ID', 'Status'])
      sheet.getRange(2, col(head) + 1, sheet.getMaxRows() - 1, 1).setNumberFormat('@');
    TRICKY.forEach((t, i) => {
      expect(h.addon.requestCode(requestInput(i + 1, trickyFields(t))).ok).toBe(true);
    });
    expect(h.addon.updateRecord({ videoUrl: videoUrl(1), decisionNote: "'quoted" }).ok).toBe(true);
    const rows = body(sheet);
    TRICKY.forEach((t, i) => {
      for (const head of FREE_TEXT_HEADERS) expect(rows[i][col(head)]).toBe(t);
      expect(rows[i][col('Status')]).toBe('Requested');
    });
    expect(rows[0][col('Decision note')]).toBe("'quoted");
    // The cells written were made automatic before their quoted text went in.
    expect(sheet.getRange(2, col('Campaign') + 1).getNumberFormat()).toBe(AUTOMATIC);
    expectNoFormulas(sheet);
  });

  it("setupLedger turns an older ledger's plain-text columns automatic and leaves their text as it is", () => {
    const h = startAddon();
    seedSettings(h.emu);
    const sheet = h.emu.sheet('Ledger');
    const col = headerIndex(sheet);
    for (const head of FREE_TEXT_HEADERS)
      sheet.getRange(2, col(head) + 1, sheet.getMaxRows() - 1, 1).setNumberFormat('@');
    // What an older version left: raw text in plain-text cells.
    sheet.getRange(2, col('Campaign') + 1).setValue('0012');
    sheet.getRange(3, col('Campaign') + 1).setValue('=IMPORTXML("http://x","//a")');
    h.addon.setupLedger();
    for (const head of FREE_TEXT_HEADERS)
      expect(
        sheet
          .getRange(2, col(head) + 1, sheet.getMaxRows() - 1, 1)
          .getNumberFormats()
          .flat()
          .every((f) => f === AUTOMATIC),
      ).toBe(true);
    expect(sheet.getRange(2, col('Campaign') + 1).getValue()).toBe('0012');
    expect(sheet.getRange(3, col('Campaign') + 1).getValue()).toBe('=IMPORTXML("http://x","//a")');
    expectNoFormulas(sheet);
  });
});

describe('an older ledger whose text columns are still plain text', () => {
  it('gets no stray apostrophe from the expiry check or a sheet edit', () => {
    const h = expirySetup([
      liveRecord(1, '2026-03-04'),
      liveRecord(2, '2026-03-20', { campaign: '0012' } as Partial<LedgerRecord>),
      liveRecord(3, '2026-03-01'),
    ]);
    const sheet = h.emu.sheet('Ledger');
    const col = headerIndex(sheet);
    for (const head of ['Status', 'Renewal decision', 'Retirement reason', 'Campaign'])
      sheet.getRange(2, col(head) + 1, sheet.getMaxRows() - 1, 1).setNumberFormat('@');
    runAt(h, MORNING);
    expect(body(sheet).map((r) => r[col('Status')])).toEqual(['Renewal needed', 'Spending', 'Expired']);
    sheet.getRange(3, col('Retirement reason') + 1).setValue('Campaign ended');
    const r = h.addon.onEdit(userEdit(h.emu, 'Ledger', cellA1(h.emu, 'Status', 3), [['Retired']]));
    expect(r.reverted).toEqual([]);
    const rows = body(sheet);
    expect(rows.map((x) => x[col('Status')])).toEqual(['Renewal needed', 'Retired', 'Expired']);
    expect(rows.map((x) => x[col('Renewal decision')])).toEqual(['Undecided', 'Retire', 'Undecided']);
    expect(rows[1][col('Campaign')]).toBe('0012');
    expectNoFormulas(sheet);
  });
});

describe('Audit and Code history', () => {
  it('log user text exactly: audit old and new values, and the reason of a renewed code', () => {
    const records = TRICKY.map((t, i) =>
      liveRecord(i + 1, '2026-03-04', {
        status: 'Renewal needed',
        renewalDecision: 'Renew',
        campaign: t,
      } as Partial<LedgerRecord>),
    );
    const h = expirySetup(records);
    h.emu.clock.set(MORNING);
    TRICKY.forEach((t, i) => {
      const r = h.addon.renewCode({
        videoUrl: videoUrl(i + 1),
        sparkCode: sparkCode(100 + i),
        authorizedOn: '2026-03-02',
        authDays: 30,
        decisionNote: t,
      });
      expect(r.ok).toBe(true);
    });
    TRICKY.forEach((t, i) => {
      expect(h.addon.updateRecord({ videoUrl: videoUrl(i + 1), campaign: `${t} v2` }).ok).toBe(true);
    });

    const history = h.emu.sheet('Code history');
    const hcol = headerIndex(history);
    const hrows = body(history);
    expect(hrows.map((r) => r[hcol('Reason')])).toEqual(TRICKY);
    expect(hrows.map((r) => r[hcol('Video URL')])).toEqual(TRICKY.map((_, i) => videoUrl(i + 1)));
    expect(hrows.map((r) => r[hcol('Spark code')])).toEqual(TRICKY.map((_, i) => sparkCode(i + 1)));
    expectNoFormulas(history);
    expectAutomaticWhereText(history, TRICKY);

    const audit = h.emu.sheet('Audit');
    const arows = body(audit);
    TRICKY.forEach((t, i) => {
      const note = arows.find((a) => a[2] === videoUrl(i + 1) && a[3] === 'Decision note');
      expect(note?.[5]).toBe(t);
      const campaign = arows.find((a) => a[2] === videoUrl(i + 1) && a[3] === 'Campaign');
      expect(campaign?.slice(4, 6)).toEqual([t, `${t} v2`]);
    });
    expectNoFormulas(audit);
    expectAutomaticWhereText(audit, TRICKY);
  });
});

const retired = (n: number, t: string) =>
  liveRow(n, 'Acme Apps', {
    status: 'Retired',
    retirementReason: 'Campaign ended',
    renewalDecision: 'Retire',
    expiresOn: '2025-12-01',
    campaign: t,
    contract: t,
    excludedCategories: t,
    usageNotes: t,
    decisionNote: t,
  } as Partial<LedgerRecord>);

describe('Archive', () => {
  it("moves user text, the agency's own columns and their headers exactly", () => {
    const h = reportSetup(TRICKY.map((t, i) => retired(i + 1, t)));
    const ledger = h.emu.sheet('Ledger');
    const own = ledger.getLastColumn() + 1;
    if (own > ledger.getMaxColumns()) ledger.insertColumnsAfter(ledger.getMaxColumns(), 1);
    // The agency's column: a header and notes that Sheets would retype, kept as text in the Ledger.
    ledger.getRange(1, own).setValue("'=Agency notes");
    ledger.getRange(2, own, TRICKY.length, 1).setValues(TRICKY.map((t) => [`'${t}`]));
    expect(h.addon.archiveClosed(30)).toMatchObject({ moved: TRICKY.length });

    const archive = h.emu.sheet('Archive');
    const col = headerIndex(archive);
    const rows = body(archive);
    expect(rows).toHaveLength(TRICKY.length);
    TRICKY.forEach((t, i) => {
      for (const head of [...FREE_TEXT_HEADERS, 'Decision note', '=Agency notes']) expect(rows[i][col(head)]).toBe(t);
      expect(rows[i][col('Video ID')]).toBe(
        videoUrl(i + 1)
          .split('/')
          .pop(),
      );
    });
    expectNoFormulas(archive);
    expectAutomaticWhereText(archive, [...TRICKY, '=Agency notes']);
  });
});

function videosBlock(sheet: FakeSheet): unknown[][] {
  const values = sheet.getDataRange().getValues();
  const start = values.findIndex((r) => r[0] === 'Videos' || String(r[0]).startsWith('Videos ('));
  expect(start).toBeGreaterThan(0);
  const out: unknown[][] = [];
  for (let i = start + 2; i < values.length && values[i].some((c) => c !== ''); i++) out.push(values[i]);
  return out;
}

describe('client report tab and its published copy', () => {
  it('show user text exactly and hold no formula', () => {
    const h = reportSetup(TRICKY.map((t, i) => liveRow(i + 1, 'Acme Apps', { campaign: t } as Partial<LedgerRecord>)));
    const r = h.addon.generateClientReport('Acme Apps');
    const tab = h.emu.sheet(r.sheetName);
    const campaigns = (sheet: FakeSheet) => videosBlock(sheet).map((row) => row[3]);
    expect([...campaigns(tab)].sort()).toEqual([...TRICKY].sort());
    expectNoFormulas(tab);
    expectAutomaticWhereText(tab, TRICKY);

    const published = h.addon.publishClientReport('Acme Apps');
    const target = h.emu.spreadsheets.get(published.spreadsheetId)!;
    const copy = target.getSheets().find((s) => s.getName() === r.sheetName)!;
    expect(copy).toBeDefined();
    expect([...campaigns(copy)].sort()).toEqual([...TRICKY].sort());
    expect(copy.getDataRange().getValues()).toEqual(tab.getDataRange().getValues());
    expectNoFormulas(copy);
  });
});

describe('expiry email', () => {
  it('carries user text exactly in the subject and the plain body, and escaped in the HTML body', () => {
    const name = 'Agency <script>alert(1)</script> =IMPORTXML("http://x","//a")';
    const h = expirySetup(
      TRICKY.map((t, i) =>
        liveRecord(i + 1, '2026-03-04', { client: 'Acme Apps', campaign: t } as Partial<LedgerRecord>),
      ),
      { spreadsheetName: name },
    );
    runAt(h, MORNING);
    const mails = h.emu.outbox.filter((m) => m.to === PAID || m.to === CREATOR);
    expect(mails).toHaveLength(2);
    const escapeHtml = (s: string) =>
      s
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;');
    for (const mail of mails) {
      expect(mail.subject).toBe(`Spark Ledger: ${TRICKY.length} decisions still undecided (${name})`);
      expect(mail.body).toContain(`\nAcme Apps · ${TRICKY.length} codes\n`);
      for (const t of TRICKY) {
        expect(mail.body).toContain(`\n- @creator.one · ${t}\n`);
        expect(mail.htmlBody).toContain(`>@creator.one · ${escapeHtml(t)}</div>`);
      }
      expect(mail.htmlBody).not.toContain('<script>');
      expect(mail.htmlBody).toContain(escapeHtml(name));
    }
    // The hidden memory of what was sent is text too: automatic cells, no formula, read back exactly.
    const memory = h.emu.sheet('Alert memory');
    expectNoFormulas(memory);
    expect(
      memory
        .getRange(1, 1, memory.getLastRow(), 1)
        .getNumberFormats()
        .flat()
        .every((f) => f !== '@'),
    ).toBe(true);
    expect(() => JSON.parse(memoryText(h))).not.toThrow();
  });

  it('repairs a memory sheet an older version left in plain text, and loses nothing', () => {
    const h = expirySetup([liveRecord(1, '2026-03-04')]);
    runAt(h, MORNING);
    const memory = h.emu.sheet('Alert memory');
    const remembered = memoryText(h);
    // Turn it into what an older version wrote: column A plain text, the old note, unquoted text.
    const values = memory.getDataRange().getValues();
    memory.getRange('A:A').setNumberFormat('@');
    memory
      .getRange(1, 1, values.length, 1)
      .setValues([
        ['Spark Ledger alert memory: which expiry alerts went out and which wait for mail quota. Do not edit.'],
        [String(values[1][0])],
        ...values.slice(2).map((r) => [String(r[0])]),
      ]);
    expect(memoryText(h)).toBe(remembered);
    const sent = h.emu.outbox.length;
    // The same day again: the memory is read, nothing is sent twice.
    expect(runAt(h, '2026-03-02T14:00:00Z')).toMatchObject({ emailsSent: 0 });
    expect(h.emu.outbox.length).toBe(sent);
    // A day later the 24-hour alert goes out, and the memory is rewritten in automatic cells.
    expect(runAt(h, '2026-03-03T13:00:00Z').emailsSent).toBeGreaterThan(0);
    expect(
      memory
        .getRange(1, 1, memory.getLastRow(), 1)
        .getNumberFormats()
        .flat()
        .every((f) => f === AUTOMATIC),
    ).toBe(true);
    expect(memory.getRange(1, 1).getValue()).not.toMatch(/^'/);
    expect(() => JSON.parse(memoryText(h))).not.toThrow();
    expectNoFormulas(memory);
  });
});
