import { alertOwners } from '../../src/core/expiry/plan';
import { fieldDef, type FieldDef } from '../../src/core/ledger/fields';
import { isEmail, normalizeValue } from '../../src/core/ledger/values';

const good = ['ana@agency.example', 'ana.silva+spark@mail.agency.co', "o'brien@agency.example", 'a@b-c.example'];
const bad = [
  'ana..silva@agency.example',
  '.ana@agency.example',
  'ana.@agency.example',
  'ana@agency',
  'ana@-agency.example',
  'ana@agency-.example',
  'ana silva@agency.example',
  'anaé@agency.example',
  'ana@agency..example',
  '@agency.example',
  'ana@',
];

describe('one rule for an email address', () => {
  it('accepts and refuses the same addresses in the sidebar, in the sheet and before a send', () => {
    const paid = fieldDef('paidOwner') as FieldDef;
    for (const a of good) {
      expect(isEmail(a)).toBe(true);
      expect(normalizeValue(paid, a)).toEqual({ value: a });
      expect(alertOwners({ paidOwner: a, creatorOwner: '', approvalOwner: '' }).valid).toEqual([a]);
    }
    for (const a of bad) {
      expect(isEmail(a)).toBe(false);
      expect(normalizeValue(paid, a)).toEqual({ error: expect.stringMatching(/^Paid owner must be an email address/) });
      expect(alertOwners({ paidOwner: a, creatorOwner: '', approvalOwner: '' }).valid).toEqual([]);
    }
  });
});
