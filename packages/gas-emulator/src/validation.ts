/**
 * Data validation rules.
 * https://developers.google.com/apps-script/reference/spreadsheet/data-validation-builder
 * https://developers.google.com/apps-script/reference/spreadsheet/data-validation
 * https://developers.google.com/apps-script/reference/spreadsheet/data-validation-criteria
 *
 * Writes from a script are not rejected by a rule, even with
 * setAllowInvalid(false): rejection is applied to what a person types in the UI,
 * and a cell holding a value that breaks its rule is shown with an "invalid"
 * marker. (https://support.google.com/docs/answer/186103 "Reject the input"
 * applies to entries; setValue bypasses it: https://taourl.com/read-2965332.html).
 * The emulator therefore stores
 * any written value; use Emulator.invalidCells() to find the marked cells.
 */
import { isDateLike } from './clock';
import type { FakeRange } from './range';
import type { FakeSheet } from './sheet';
import { CellDate, type CellValue, typeInput } from './typing';

export const DataValidationCriteria = {
  CHECKBOX: 'CHECKBOX',
  CUSTOM_FORMULA: 'CUSTOM_FORMULA',
  DATE_AFTER: 'DATE_AFTER',
  DATE_BEFORE: 'DATE_BEFORE',
  DATE_BETWEEN: 'DATE_BETWEEN',
  DATE_EQUAL_TO: 'DATE_EQUAL_TO',
  DATE_IS_VALID_DATE: 'DATE_IS_VALID_DATE',
  DATE_NOT_BETWEEN: 'DATE_NOT_BETWEEN',
  DATE_ON_OR_AFTER: 'DATE_ON_OR_AFTER',
  DATE_ON_OR_BEFORE: 'DATE_ON_OR_BEFORE',
  NUMBER_BETWEEN: 'NUMBER_BETWEEN',
  NUMBER_EQUAL_TO: 'NUMBER_EQUAL_TO',
  NUMBER_GREATER_THAN: 'NUMBER_GREATER_THAN',
  NUMBER_GREATER_THAN_OR_EQUAL_TO: 'NUMBER_GREATER_THAN_OR_EQUAL_TO',
  NUMBER_LESS_THAN: 'NUMBER_LESS_THAN',
  NUMBER_LESS_THAN_OR_EQUAL_TO: 'NUMBER_LESS_THAN_OR_EQUAL_TO',
  NUMBER_NOT_BETWEEN: 'NUMBER_NOT_BETWEEN',
  NUMBER_NOT_EQUAL_TO: 'NUMBER_NOT_EQUAL_TO',
  TEXT_CONTAINS: 'TEXT_CONTAINS',
  TEXT_DOES_NOT_CONTAIN: 'TEXT_DOES_NOT_CONTAIN',
  TEXT_EQUAL_TO: 'TEXT_EQUAL_TO',
  TEXT_IS_VALID_EMAIL: 'TEXT_IS_VALID_EMAIL',
  TEXT_IS_VALID_URL: 'TEXT_IS_VALID_URL',
  VALUE_IN_LIST: 'VALUE_IN_LIST',
  VALUE_IN_RANGE: 'VALUE_IN_RANGE',
} as const;
export type CriteriaType = keyof typeof DataValidationCriteria;

interface RuleState {
  criteria: CriteriaType | null;
  values: unknown[];
  allowInvalid: boolean;
  helpText: string | null;
}

export class FakeDataValidation {
  static gasName = 'DataValidation';
  constructor(readonly state: Readonly<RuleState>) {}
  getCriteriaType(): string {
    return this.state.criteria as string;
  }
  /** Values as passed to the builder, e.g. [list, showDropdown] for requireValueInList. */
  getCriteriaValues(): unknown[] {
    return this.state.values.map((v) => (Array.isArray(v) ? v.slice() : v));
  }
  getHelpText(): string | null {
    return this.state.helpText;
  }
  /** true (default) = show a warning; false = "reject input". */
  getAllowInvalid(): boolean {
    return this.state.allowInvalid;
  }
  copy(): FakeDataValidationBuilder {
    return new FakeDataValidationBuilder({ ...this.state, values: this.state.values.slice() });
  }
}

