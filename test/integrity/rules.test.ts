/**
 * docs/product.md §4 and §8 rules the sidebar actions enforce: a retirement's own note,
 * Paid campaign following Status, a code never moving to another post (Code
 * history and Archive included), ad accounts and brands of one client, and
 * owners the agency knows.
 */
import type { LedgerRecord } from '../../src/core/ledger/fields';
import { parseSettings } from '../../src/core/ledger/settings';
import { type Harness, startAddon } from '../support/addon';
import {
  AD_ACCOUNTS,
  CLIENTS,
  type SeedLists,
  activationFields,
  requestInput,
  seedSettings,
  sparkCode,
  videoUrl,
} from '../support/fixtures';
import { fillLedger, receivedRecord } from '../support/ledgerFill';

type Errors = { field: string; message: string }[];

function harness(lists: SeedLists = {}, records: LedgerRecord[] = []): Harness {
  const h = startAddon();
  seedSettings(h.emu, lists);
  if (records.length) fillLedger(h.emu, records);
  h.emu.calls.reset();
  return h;
}

function ledgerValues(h: Harness): string {
  return JSON.stringify(h.emu.spreadsheet.getSheetByName('Ledger')!.getDataRange().getValues());
}

function cell(h: Harness, row: number, header: string): unknown {
  const values = h.emu.spreadsheet.getSheetByName('Ledger')!.getDataRange().getValues();
  return values[row - 1][values[0].indexOf(header)];
}

function refused(r: { ok: boolean; errors?: Errors }): Errors {
  expect(r.ok).toBe(false);
  return r.errors as Errors;
}

/** A live row (Spending) with both owners, as the sidebar would have left it. */
function spending(n: number, overrides: Partial<LedgerRecord> = {}): LedgerRecord {
  return receivedRecord(n, {
    status: 'Spending',
    paidStatus: 'Active',
    ...activationFields(),
    spendStart: '2026-02-02',
    ...overrides,
  } as Partial<LedgerRecord>);
}

describe('retiring with reason Other', () => {
  it('refuses the decision note left by an earlier renewal: the note must come with this retirement', () => {
    const h = harness({}, [
      spending(1, { status: 'Renewal needed', expiresOn: '2026-03-04' } as Partial<LedgerRecord>),
    ]);
    const renewed = h.addon.renewCode({
      videoUrl: videoUrl(1),
      sparkCode: sparkCode(101),
      authorizedOn: '2026-03-02',
      authDays: 30,
      decisionNote: 'Top performer; client extends the flight',
    });
    expect(renewed.ok).toBe(true);
    const before = ledgerValues(h);

    const stale = refused(h.addon.retireCode({ videoUrl: videoUrl(1), retirementReason: 'Other' }));
    expect(stale).toEqual([
      {
        field: 'decisionNote',
        message: expect.stringMatching(
          /^Decision note is required when the retirement reason is Other.*earlier decision/,
        ),
      },
    ]);
    // Sending the old note back is not a note for this retirement either.
    const resent = refused(
      h.addon.retireCode({
        videoUrl: videoUrl(1),
        retirementReason: 'Other',
        decisionNote: 'Top performer; client extends the flight',
      }),
    );
    expect(resent.map((e) => e.field)).toEqual(['decisionNote']);
    // Nor through a status change.
    expect(
      refused(h.addon.changeStatus({ videoUrl: videoUrl(1), status: 'Retired', retirementReason: 'Other' })).map(
        (e) => e.field,
      ),
    ).toEqual(['decisionNote']);
    expect(ledgerValues(h)).toBe(before);

    const ok = h.addon.retireCode({
      videoUrl: videoUrl(1),
      retirementReason: 'Other',
      decisionNote: 'Brand pulled the product',
    });
    expect(ok.ok).toBe(true);
    expect(ok.record).toMatchObject({
      status: 'Retired',
      retirementReason: 'Other',
      decisionNote: 'Brand pulled the product',
    });
  });
});

