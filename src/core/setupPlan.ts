/** What setupLedger lays on each sheet, as data. */
import { FIELDS, FieldDef } from './fields';

/**
 * The automatic ("Automatic" in Format › Number) format: the pattern Sheets
 * reports from getNumberFormat for a cell nobody formatted. Google documents
 * no name for it; writing this pattern back keeps a cell automatic.
 */
export const AUTOMATIC_FORMAT = '0.###############';

export const HEADER_STYLE = { background: '#1a73e8', fontColor: '#ffffff', fontWeight: 'bold' } as const;

/**
 * Number format of each field kind. Text kinds get the automatic format, and
 * their strings are written with a leading apostrophe (sheetRow.quoteText),
 * which Sheets documents as keeping what follows as text:
 * https://support.google.com/docs/answer/3094139
 * Not plain text ('@'): what setValues does with '=…' in a plain-text cell is
 * documented nowhere, and there the apostrophe may become part of the text.
 */
export function numberFormatFor(def: FieldDef): string {
  switch (def.kind) {
    case 'date':
      return 'yyyy-mm-dd';
    case 'timestamp':
      return 'yyyy-mm-dd hh:mm';
    case 'money':
      return '#,##0.00';
    case 'days':
    case 'count':
      return '0';
    case 'bool':
      // Checkbox cells hold booleans, which no number format retypes.
      return AUTOMATIC_FORMAT;
    default:
      return AUTOMATIC_FORMAT;
  }
}

export type ValidationPlan =
  | { type: 'list'; values: readonly string[]; help: string }
  | { type: 'settingsRange'; column: string; help: string }
  | { type: 'date'; help: string }
  | { type: 'checkbox'; help: string }
  | { type: 'number'; min: number; max: number; help: string }
  | null;

export function validationFor(def: FieldDef, settingsColumnLetter: (list: string) => string | null): ValidationPlan {
  if ('system' in def && def.system && def.kind !== 'date') return null;
  switch (def.kind) {
    case 'enum':
    case 'status':
      return { type: 'list', values: def.options ?? [], help: def.help };
    case 'settingsList':
    case 'market': {
      const letter = def.settingsList ? settingsColumnLetter(def.settingsList) : null;
      return letter ? { type: 'settingsRange', column: letter, help: def.help } : null;
    }
    case 'date':
      return { type: 'date', help: def.help };
    case 'bool':
      return { type: 'checkbox', help: def.help };
    case 'days':
      return { type: 'number', min: 1, max: 365, help: def.help };
    case 'count':
    case 'money':
      return { type: 'number', min: 0, max: 1e12, help: def.help };
    default:
      return null;
  }
}

/** Marks our conditional-format rules so a re-run replaces them and keeps the agency's own. */
export const RULE_MARK = 'spark-ledger';

export function expiryRuleFormulas(expiresLetter: string, statusLetter: string): { expiring: string; expired: string } {
  const e = `$${expiresLetter}2`;
  const s = `$${statusLetter}2`;
  return {
    expired: `=AND(N("${RULE_MARK}:expired")=0,ISNUMBER(${e}),${e}<=NOW(),${s}<>"Retired")`,
    expiring: `=AND(N("${RULE_MARK}:expiring")=0,ISNUMBER(${e}),${e}>NOW(),${e}-NOW()<=3,${s}<>"Retired")`,
  };
}

export const FIELD_DEFS: readonly FieldDef[] = FIELDS as readonly FieldDef[];
