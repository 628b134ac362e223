import fc from 'fast-check';
import { MAX_IMPORT_LINES } from '../../src/core/import/importRows';
import { formatCsv, parseCsv } from '../../src/core/import/csv';
import { type Harness, startAddon } from '../support/addon';
import { IMPORT_HEADERS, importLine, requestInput, seedSettings, sparkCode, videoUrl } from '../support/fixtures';
import { auditRows, ledgerCell } from '../support/userEdit';

function setup(): Harness {
  const h = startAddon();
  seedSettings(h.emu);
  return h;
}

const HEADERS = IMPORT_HEADERS;
const line = importLine;

describe('parseCsv (RFC 4180)', () => {
  it('reads quotes, doubled quotes, commas, CRLF, embedded line breaks and a BOM', () => {
    const text = '\ufeffa,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\n1,,3\n';
    const r = parseCsv(text);
    expect(r).toEqual({
      ok: true,
      records: [
        { line: 1, cells: ['a', 'b', 'c'] },
        { line: 2, cells: ['x, y', 'say "hi"', 'two\r\nlines'] },
        { line: 4, cells: ['1', '', '3'] },
      ],
    });
  });

  it('names the line of an unclosed quote', () => {
    expect(parseCsv('a,b\n1,"open\n2,3')).toEqual({ ok: false, line: 2, message: expect.stringContaining('Line 2') });
  });

  it('reads back whatever it writes', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'Z', '0', ',', '"', '\n', '\r\n', ' ', '=', '+', '@', 'é', '\t'),
    });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const r = parseCsv(formatCsv(rows));
        // A file whose last record is one empty cell ends in a line break and reads as one record fewer.
        const expected = rows.filter((row, i) => !(i === rows.length - 1 && row.length === 1 && row[0] === ''));
        expect(r.ok && r.records.map((x) => x.cells)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('importRows', () => {
  it('refuses a file longer than one execution can import, naming the limit, and writes nothing', () => {
    const h = setup();
    const csv = formatCsv([HEADERS, ...Array.from({ length: MAX_IMPORT_LINES + 1 }, (_, i) => line(100 + i))]);
    const r = h.addon.importRows(csv);
    expect(r.accepted).toBe(0);
    expect(r.rejected).toEqual([
      {
        line: 0,
        errors: [{ field: '', message: `The file has 4,001 rows; import at most 4,000 at a time (split the file).` }],
      },
    ]);
    expect(h.emu.sheet('Ledger').getLastRow()).toBe(1);
  });

  it('writes accepted lines in one block, rejects bad ones with line and reasons, and audits once', () => {
    const h = setup();
    expect(h.addon.requestCode(requestInput(1)).ok).toBe(true);
    const csv = formatCsv([
      HEADERS,
      line(10),
      line(11, { 'Approval owner': 'nobody', Market: 'USA' }),
      line(1), // already in the ledger (row 2)
      line(12),
      line(10, { Campaign: 'again' }), // duplicate of line 2
    ]);
    h.emu.calls.reset();
    const r = h.addon.importRows(csv);
    expect(r.accepted).toBe(2);
    expect(r.rows).toEqual({ first: 3, last: 4 });
    expect(
      r.rejected.map((x: { line: number; errors: { field: string }[] }) => [x.line, x.errors.map((e) => e.field)]),
    ).toEqual([
      [3, ['market', 'approvalOwner']],
      [4, ['videoUrl']],
      [6, ['videoUrl']],
    ]);
    expect(r.rejected[1].errors[0].message).toMatch(/row 2/);
    expect(r.rejected[2].errors[0].message).toMatch(/line 2 of this file/);
    expect(h.emu.calls.count('Range.setValues')).toBe(2); // the block (its Status seal column included) and the audit
    expect(ledgerCell(h.emu, 'Video URL', 3)).toBe(videoUrl(10));
    expect(ledgerCell(h.emu, 'Status', 4)).toBe('Requested');
    expect(auditRows(h.emu).filter((a) => a[6] === 'import').length).toBeGreaterThan(10);
  });

  it('imports a row in a later status when that status has what it needs', () => {
    const h = setup();
    const headers = [...HEADERS, 'Status', 'Spark code', 'Authorized on', 'Authorization days'];
    const csv = formatCsv([
      headers,
      [...line(20), 'Received', sparkCode(20), '2026-02-01', '60'],
      [...line(21), 'Activated', sparkCode(21), '2026-02-01', '60'],
      [...line(22), 'Requested', sparkCode(22), '', ''],
    ]);
    const r = h.addon.importRows(csv);
    expect(r.accepted).toBe(1);
    expect(h.addon.getRecord(videoUrl(20))).toMatchObject({
      status: 'Received',
      expiresOn: '2026-04-02',
      sparkCode: sparkCode(20),
    });
    expect(r.rejected[0].line).toBe(3);
    expect(r.rejected[0].errors.map((e: { field: string }) => e.field)).toEqual([
      'objective',
      'paidOwner',
      'creatorOwner',
      'language',
      'currency',
      'landingPage',
    ]);
    expect(r.rejected[1].errors.map((e: { field: string }) => e.field)).toEqual(['sparkCode']);
  });

  it('checks without writing on a dry run, and refuses a file without ledger headers', () => {
    const h = setup();
    const before = JSON.stringify(h.emu.toJSON());
    expect(h.addon.importRows(formatCsv([HEADERS, line(30)]), { dryRun: true })).toMatchObject({
      accepted: 1,
      dryRun: true,
      rows: null,
    });
    const bad = h.addon.importRows('name,email\nx,y');
    expect(bad.accepted).toBe(0);
    expect(bad.rejected[0]).toEqual({
      line: 1,
      errors: [{ field: '', message: expect.stringContaining('Video URL') }],
    });
    expect(JSON.stringify(h.emu.toJSON())).toBe(before);
  });

  it('makes the same number of calls for 2,400 lines as for 1,200 (both grow the grid once), seals included', () => {
    const counts: number[] = [];
    for (const n of [1200, 2400]) {
      const h = setup();
      const csv = formatCsv([HEADERS, ...Array.from({ length: n }, (_, i) => line(100 + i))]);
      h.emu.calls.reset();
      expect(h.addon.importRows(csv).accepted).toBe(n);
      counts.push(h.emu.calls.total);
      // Every imported row is sealed, computed in the script (core/ledger/sha256.ts): no Utilities call a row.
      expect(h.emu.calls.count('Utilities.computeHmacSha256Signature')).toBe(0);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