describe('Status and Paid campaign agree', () => {
  it('retiring ends the paid campaign', () => {
    const h = harness({}, [spending(1, { decisionNote: 'Renewed in February' } as Partial<LedgerRecord>), spending(2)]);
    // A reason other than Other needs no new note.
    expect(h.addon.retireCode({ videoUrl: videoUrl(1), retirementReason: 'Weak performance' }).record.paidStatus).toBe(
      'Ended',
    );
    expect(cell(h, 2, 'Paid campaign')).toBe('Ended');
    expect(
      h.addon.changeStatus({ videoUrl: videoUrl(2), status: 'Retired', retirementReason: 'Campaign ended' }).record
        .paidStatus,
    ).toBe('Ended');
    expect(cell(h, 3, 'Paid campaign')).toBe('Ended');
  });

  it('Spending means Active, Paused means Paused, Expired means Ended', () => {
    const h = harness({}, [
      receivedRecord(1, {
        status: 'Activated',
        paidStatus: 'Not started',
        ...activationFields(),
      } as Partial<LedgerRecord>),
    ]);
    const url = videoUrl(1);
    expect(
      h.addon.changeStatus({ videoUrl: url, status: 'Spending', spendStart: '2026-03-01' }).record.paidStatus,
    ).toBe('Active');
    expect(h.addon.changeStatus({ videoUrl: url, status: 'Paused' }).record.paidStatus).toBe('Paused');
    expect(cell(h, 2, 'Paid campaign')).toBe('Paused');
    expect(h.addon.changeStatus({ videoUrl: url, status: 'Spending' }).record.paidStatus).toBe('Active');
    expect(h.addon.changeStatus({ videoUrl: url, status: 'Expired' }).record.paidStatus).toBe('Ended');
    expect(cell(h, 2, 'Paid campaign')).toBe('Ended');
  });

  it('refuses a Paid campaign given with the move that disagrees, naming the field', () => {
    const h = harness({}, [spending(1)]);
    const before = ledgerValues(h);
    const errors = refused(h.addon.changeStatus({ videoUrl: videoUrl(1), status: 'Paused', paidStatus: 'Active' }));
    expect(errors).toEqual([
      {
        field: 'paidStatus',
        message: 'Paid campaign Active does not agree with status Paused: Paused means Paid campaign Paused.',
      },
    ]);
    expect(ledgerValues(h)).toBe(before);
    expect(h.addon.changeStatus({ videoUrl: videoUrl(1), status: 'Paused', paidStatus: 'Paused' }).ok).toBe(true);
  });
});