export class FakeDataValidationBuilder {
  static gasName = 'DataValidationBuilder';
  private s: RuleState;
  constructor(init?: RuleState) {
    this.s = init ?? { criteria: null, values: [], allowInvalid: true, helpText: null };
  }
  private set(c: CriteriaType, values: unknown[]): this {
    this.s.criteria = c;
    this.s.values = values;
    return this;
  }
  build(): FakeDataValidation {
    if (!this.s.criteria) throw new Error('You must specify a criteria for the data validation rule.');
    return new FakeDataValidation({ ...this.s, values: this.s.values.slice() });
  }
  copy(): FakeDataValidationBuilder {
    return new FakeDataValidationBuilder({ ...this.s, values: this.s.values.slice() });
  }
  getAllowInvalid(): boolean {
    return this.s.allowInvalid;
  }
  getCriteriaType(): string | null {
    return this.s.criteria;
  }
  getCriteriaValues(): unknown[] {
    return this.s.values.slice();
  }
  getHelpText(): string | null {
    return this.s.helpText;
  }
  setAllowInvalid(allow: boolean): this {
    this.s.allowInvalid = !!allow;
    return this;
  }
  setHelpText(text: string): this {
    this.s.helpText = String(text);
    return this;
  }
  withCriteria(criteria: string, args: unknown[]): this {
    return this.set(criteria as CriteriaType, args.slice());
  }
  // https://developers.google.com/apps-script/reference/spreadsheet/data-validation-builder#requireValueInList(String,Boolean)
  requireValueInList(values: unknown[], showDropdown = true): this {
    return this.set('VALUE_IN_LIST', [values.map(String), showDropdown]);
  }
  requireValueInRange(range: FakeRange, showDropdown = true): this {
    return this.set('VALUE_IN_RANGE', [range, showDropdown]);
  }
  requireCheckbox(checked?: unknown, unchecked?: unknown): this {
    const v: unknown[] = [];
    if (checked !== undefined) v.push(checked);
    if (unchecked !== undefined) v.push(unchecked);
    return this.set('CHECKBOX', v);
  }
  requireDate(): this {
    return this.set('DATE_IS_VALID_DATE', []);
  }
  requireDateAfter(d: Date): this {
    return this.set('DATE_AFTER', [d]);
  }
  requireDateBefore(d: Date): this {
    return this.set('DATE_BEFORE', [d]);
  }
  requireDateBetween(a: Date, b: Date): this {
    return this.set('DATE_BETWEEN', [a, b]);
  }
  requireDateNotBetween(a: Date, b: Date): this {
    return this.set('DATE_NOT_BETWEEN', [a, b]);
  }
  requireDateEqualTo(d: Date): this {
    return this.set('DATE_EQUAL_TO', [d]);
  }
  requireDateOnOrAfter(d: Date): this {
    return this.set('DATE_ON_OR_AFTER', [d]);
  }
  requireDateOnOrBefore(d: Date): this {
    return this.set('DATE_ON_OR_BEFORE', [d]);
  }
  requireNumberBetween(a: number, b: number): this {
    return this.set('NUMBER_BETWEEN', [a, b]);
  }
  requireNumberNotBetween(a: number, b: number): this {
    return this.set('NUMBER_NOT_BETWEEN', [a, b]);
  }
  requireNumberEqualTo(n: number): this {
    return this.set('NUMBER_EQUAL_TO', [n]);
  }
  requireNumberNotEqualTo(n: number): this {
    return this.set('NUMBER_NOT_EQUAL_TO', [n]);
  }
  requireNumberGreaterThan(n: number): this {
    return this.set('NUMBER_GREATER_THAN', [n]);
  }
  requireNumberGreaterThanOrEqualTo(n: number): this {
    return this.set('NUMBER_GREATER_THAN_OR_EQUAL_TO', [n]);
  }
  requireNumberLessThan(n: number): this {
    return this.set('NUMBER_LESS_THAN', [n]);
  }
  requireNumberLessThanOrEqualTo(n: number): this {
    return this.set('NUMBER_LESS_THAN_OR_EQUAL_TO', [n]);
  }
  requireTextContains(t: string): this {
    return this.set('TEXT_CONTAINS', [t]);
  }
  requireTextDoesNotContain(t: string): this {
    return this.set('TEXT_DOES_NOT_CONTAIN', [t]);
  }
  requireTextEqualTo(t: string): this {
    return this.set('TEXT_EQUAL_TO', [t]);
  }
  requireTextIsEmail(): this {
    return this.set('TEXT_IS_VALID_EMAIL', []);
  }
  requireTextIsUrl(): this {
    return this.set('TEXT_IS_VALID_URL', []);
  }
  requireFormulaSatisfied(formula: string): this {
    return this.set('CUSTOM_FORMULA', [formula]);
  }
}

