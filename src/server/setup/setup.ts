/**
 * setupLedger(): creates or repairs the sheets the add-on owns. Safe to run
 * again: it only adds what is missing, makes the Ledger's header row whole
 * (planHeaderRepair: a renamed header put back, a repeated one renamed "…
 * (copy)") and re-applies its own formats, rules and validations; data and
 * the agency's own columns stay where they are.
 */
import { DEFAULT_MARKETS, type FieldDef } from '../../core/ledger/fields';
import {
  ADVERTISER_HEADER,
  DEFAULT_ALERT_HOUR,
  RATE_HEADERS,
  SETTINGS_EXTRA_HEADERS,
  SETTINGS_HELP,
  SETTINGS_LISTS,
  SETTING_NAMES,
} from '../../core/ledger/settings';
import {
  FIELD_DEFS,
  HEADER_STYLE,
  RULE_MARK,
  expiryRuleFormulas,
  headerRepairReport,
  planHeaderRepair,
  validationFor,
} from '../../core/setup/plan';
import { numberFormatFor } from '../../core/ledger/sheetRow';
import { columnLetter, mapColumns } from '../../core/ledger/sheetRow';
import { AUDIT_HEADERS, CODE_HISTORY_HEADERS, SHEET } from '../../core/ledger/sheets';
import { type Env, openEnv } from '../ledger/env';
import { fitColumns } from '../ledger/logs';
import { findLedgerSheet, rememberLedgerSheet, sheetsWithLedgerHeaders } from '../ledger/ledger';
import { withDocumentLock } from '../ledger/lock';
import { sealWriter } from '../ledger/seal';
import { rememberNoMarks } from '../edits/validate';
import { SEAL_HEADER, sealColumnIndex } from '../../core/ledger/seal';

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
    setupSealColumn(env, result);
    setupLog(env, SHEET.audit, AUDIT_HEADERS, 'Audit log written by Spark Ledger: append-only.', result);
    setupLog(
      env,
      SHEET.codeHistory,
      CODE_HISTORY_HEADERS,
      'Every code a video has had, written by Spark Ledger.',
      result,
    );
    return result;
  });
}

/** The hidden Status seal column (seal.ts), made here once so that saves only ever fill it. */
function setupSealColumn(env: Env, result: SetupResult): void {
  const found = findLedgerSheet(env);
  if (!found) return;
  const header = headerRow(found.sheet);
  if (sealColumnIndex(header) >= 0) return;
  sealWriter(env, found.sheet, header).column(true);
  if (!result.created.includes(SHEET.ledger))
    result.repaired.push(
      `added the hidden ${SEAL_HEADER} column to the Ledger (it lets Spark Ledger check pasted statuses)`,
    );
}

function ensureSheet(
  env: Env,
  name: string,
  index: number | null,
  result: SetupResult,
): { sheet: Sheet; isNew: boolean } {
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
  const wanted = [...SETTINGS_LISTS.map((l) => l.header), ...SETTINGS_EXTRA_HEADERS, 'Setting', 'Value'];
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
  const names = sheet
    .getRange(1, settingCol, height, 1)
    .getValues()
    .map((r) => String(r[0]).trim().toLowerCase());
  if (!names.includes(SETTING_NAMES.alertHour.toLowerCase())) {
    let row = names.findIndex((n, i) => i > 0 && n === '') + 1;
    if (row <= 1) row = names.length + 1;
    sheet.getRange(row, settingCol, 1, 2).setValues([[SETTING_NAMES.alertHour, DEFAULT_ALERT_HOUR]]);
    if (!isNew) result.repaired.push(`Settings: added ${SETTING_NAMES.alertHour}`);
  }
  if (isNew) {
    // The optional named setting, so it is seen: blank means reports total per currency only.
    const next = Math.max(...names.map((n, i) => (n === '' ? 0 : i + 1)), 2) + 1;
    sheet.getRange(next, settingCol, 1, 2).setValues([[SETTING_NAMES.reportingCurrency, '']]);
  }
  sheet.getRange(2, valueCol, sheet.getMaxRows() - 1, 1).setNumberFormat('0');
  styleHeader(sheet, all.length);
  settingsNotesAndRules(sheet, all, col);
  const letters = new Map<string, string>();
  for (const list of SETTINGS_LISTS) letters.set(list.key, columnLetter(col(list.header)));
  return letters;
}

/**
 * The note on every Settings header (one read of the header notes, one write
 * when any differs), and the two checks a typo would otherwise reach a client
 * report through: a rate must be a number above 0, its day a date.
 * https://developers.google.com/apps-script/reference/spreadsheet/data-validation-builder
 */