describe('a code is unique across the Ledger, Code history and Archive', () => {
  function renewedRow(h: Harness): void {
    // Row 2's first code goes to Code history when it is renewed.
    expect(
      h.addon.renewCode({
        videoUrl: videoUrl(1),
        sparkCode: sparkCode(101),
        authorizedOn: '2026-03-02',
        authDays: 30,
        decisionNote: 'New window',
      }).ok,
    ).toBe(true);
  }

  it('refuses a code from Code history on another video, naming where it was', () => {
    const h = harness({}, [
      spending(1, { status: 'Renewal needed', expiresOn: '2026-03-04' } as Partial<LedgerRecord>),
    ]);
    renewedRow(h);
    // The agency keeps its own column first in Code history: columns are found by header.
    const history = h.emu.spreadsheet.getSheetByName('Code history')!;
    history.insertColumnsBefore(1, 1);
    history.getRange(1, 1).setValue('Agency note');
    expect(h.addon.requestCode(requestInput(2)).ok).toBe(true);
    const before = ledgerValues(h);
    const errors = refused(
      h.addon.recordCode({ videoUrl: videoUrl(2), sparkCode: sparkCode(1), authorizedOn: '2026-03-01', authDays: 30 }),
    );
    expect(errors).toEqual([
      {
        field: 'sparkCode',
        message: expect.stringContaining(`belonged to the video ${videoUrl(1)} (Code history, row 2)`),
      },
    ]);
    expect(ledgerValues(h)).toBe(before);
    // And on a renewal of another video.
    fillLedger(h.emu, [spending(3, { status: 'Renewal needed', expiresOn: '2026-03-04' } as Partial<LedgerRecord>)]);
    const renew = refused(
      h.addon.renewCode({
        videoUrl: videoUrl(3),
        sparkCode: sparkCode(1),
        authorizedOn: '2026-03-02',
        authDays: 30,
        decisionNote: 'x',
      }),
    );
    expect(renew.map((e) => e.field)).toEqual(['sparkCode']);
    expect(
      h.addon.recordCode({ videoUrl: videoUrl(2), sparkCode: sparkCode(2), authorizedOn: '2026-03-01', authDays: 30 })
        .ok,
    ).toBe(true);
    // Code history and Archive are read only when a code is being recorded, not for other edits.
    const reads = () => {
      h.emu.calls.reset();
      expect(h.addon.updateRecord({ videoUrl: videoUrl(2), spend: 12 }).ok).toBe(true);
      return h.emu.calls.count('Range.getValues');
    };
    const withHistory = reads();
    history.deleteRows(2, 1);
    expect(reads()).toBe(withHistory);
  });

  it('refuses an earlier code of another video but lets a video get back a code it had before', () => {
    const h = harness({}, [
      spending(1, { status: 'Renewal needed', expiresOn: '2026-03-04' } as Partial<LedgerRecord>),
      spending(2, { status: 'Renewal needed', expiresOn: '2026-03-04' } as Partial<LedgerRecord>),
    ]);
    renewedRow(h);
    expect(h.addon.changeStatus({ videoUrl: videoUrl(1), status: 'Renewal needed' }).ok).toBe(true);
    const renew = (n: number, code: string) =>
      h.addon.renewCode({
        videoUrl: videoUrl(n),
        sparkCode: code,
        authorizedOn: '2026-03-02',
        authDays: 60,
        decisionNote: 'Creator extended the first code',
      });
    expect(refused(renew(2, sparkCode(1))).map((e) => e.field)).toEqual(['sparkCode']);
    expect(renew(1, sparkCode(1))).toMatchObject({ ok: true, record: { sparkCode: sparkCode(1) } });
  });

  it('refuses a code from Archive on another video', () => {
    const closed = receivedRecord(1, {
      status: 'Retired',
      retirementReason: 'Campaign ended',
      renewalDecision: 'Retire',
      expiresOn: '2025-12-01',
      updatedAt: '2025-12-01T12:00:00.000Z',
    } as Partial<LedgerRecord>);
    const h = harness({}, [closed]);
    expect(h.addon.archiveClosed(30)).toMatchObject({ moved: 1 });
    expect(h.addon.requestCode(requestInput(2)).ok).toBe(true);
    const errors = refused(
      h.addon.recordCode({ videoUrl: videoUrl(2), sparkCode: sparkCode(1), authorizedOn: '2026-03-01', authDays: 30 }),
    );
    expect(errors).toEqual([
      { field: 'sparkCode', message: expect.stringContaining(`belonged to the video ${videoUrl(1)} (Archive, row 2)`) },
    ]);
  });
});

