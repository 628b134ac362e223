/**
 * setupLedger(): creates or repairs the sheets the add-on owns. Safe to run
 * again: it only adds what is missing and re-applies its own formats, rules
 * and validations; data and the agency's own columns stay where they are.
 */
import { DEFAULT_MARKETS, FieldDef } from '../core/fields';
import { DEFAULT_ALERT_HOUR, SETTINGS_LISTS, SETTING_NAMES } from '../core/settings';
import { FIELD_DEFS, HEADER_STYLE, RULE_MARK, expiryRuleFormulas, numberFormatFor, validationFor } from '../core/setupPlan';
import { columnLetter, mapColumns } from '../core/sheetRow';
import { AUDIT_HEADERS, CODE_HISTORY_HEADERS, SHEET } from '../core/sheets';
import { Env, openEnv } from './env';
import { withDocumentLock } from './lock';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface SetupResult {
  created: string[];
  repaired: string[];
}

export function setupLedger(): SetupResult {
  const env = openEnv();
  return withDocumentLock(() => {
    const result: SetupResult = { created: [], repaired: [] };
    const settings = setupSettings(env, result);
    setupLedgerSheet(env, result, settings);
    setupLog(env, SHEET.audit, AUDIT_HEADERS, 'Audit log written by Spark Ledger: append-only.', result);
    setupLog(env, SHEET.codeHistory, CODE_HISTORY_HEADERS, 'Every code a video has had, written by Spark Ledger.', result);
    return result;
  });
}

function ensureSheet(env: Env, name: string, index: number | null, result: SetupResult): { sheet: Sheet; isNew: boolean } {
  const found = env.ss.getSheetByName(name);
  if (found) return { sheet: found, isNew: false };
  const sheet = index === null ? env.ss.insertSheet(name) : env.ss.insertSheet(name, index);
  result.created.push(name);
  return { sheet, isNew: true };
}

function headerRow(sheet: Sheet): unknown[] {
  const width = sheet.getLastColumn();
  return width === 0 ? [] : sheet.getRange(1, 1, 1, width).getValues()[0];
}

/** Adds missing headers after the last used column, growing the grid if needed. */
function appendHeaders(sheet: Sheet, existingWidth: number, headers: string[]): void {
  if (headers.length === 0) return;
  const need = existingWidth + headers.length - sheet.getMaxColumns();
  if (need > 0) sheet.insertColumnsAfter(sheet.getMaxColumns(), need);
  sheet.getRange(1, existingWidth + 1, 1, headers.length).setValues([headers]);
}

function styleHeader(sheet: Sheet, width: number): void {
  sheet
    .getRange(1, 1, 1, width)
    .setFontWeight(HEADER_STYLE.fontWeight)
    .setBackground(HEADER_STYLE.background)
    .setFontColor(HEADER_STYLE.fontColor)
    .setWrap(true);
  if (sheet.getFrozenRows() !== 1) sheet.setFrozenRows(1);
}

/** Settings: one column per list, then Setting / Value pairs. Returns where each list lives. */
function setupSettings(env: Env, result: SetupResult): Map<string, string> {
  const { sheet, isNew } = ensureSheet(env, SHEET.settings, null, result);
  const header = headerRow(sheet).map((h) => String(h).trim());
  const wanted = [...SETTINGS_LISTS.map((l) => l.header), 'Setting', 'Value'];
  const missing = wanted.filter((h) => !header.some((x) => x.toLowerCase() === h.toLowerCase()));
  if (missing.length) {
    appendHeaders(sheet, header.length, missing);
    if (!isNew) result.repaired.push(`Settings: added ${missing.join(', ')}`);
  }
  const all = [...header, ...missing];
  const col = (h: string) => all.findIndex((x) => x.toLowerCase() === h.toLowerCase()) + 1;
  if (isNew) {
    const markets = DEFAULT_MARKETS.map((m) => [m]);
    sheet.getRange(2, col('Markets'), markets.length, 1).setValues(markets);
  }
  const settingCol = col('Setting');
  const valueCol = col('Value');
  const height = Math.max(sheet.getLastRow(), 1);
  const names = sheet.getRange(1, settingCol, height, 1).getValues().map((r) => String(r[0]).trim().toLowerCase());
  if (!names.includes(SETTING_NAMES.alertHour.toLowerCase())) {
    let row = names.findIndex((n, i) => i > 0 && n === '') + 1;
    if (row <= 1) row = names.length + 1;
    sheet.getRange(row, settingCol, 1, 2).setValues([[SETTING_NAMES.alertHour, DEFAULT_ALERT_HOUR]]);
    if (!isNew) result.repaired.push(`Settings: added ${SETTING_NAMES.alertHour}`);
  }
  sheet.getRange(2, valueCol, sheet.getMaxRows() - 1, 1).setNumberFormat('0');
  styleHeader(sheet, all.length);
  const letters = new Map<string, string>();
  for (const list of SETTINGS_LISTS) letters.set(list.key, columnLetter(col(list.header)));
  return letters;
}

