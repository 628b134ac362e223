/**
 * Conditional format rules (stored per sheet, not evaluated).
 * https://developers.google.com/apps-script/reference/spreadsheet/conditional-format-rule-builder
 * https://developers.google.com/apps-script/reference/spreadsheet/boolean-condition
 */
import type { FakeRange } from './range';

export const BooleanCriteria = {
  CELL_EMPTY: 'CELL_EMPTY',
  CELL_NOT_EMPTY: 'CELL_NOT_EMPTY',
  DATE_AFTER: 'DATE_AFTER',
  DATE_BEFORE: 'DATE_BEFORE',
  DATE_EQUAL_TO: 'DATE_EQUAL_TO',
  DATE_NOT_EQUAL_TO: 'DATE_NOT_EQUAL_TO',
  DATE_AFTER_RELATIVE: 'DATE_AFTER_RELATIVE',
  DATE_BEFORE_RELATIVE: 'DATE_BEFORE_RELATIVE',
  DATE_EQUAL_TO_RELATIVE: 'DATE_EQUAL_TO_RELATIVE',
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
  TEXT_NOT_EQUAL_TO: 'TEXT_NOT_EQUAL_TO',
  TEXT_STARTS_WITH: 'TEXT_STARTS_WITH',
  TEXT_ENDS_WITH: 'TEXT_ENDS_WITH',
  CUSTOM_FORMULA: 'CUSTOM_FORMULA',
} as const;

export interface CfState {
  criteria: string | null;
  values: unknown[];
  background: string | null;
  fontColor: string | null;
  bold: boolean | null;
  italic: boolean | null;
  strikethrough: boolean | null;
  underline: boolean | null;
  ranges: FakeRange[];
}

export class FakeBooleanCondition {
  static gasName = 'BooleanCondition';
  constructor(private readonly s: CfState) {}
  getCriteriaType(): string | null {
    return this.s.criteria;
  }
  getCriteriaValues(): unknown[] {
    return this.s.values.slice();
  }
  getBackground(): string | null {
    return this.s.background;
  }
  getBackgroundObject(): null {
    return null;
  }
  getFontColor(): string | null {
    return this.s.fontColor;
  }
  getBold(): boolean | null {
    return this.s.bold;
  }
  getItalic(): boolean | null {
    return this.s.italic;
  }
  getStrikethrough(): boolean | null {
    return this.s.strikethrough;
  }
  getUnderline(): boolean | null {
    return this.s.underline;
  }
}

export class FakeConditionalFormatRule {
  static gasName = 'ConditionalFormatRule';
  constructor(readonly state: Readonly<CfState>) {}
  getRanges(): FakeRange[] {
    return this.state.ranges.slice();
  }
  getBooleanCondition(): FakeBooleanCondition | null {
    return this.state.criteria ? new FakeBooleanCondition(this.state as CfState) : null;
  }
  getGradientCondition(): null {
    return null;
  }
  copy(): FakeConditionalFormatRuleBuilder {
    return new FakeConditionalFormatRuleBuilder({
      ...this.state,
      values: this.state.values.slice(),
      ranges: this.state.ranges.slice(),
    });
  }
}

export class FakeConditionalFormatRuleBuilder {
  static gasName = 'ConditionalFormatRuleBuilder';
  private s: CfState;
  constructor(init?: CfState) {
    this.s = init ?? {
      criteria: null,
      values: [],
      background: null,
      fontColor: null,
      bold: null,
      italic: null,
      strikethrough: null,
      underline: null,
      ranges: [],
    };
  }
  private when(c: string, values: unknown[]): this {
    this.s.criteria = c;
    this.s.values = values;
    return this;
  }
  build(): FakeConditionalFormatRule {
    if (!this.s.criteria) throw new Error('Conditional format rule must have a condition.');
    return new FakeConditionalFormatRule({ ...this.s, values: this.s.values.slice(), ranges: this.s.ranges.slice() });
  }
  copy(): FakeConditionalFormatRuleBuilder {
    return new FakeConditionalFormatRuleBuilder({ ...this.s, ranges: this.s.ranges.slice() });
  }
  getRanges(): FakeRange[] {
    return this.s.ranges.slice();
  }
  getBooleanCondition(): FakeBooleanCondition | null {
    return this.s.criteria ? new FakeBooleanCondition(this.s) : null;
  }
  setRanges(ranges: FakeRange[]): this {
    this.s.ranges = ranges.slice();
    return this;
  }
  setBackground(color: string | null): this {
    this.s.background = color;
    return this;
  }
  setFontColor(color: string | null): this {
    this.s.fontColor = color;
    return this;
  }
  setBold(b: boolean | null): this {
    this.s.bold = b;
    return this;
  }
  setItalic(b: boolean | null): this {
    this.s.italic = b;
    return this;
  }
  setStrikethrough(b: boolean | null): this {
    this.s.strikethrough = b;
    return this;
  }
  setUnderline(b: boolean | null): this {
    this.s.underline = b;
    return this;
  }
  whenFormulaSatisfied(formula: string): this {
    return this.when('CUSTOM_FORMULA', [formula]);
  }
  whenCellEmpty(): this {
    return this.when('CELL_EMPTY', []);
  }
  whenCellNotEmpty(): this {
    return this.when('CELL_NOT_EMPTY', []);
  }
  whenTextEqualTo(t: string): this {
    return this.when('TEXT_EQUAL_TO', [t]);
  }
  whenTextNotEqualTo(t: string): this {
    return this.when('TEXT_NOT_EQUAL_TO', [t]);
  }
  whenTextContains(t: string): this {
    return this.when('TEXT_CONTAINS', [t]);
  }
  whenTextDoesNotContain(t: string): this {
    return this.when('TEXT_DOES_NOT_CONTAIN', [t]);
  }
  whenTextStartsWith(t: string): this {
    return this.when('TEXT_STARTS_WITH', [t]);
  }
  whenTextEndsWith(t: string): this {
    return this.when('TEXT_ENDS_WITH', [t]);
  }
  whenNumberBetween(a: number, b: number): this {
    return this.when('NUMBER_BETWEEN', [a, b]);
  }
  whenNumberNotBetween(a: number, b: number): this {
    return this.when('NUMBER_NOT_BETWEEN', [a, b]);
  }
  whenNumberEqualTo(n: number): this {
    return this.when('NUMBER_EQUAL_TO', [n]);
  }
  whenNumberNotEqualTo(n: number): this {
    return this.when('NUMBER_NOT_EQUAL_TO', [n]);
  }
  whenNumberGreaterThan(n: number): this {
    return this.when('NUMBER_GREATER_THAN', [n]);
  }
  whenNumberGreaterThanOrEqualTo(n: number): this {
    return this.when('NUMBER_GREATER_THAN_OR_EQUAL_TO', [n]);
  }
  whenNumberLessThan(n: number): this {
    return this.when('NUMBER_LESS_THAN', [n]);
  }
  whenNumberLessThanOrEqualTo(n: number): this {
    return this.when('NUMBER_LESS_THAN_OR_EQUAL_TO', [n]);
  }
  whenDateAfter(d: unknown): this {
    return this.when('DATE_AFTER', [d]);
  }
  whenDateBefore(d: unknown): this {
    return this.when('DATE_BEFORE', [d]);
  }
  whenDateEqualTo(d: unknown): this {
    return this.when('DATE_EQUAL_TO', [d]);
  }
}