function num(v: CellValue): number | null {
  return typeof v === 'number' ? v : null;
}
function dateMs(v: unknown): number | null {
  if (v instanceof CellDate) return v.wall;
  if (isDateLike(v)) return v.getTime();
  return null;
}

/**
 * Whether a cell value satisfies a rule (the cell shows no invalid marker).
 * `lookup` reads the values of a VALUE_IN_RANGE source. Empty cells are valid.
 * Date comparisons use the wall-clock day, a simplification.
 */
export function satisfies(rule: FakeDataValidation, v: CellValue, lookup: (r: FakeRange) => CellValue[]): boolean {
  if (v === '') return true;
  const a = rule.state.values;
  const s = typeof v === 'string' ? v : String(v);
  switch (rule.state.criteria) {
    case 'VALUE_IN_LIST':
      return (a[0] as string[]).includes(typeof v === 'boolean' ? s.toUpperCase() : s);
    case 'VALUE_IN_RANGE':
      return lookup(a[0] as FakeRange).some((x) => x !== '' && String(x) === s);
    case 'CHECKBOX':
      return a.length === 0 ? typeof v === 'boolean' : a.some((x) => String(x) === s);
    case 'NUMBER_BETWEEN': {
      const n = num(v);
      return n !== null && n >= (a[0] as number) && n <= (a[1] as number);
    }
    case 'NUMBER_NOT_BETWEEN': {
      const n = num(v);
      return n !== null && (n < (a[0] as number) || n > (a[1] as number));
    }
    case 'NUMBER_EQUAL_TO':
      return num(v) === a[0];
    case 'NUMBER_NOT_EQUAL_TO':
      return num(v) !== null && num(v) !== a[0];
    case 'NUMBER_GREATER_THAN': {
      const n = num(v);
      return n !== null && n > (a[0] as number);
    }
    case 'NUMBER_GREATER_THAN_OR_EQUAL_TO': {
      const n = num(v);
      return n !== null && n >= (a[0] as number);
    }
    case 'NUMBER_LESS_THAN': {
      const n = num(v);
      return n !== null && n < (a[0] as number);
    }
    case 'NUMBER_LESS_THAN_OR_EQUAL_TO': {
      const n = num(v);
      return n !== null && n <= (a[0] as number);
    }
    case 'TEXT_CONTAINS':
      return s.includes(String(a[0]));
    case 'TEXT_DOES_NOT_CONTAIN':
      return !s.includes(String(a[0]));
    case 'TEXT_EQUAL_TO':
      return s === String(a[0]);
    case 'TEXT_IS_VALID_EMAIL':
      return typeof v === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v);
    case 'TEXT_IS_VALID_URL':
      return typeof v === 'string' && /^(https?|ftp):\/\/[^\s/$.?#].[^\s]*$/i.test(v);
    case 'DATE_IS_VALID_DATE':
      return v instanceof CellDate;
    case 'DATE_AFTER':
    case 'DATE_BEFORE':
    case 'DATE_EQUAL_TO':
    case 'DATE_ON_OR_AFTER':
    case 'DATE_ON_OR_BEFORE':
    case 'DATE_BETWEEN':
    case 'DATE_NOT_BETWEEN': {
      const d = dateMs(v);
      if (d === null) return false;
      const day = (x: number): number => Math.floor(x / 86400000);
      const x = day(d);
      const b = a.map((y) => day(dateMs(y) ?? NaN));
      switch (rule.state.criteria) {
        case 'DATE_AFTER':
          return x > b[0];
        case 'DATE_BEFORE':
          return x < b[0];
        case 'DATE_EQUAL_TO':
          return x === b[0];
        case 'DATE_ON_OR_AFTER':
          return x >= b[0];
        case 'DATE_ON_OR_BEFORE':
          return x <= b[0];
        case 'DATE_BETWEEN':
          return x >= b[0] && x <= b[1];
        default:
          return x < b[0] || x > b[1];
      }
    }
    default:
      return true; // CUSTOM_FORMULA: not evaluated
  }
}