function settingsNotesAndRules(sheet: Sheet, all: string[], col: (h: string) => number): void {
  const row = sheet.getRange(1, 1, 1, all.length);
  const notes = row.getNotes()[0];
  const wanted = all.map((h, i) => SETTINGS_HELP[h.trim()] ?? String(notes[i] ?? ''));
  if (wanted.some((n, i) => n !== String(notes[i] ?? ''))) row.setNotes([wanted]);
  const rows = sheet.getMaxRows() - 1;
  // Advertiser ids run to 19 digits; a number cell keeps 15 (Sheets help 56470), so the column is plain text.
  sheet.getRange(2, col(ADVERTISER_HEADER), rows, 1).setNumberFormat('@');
  const rule = (b: GoogleAppsScript.Spreadsheet.DataValidationBuilder, help: string) =>
    b.setAllowInvalid(false).setHelpText(help).build();
  sheet
    .getRange(2, col(RATE_HEADERS.rate), rows, 1)
    .setDataValidation(
      rule(SpreadsheetApp.newDataValidation().requireNumberGreaterThan(0), SETTINGS_HELP[RATE_HEADERS.rate]),
    );
  sheet
    .getRange(2, col(RATE_HEADERS.asOf), rows, 1)
    .setDataValidation(rule(SpreadsheetApp.newDataValidation().requireDate(), SETTINGS_HELP[RATE_HEADERS.asOf]));
}

/**
 * The Ledger, found as every job finds it (remembered id, name, header row)
 * and remembered by id, so a renamed tab is repaired rather than replaced by
 * a new, empty "Ledger". A tab named "Ledger" with no rows while another tab
 * holds the ledger's headers and rows is what an older version left after
 * the ledger was renamed: the tab with the rows is the ledger.
 */
function ensureLedger(env: Env, result: SetupResult): { sheet: Sheet; isNew: boolean } {
  const found = findLedgerSheet(env);
  if (!found) {
    const sheet = env.ss.insertSheet(SHEET.ledger, 0);
    result.created.push(SHEET.ledger);
    rememberLedgerSheet(env, sheet);
    rememberNoMarks();
    return { sheet, isNew: true };
  }
  let sheet = found.sheet;
  if (found.by === 'name' && sheet.getLastRow() <= 1) {
    const withRows = sheetsWithLedgerHeaders(env, sheet).filter((c) => c.dataRows > 0);
    if (withRows.length > 1) {
      throw new Error(
        `The tab "${SHEET.ledger}" is empty and ${withRows.length} other tabs hold ledger rows (${withRows.map((c) => `"${c.sheet.getName()}"`).join(', ')}). Delete the empty "${SHEET.ledger}" tab, rename the real ledger "${SHEET.ledger}", then set up again.`,
      );
    }
    if (withRows.length === 1) {
      sheet = withRows[0].sheet;
      result.repaired.push(
        `Ledger: the ledger's rows are on the tab "${sheet.getName()}", which is used from now on whatever its name; the empty tab "${SHEET.ledger}" is no longer used, so delete it`,
      );
    }
  } else if (found.by === 'headers') {
    result.repaired.push(
      `Ledger: found the renamed ledger tab "${sheet.getName()}" by its headers; it is used from now on whatever its name`,
    );
  }
  rememberLedgerSheet(env, sheet);
  return { sheet, isNew: false };
}

function setupLedgerSheet(env: Env, result: SetupResult, settingsLetters: Map<string, string>): void {
  const { sheet, isNew } = ensureLedger(env, result);
  const header = headerRow(sheet);
  const notes = header.length ? sheet.getRange(1, 1, 1, header.length).getNotes()[0] : [];
  const repair = planHeaderRepair(header, notes);
  for (const r of repair.renames) sheet.getRange(1, r.index + 1).setValue(r.to);
  for (const i of repair.clearNotes) sheet.getRange(1, i + 1).clearNote();
  appendHeaders(
    sheet,
    header.length,
    repair.append.map((f) => f.header),
  );
  if (!isNew) result.repaired.push(...headerRepairReport(repair, header.length, sheet.getLastRow() > 1));
  const cols = mapColumns(repair.headers);
  // The hidden Status seal column, made after this on a first setup, stays out of the styled and coloured area.
  const width = sealColumnIndex(repair.headers) === cols.width - 1 ? cols.width - 1 : cols.width;
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
    SpreadsheetApp.newConditionalFormatRule()
      .whenFormulaSatisfied(f.expired)
      .setBackground('#f4c7c3')
      .setRanges([area])
      .build(),
    SpreadsheetApp.newConditionalFormatRule()
      .whenFormulaSatisfied(f.expiring)
      .setBackground('#fce8b2')
      .setRanges([area])
      .build(),
  ]);
}

function ruleFormula(rule: GoogleAppsScript.Spreadsheet.ConditionalFormatRule): string {
  const cond = rule.getBooleanCondition();
  return cond ? cond.getCriteriaValues().map(String).join(' ') : '';
}

function applyValidation(
  env: Env,
  body: GoogleAppsScript.Spreadsheet.Range,
  def: FieldDef,
  settingsLetters: Map<string, string>,
): void {
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
  if (isNew) fitColumns(sheet, headers.length);
  if (sheet.getProtections(SpreadsheetApp.ProtectionType.SHEET).length === 0) {
    // Warning-only: people can still fix a typo, but the add-on's log is not edited by accident.
    sheet.protect().setDescription(description).setWarningOnly(true);
    if (!isNew) result.repaired.push(`${name}: protection restored`);
  }
}