describe('ad accounts and brands belong to clients', () => {
  // ACME-US-001 belongs to Acme Apps, NW-EU-002 to Northwind Foods; GLX-APAC-003 has no client, so any client may use it.
  const links: SeedLists = { adAccountClients: [CLIENTS[0], CLIENTS[1], ''], brandClients: [CLIENTS[0], '', ''] };

  it('refuses a request whose ad account belongs to another client, naming the field', () => {
    const h = harness(links);
    const before = ledgerValues(h);
    const errors = refused(h.addon.requestCode(requestInput(1, { adAccount: AD_ACCOUNTS[0] })));
    expect(errors).toEqual([
      {
        field: 'adAccount',
        message: expect.stringMatching(/^Ad account: ACME-US-001 belongs to client Acme Apps, not Northwind Foods\./),
      },
    ]);
    expect(ledgerValues(h)).toBe(before);
    // Case and spaces do not matter; an account with no client listed fits any client.
    expect(h.addon.requestCode(requestInput(1, { adAccount: ' nw-eu-002 ' })).ok).toBe(true);
    expect(h.addon.requestCode(requestInput(4, { adAccount: AD_ACCOUNTS[2] })).ok).toBe(true);
    // A Settings sheet without the client columns (an older one) lets every account serve every client.
    const settings = h.emu.spreadsheet.getSheetByName('Settings')!;
    for (const name of ['Ad account client', 'Brand client']) {
      const header = settings.getRange(1, 1, 1, settings.getLastColumn()).getValues()[0];
      settings.deleteColumns(header.indexOf(name) + 1, 1);
    }
    expect(h.addon.requestCode(requestInput(7, { adAccount: AD_ACCOUNTS[0], brand: 'Acme' })).ok).toBe(true);
  });

  it('gives the sidebar which client each ad account and brand belongs to', () => {
    const h = harness(links);
    const o = h.addon.getFormOptions() as {
      adAccountClients: Record<string, string>;
      brandClients: Record<string, string>;
    };
    expect(o.adAccountClients[AD_ACCOUNTS[0]]).toBe(CLIENTS[0]);
    expect(o.adAccountClients[AD_ACCOUNTS[1]]).toBe(CLIENTS[1]);
    expect(o.adAccountClients[AD_ACCOUNTS[2]] ?? '').toBe('');
  });

  it('refuses a brand of another client', () => {
    const h = harness(links);
    const errors = refused(h.addon.requestCode(requestInput(2, { brand: 'acme' })));
    expect(errors).toEqual([
      {
        field: 'brand',
        message: expect.stringMatching(/^Brand: acme belongs to client Acme Apps, not Globex Games\./),
      },
    ]);
    // A brand that is not on the Brands list is free text.
    expect(h.addon.requestCode(requestInput(2, { brand: 'Globex Kids' })).ok).toBe(true);
  });

  it("refuses an edit or a status move that leaves a row with another client's ad account", () => {
    const wrong = (n: number) =>
      receivedRecord(n, { client: CLIENTS[1], brand: 'Northwind', adAccount: AD_ACCOUNTS[0] } as Partial<LedgerRecord>);
    const h = harness(links, [
      receivedRecord(3, {
        client: CLIENTS[0],
        brand: 'Spring Kids',
        adAccount: AD_ACCOUNTS[0],
      } as Partial<LedgerRecord>),
      wrong(4),
      wrong(6),
    ]);
    expect(refused(h.addon.updateRecord({ videoUrl: videoUrl(3), client: CLIENTS[1] })).map((e) => e.field)).toEqual([
      'adAccount',
    ]);
    expect(
      refused(
        h.addon.changeStatus({
          videoUrl: videoUrl(3),
          status: 'Activated',
          ...activationFields(),
          adAccount: AD_ACCOUNTS[1],
        }),
      ).map((e) => e.field),
    ).toEqual(['adAccount']);
    // A row written before Settings said which client owns the account is not put to work on it…
    expect(
      refused(h.addon.changeStatus({ videoUrl: videoUrl(4), status: 'Activated', ...activationFields() })),
    ).toEqual([
      {
        field: 'adAccount',
        message: expect.stringContaining('ACME-US-001 belongs to client Acme Apps, not Northwind Foods'),
      },
    ]);
    // …closing it is never blocked, and it can be fixed.
    expect(
      h.addon.changeStatus({ videoUrl: videoUrl(4), status: 'Retired', retirementReason: 'Campaign ended' }).ok,
    ).toBe(true);
    expect(h.addon.updateRecord({ videoUrl: videoUrl(6), adAccount: AD_ACCOUNTS[1] }).ok).toBe(true);
    expect(h.addon.changeStatus({ videoUrl: videoUrl(6), status: 'Activated', ...activationFields() }).ok).toBe(true);
  });
});