/** The values of a rule's source range (VALUE_IN_RANGE), read from the raw sheet. */
export function rangeValues(r: FakeRange): CellValue[] {
  const vals: CellValue[] = [];
  for (let i = 0; i < r.numRows; i++)
    for (let j = 0; j < r.numCols; j++) vals.push(r.sheet.cellValue(r.row + i, r.col + j));
  return vals;
}

/** What Sheets says about an entry a rule rejects, when the rule has no help text (wording: guess). */
function ruleText(rule: FakeDataValidation): string {
  const a = rule.state.values;
  switch (rule.state.criteria) {
    case 'VALUE_IN_LIST':
      return `Input must be an item on the specified list: ${(a[0] as string[]).join(', ')}.`;
    case 'VALUE_IN_RANGE':
      return 'Input must be an item in the specified range.';
    case 'CHECKBOX':
      return 'Input must be a checkbox value.';
    case 'NUMBER_BETWEEN':
      return `Input must be a number between ${a[0]} and ${a[1]}.`;
    case 'DATE_IS_VALID_DATE':
      return 'Input must be a valid date.';
    case 'TEXT_IS_VALID_EMAIL':
      return 'Input must be a valid email address.';
    case 'TEXT_IS_VALID_URL':
      return 'Input must be a valid URL.';
    default:
      return 'Input must satisfy the rule set on this cell.';
  }
}

/**
 * A person types `input` into one cell: the message Sheets shows instead of
 * keeping the entry when the cell's rule is set to "Reject the input"
 * (setAllowInvalid(false)) and the typed value breaks it, else null (no rule,
 * a rule that only warns, or a value it accepts). Scripts' writes are never
 * rejected (see the top of this file); this is for what a person types.
 * https://support.google.com/docs/answer/186103 ("If the data is invalid: … Reject the input")
 * Guesses: the wording (Sheets shows the rule's help text when it has one,
 * else a sentence of its own that Google does not document); a formula is let
 * in, since the emulator does not compute it; pastes are not judged here
 * (Sheets' handling of pasted text over such cells is not documented).
 */
export function rejectedEntry(sheet: FakeSheet, row: number, column: number, input: unknown): string | null {
  const rule = sheet.validations.get(row, column);
  if (!rule || rule.state.allowInvalid) return null;
  const format = sheet.formats.get('numberFormat')?.get(row, column) as string | undefined;
  const typed = typeInput(input, format, { timeZone: sheet.parent.timeZone, nowMs: sheet.parent.env.clock.nowMs() });
  if (typed.formula !== null || satisfies(rule, typed.value, rangeValues)) return null;
  return rule.state.helpText ?? ruleText(rule);
}