function setupLedgerSheet(env: Env, result: SetupResult, settingsLetters: Map<string, string>): void {
  const { sheet, isNew } = ensureSheet(env, SHEET.ledger, 0, result);
  const header = headerRow(sheet);
  const before = mapColumns(header);
  const missing = FIELD_DEFS.filter((f) => before.missing.includes(f.key as never));
  appendHeaders(sheet, header.length, missing.map((f) => f.header));
  if (missing.length && !isNew) result.repaired.push(`Ledger: added columns ${missing.map((f) => f.header).join(', ')}`);
  const cols = mapColumns([...header, ...missing.map((f) => f.header)]);
  const width = cols.width;
  const rows = sheet.getMaxRows() - 1;
  styleHeader(sheet, width);

  for (const def of FIELD_DEFS) {
    const c = (cols.index[def.key as keyof typeof cols.index] as number) + 1;
    const body = sheet.getRange(2, c, rows, 1);
    body.setNumberFormat(numberFormatFor(def));
    sheet.setColumnWidth(c, def.width);
    applyValidation(env, body, def, settingsLetters);
    sheet.getRange(1, c).setNote(def.help);
  }

  const expires = (cols.index.expiresOn as number) + 1;
  const status = (cols.index.status as number) + 1;
  const f = expiryRuleFormulas(columnLetter(expires), columnLetter(status));
  const area = sheet.getRange(2, 1, rows, width);
  const others = sheet.getConditionalFormatRules().filter((r) => !ruleFormula(r).includes(RULE_MARK));
  sheet.setConditionalFormatRules([
    ...others,
    SpreadsheetApp.newConditionalFormatRule().whenFormulaSatisfied(f.expired).setBackground('#f4c7c3').setRanges([area]).build(),
    SpreadsheetApp.newConditionalFormatRule().whenFormulaSatisfied(f.expiring).setBackground('#fce8b2').setRanges([area]).build(),
  ]);
}

function ruleFormula(rule: GoogleAppsScript.Spreadsheet.ConditionalFormatRule): string {
  const cond = rule.getBooleanCondition();
  return cond ? cond.getCriteriaValues().map(String).join(' ') : '';
}

function applyValidation(env: Env, body: GoogleAppsScript.Spreadsheet.Range, def: FieldDef, settingsLetters: Map<string, string>): void {
  const plan = validationFor(def, (list) => settingsLetters.get(list) ?? null);
  if (!plan) {
    body.clearDataValidations();
    return;
  }
  const b = SpreadsheetApp.newDataValidation().setHelpText(plan.help);
  switch (plan.type) {
    case 'list':
      b.requireValueInList(plan.values.slice(), true).setAllowInvalid(false);
      break;
    case 'settingsRange': {
      const settings = env.ss.getSheetByName(SHEET.settings) as Sheet;
      b.requireValueInRange(settings.getRange(`${plan.column}2:${plan.column}`), true).setAllowInvalid(false);
      break;
    }
    case 'date':
      b.requireDate().setAllowInvalid(false);
      break;
    case 'checkbox':
      b.requireCheckbox().setAllowInvalid(false);
      break;
    case 'number':
      b.requireNumberBetween(plan.min, plan.max).setAllowInvalid(false);
      break;
  }
  body.setDataValidation(b.build());
}

function setupLog(env: Env, name: string, headers: readonly string[], description: string, result: SetupResult): void {
  const { sheet, isNew } = ensureSheet(env, name, null, result);
  const header = headerRow(sheet).map((h) => String(h).trim());
  const missing = headers.filter((h) => !header.includes(h));
  appendHeaders(sheet, header.length, missing);
  if (missing.length && !isNew) result.repaired.push(`${name}: added ${missing.join(', ')}`);
  styleHeader(sheet, header.length + missing.length);
  if (sheet.getProtections(SpreadsheetApp.ProtectionType.SHEET).length === 0) {
    // Warning-only: people can still fix a typo, but the add-on's log is not edited by accident.
    sheet.protect().setDescription(description).setWarningOnly(true);
    if (!isNew) result.repaired.push(`${name}: protection restored`);
  }
}