describe("owners are on the Settings owner list or in the agency's domains", () => {
  it('refuses an outside owner in request, edit and status change, naming the field', () => {
    const h = harness({ agencyDomains: [] }, [receivedRecord(5)]);
    const before = ledgerValues(h);
    const req = refused(h.addon.requestCode(requestInput(1, { approvalOwner: 'friend@gmail.com' })));
    expect(req).toEqual([
      {
        field: 'approvalOwner',
        message: expect.stringMatching(/^Approval owner: friend@gmail\.com is not on the Settings list Owners/),
      },
    ]);
    expect(
      refused(h.addon.updateRecord({ videoUrl: videoUrl(5), invoiceOwner: 'billing@outside.example' })).map(
        (e) => e.field,
      ),
    ).toEqual(['invoiceOwner']);
    const act = refused(
      h.addon.changeStatus({
        videoUrl: videoUrl(5),
        status: 'Activated',
        ...activationFields(),
        paidOwner: 'someone@agency.example',
      }),
    );
    expect(act.map((e) => e.field)).toEqual(['paidOwner']);
    expect(ledgerValues(h)).toBe(before);
    // On the list, in any case.
    expect(
      h.addon.changeStatus({
        videoUrl: videoUrl(5),
        status: 'Activated',
        ...activationFields(),
        paidOwner: 'PAID@agency.example',
      }).record.paidOwner,
    ).toBe('paid@agency.example');
    // With neither an Owners list nor Agency domains (a new ledger) any valid address is taken: there is nothing to check against.
    const settings = h.emu.spreadsheet.getSheetByName('Settings')!;
    const owners = settings.getRange(1, 1, 1, settings.getLastColumn()).getValues()[0].indexOf('Owners') + 1;
    settings.getRange(2, owners, settings.getMaxRows() - 1, 1).clearContent();
    expect(h.addon.requestCode(requestInput(1, { approvalOwner: 'friend@gmail.com' })).ok).toBe(true);
  });

  it("takes any address in the agency's domains, and only those domains", () => {
    const h = harness({ agencyDomains: ['agency.example, @studio.example'] }, [receivedRecord(5)]);
    expect(
      h.addon.updateRecord({
        videoUrl: videoUrl(5),
        paidOwner: 'new.hire@agency.example',
        creatorOwner: 'ann@Studio.example',
      }).ok,
    ).toBe(true);
    const errors = refused(
      h.addon.updateRecord({
        videoUrl: videoUrl(5),
        paidOwner: 'x@agency.example.evil.example',
        creatorOwner: 'y@mail.agency.example',
      }),
    );
    expect(errors.map((e) => e.field)).toEqual(['paidOwner', 'creatorOwner']);
    expect(errors[0].message).toContain("agency's domains (agency.example, studio.example)");
  });

  it('reads Agency domains as a named setting too', () => {
    const grid = [
      ['Clients', 'Owners', 'Setting', 'Value'],
      ['Acme', 'a@agency.example', 'Alert hour', 9],
      ['', '', 'Agency domains', 'Agency.Example; other.example'],
    ];
    expect(parseSettings(grid)).toMatchObject({
      agencyDomains: ['agency.example', 'other.example'],
      owners: ['a@agency.example'],
      alertHour: 9,
    });
  });
});

describe('Validate ledger lists rows already in the ledger that break these rules', () => {
  it("another client's ad account, an outside owner, and a Paid campaign that disagrees with Status", () => {
    const links: SeedLists = { adAccountClients: [CLIENTS[0], CLIENTS[1], ''], agencyDomains: ['agency.example'] };
    const ok = receivedRecord(1);
    // Rows typed straight into the sheet, as an editor could: the sidebar would have refused each.
    const otherClient = receivedRecord(2, { client: CLIENTS[1], adAccount: AD_ACCOUNTS[0] });
    const outsider = receivedRecord(3, { paidOwner: 'someone@outside.example' });
    const paid = receivedRecord(4, {
      status: 'Retired',
      retirementReason: 'Campaign ended',
      renewalDecision: 'Retire',
      paidStatus: 'Active',
    } as Partial<LedgerRecord>);
    const h = harness(links, [ok, otherClient, outsider, paid]);
    const r = h.addon.validateLedger();
    const problems = r.problems as { row: number; missing: string[]; message: string }[];
    const byRow = new Map(problems.map((p) => [p.row, p]));
    expect(byRow.get(2)?.missing ?? []).not.toContain('adAccount');
    expect(byRow.get(3)!.missing).toContain('adAccount');
    expect(byRow.get(3)!.message).toMatch(/ACME-US-001 belongs to client Acme Apps/);
    expect(byRow.get(4)!.missing).toContain('paidOwner');
    expect(byRow.get(5)!.missing).toContain('paidStatus');
    expect(byRow.get(5)!.message).toMatch(/Paid campaign is Active but the row is Retired: it should be Ended\./);
  });
});
