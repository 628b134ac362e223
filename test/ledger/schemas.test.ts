import fc from 'fast-check';
import { parseInput } from '../../src/core/ledger/schemas';
import { checkField } from '../../src/core/ledger/values';
import { FIELDS } from '../../src/core/ledger/fields';
import { requestInput } from '../support/fixtures';

describe('field rules', () => {
  it('normalises what people type into the stored form', () => {
    const r = parseInput('updateRecord', {
      videoUrl: 'tiktok.com/@Creator.One/video/7412345678901234567?lang=en',
      market: ' fr ',
      language: 'PT-br',
      currency: 'eur',
      spend: '1,234.50',
      conversions: 12,
      paidOwner: ' paid@agency.example ',
      activationChecks: 'country targeting; Attribution set up',
      humanReviewed: 'TRUE',
    });
    expect(r).toEqual({
      ok: true,
      value: {
        videoUrl: 'https://www.tiktok.com/@creator.one/video/7412345678901234567',
        market: 'FR',
        language: 'pt-BR',
        currency: 'EUR',
        spend: 1234.5,
        conversions: 12,
        paidOwner: 'paid@agency.example',
        activationChecks: ['Country targeting', 'Attribution set up'],
        humanReviewed: true,
      },
    });
  });

  it('returns every field error at once, each naming its field', () => {
    const r = parseInput(
      'requestCode',
      requestInput(1, {
        videoUrl: 'https://www.youtube.com/watch?v=1',
        creatorHandle: '@x',
        market: 'USA',
        requestedDays: 400,
        approvalOwner: 'not-an-email',
        landingPage: 'http://insecure.example',
        currency: 'XYZ',
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field).sort()).toEqual([
      'approvalOwner',
      'creatorHandle',
      'currency',
      'landingPage',
      'market',
      'requestedDays',
      'videoUrl',
    ]);
    for (const e of r.errors) {
      const header = FIELDS.find((f) => f.key === e.field)!.header;
      expect(e.message).toContain(header);
    }
  });

  it('names a missing required field with a sentence', () => {
    const r = parseInput('recordCode', { videoUrl: 'https://www.tiktok.com/@ab/video/7412345678901234567' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        { field: 'sparkCode', message: 'Spark code is required.' },
        { field: 'authorizedOn', message: 'Authorized on is required.' },
        { field: 'authDays', message: 'Authorization days is required.' },
      ]),
    );
  });

  it('refuses fields a form does not carry, such as status on an edit', () => {
    const r = parseInput('updateRecord', {
      videoUrl: 'https://www.tiktok.com/@ab/video/7412345678901234567',
      status: 'Retired',
    });
    expect(r).toEqual({ ok: false, errors: [{ field: '', message: '"status" is not a field this form accepts.' }] });
  });

  it('keeps text that Sheets would reinterpret exactly as typed', () => {
    for (const t of ['=SUM(A1:A9)', '+44 20 7946 0000', '-12', '@here', '00123', '2026-03-05', 'TRUE']) {
      const r = parseInput('updateRecord', {
        videoUrl: 'https://www.tiktok.com/@ab/video/7412345678901234567',
        usageNotes: t,
      });
      expect(r.ok && r.value.usageNotes).toBe(t);
    }
  });

  it('dates must be real calendar dates', () => {
    expect(checkField('authorizedOn', '2026-02-29')).toMatch(/real date/);
    expect(checkField('authorizedOn', '2028-02-29')).toBeNull();
    expect(checkField('authorizedOn', '03/05/2026')).toMatch(/YYYY-MM-DD/);
  });

  it('windows are whole days from 1 to 365', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), (n) => {
        expect(checkField('authDays', n) === null).toBe(n >= 1 && n <= 365);
      }),
    );
    expect(checkField('authDays', 7.5)).toMatch(/whole number/);
  });

  it('never throws on arbitrary input and every error names a known field or the request', () => {
    const keys = FIELDS.map((f) => f.key);
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys, 'bogus'), fc.anything()), (input) => {
        const r = parseInput('changeStatus', input);
        if (!r.ok) for (const e of r.errors) expect(['', ...keys]).toContain(e.field);
      }),
      { numRuns: 500 },
    );
  });
});
