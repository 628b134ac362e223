/**
 * OAuth scopes each emulated call needs, keyed 'Class.method' like the call
 * counter. A list means "any one of these scopes is enough"; [] means the
 * reference names no scope for the method.
 *
 * Every entry comes from the method's section on Google's Apps Script
 * reference page (the "Authorization" note under the method). The pages were
 * read from stored copies of developers.google.com and checked against the
 * per-method notes that the gas-types-detailed typings (a 2025-11-10 snapshot
 * of the same pages) repeat. CLASS_SCOPES holds the scopes most of a class's
 * methods list; METHOD_SCOPES holds the methods whose section says otherwise.
 * Emulator helpers that are not part of Google's API fall under their class.
 *
 * The reference is uneven: some methods that plainly touch the document have
 * no Authorization note (Spreadsheet.getSheets, getSheetByName, Range.offset,
 * Range.activate, SpreadsheetApp.flush, Ui.alert ...). They are recorded as
 * [] because that is what the pages say.
 *
 * Guesses (no section on the page, or the key cannot tell overloads apart),
 * each marked "not stated on the page: same as the class":
 *   Spreadsheet.setName, Spreadsheet.flush, Range.getColumnIndex,
 *   Range.setBackgroundColor, SpreadsheetApp.setActiveSheet.
 */

export const SCOPES = {
  spreadsheets: 'https://www.googleapis.com/auth/spreadsheets',
  spreadsheetsCurrentOnly: 'https://www.googleapis.com/auth/spreadsheets.currentonly',
  containerUi: 'https://www.googleapis.com/auth/script.container.ui',
  sendMail: 'https://www.googleapis.com/auth/script.send_mail',
  scriptApp: 'https://www.googleapis.com/auth/script.scriptapp',
  userinfoEmail: 'https://www.googleapis.com/auth/userinfo.email',
  externalRequest: 'https://www.googleapis.com/auth/script.external_request',
} as const;

/** The pages list the narrower scope first; Google's error message keeps that order. */
const SHEETS: readonly string[] = [SCOPES.spreadsheetsCurrentOnly, SCOPES.spreadsheets];
const ALL_SHEETS: readonly string[] = [SCOPES.spreadsheets];
const NONE: readonly string[] = [];

/** Scopes for a whole class, used for its methods not listed in METHOD_SCOPES. */
export const CLASS_SCOPES: Record<string, readonly string[]> = {
  // Spreadsheet service
  SpreadsheetApp: SHEETS, // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app
  Spreadsheet: SHEETS, // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet
  Sheet: SHEETS, // https://developers.google.com/apps-script/reference/spreadsheet/sheet
  Range: SHEETS, // https://developers.google.com/apps-script/reference/spreadsheet/range
  RangeList: SHEETS, // https://developers.google.com/apps-script/reference/spreadsheet/range-list
  Protection: SHEETS, // https://developers.google.com/apps-script/reference/spreadsheet/protection
  TextFinder: SHEETS, // https://developers.google.com/apps-script/reference/spreadsheet/text-finder
  DataValidation: NONE, // https://developers.google.com/apps-script/reference/spreadsheet/data-validation
  DataValidationBuilder: NONE, // https://developers.google.com/apps-script/reference/spreadsheet/data-validation-builder
  BooleanCondition: NONE, // https://developers.google.com/apps-script/reference/spreadsheet/boolean-condition
  ConditionalFormatRule: NONE, // https://developers.google.com/apps-script/reference/spreadsheet/conditional-format-rule
  ConditionalFormatRuleBuilder: NONE, // https://developers.google.com/apps-script/reference/spreadsheet/conditional-format-rule-builder
  EmbeddedChart: NONE, // https://developers.google.com/apps-script/reference/spreadsheet/embedded-chart
  EmbeddedChartBuilder: NONE, // https://developers.google.com/apps-script/reference/spreadsheet/embedded-chart-builder
  ContainerInfo: NONE, // https://developers.google.com/apps-script/reference/spreadsheet/container-info
  ChartOptions: NONE, // https://developers.google.com/apps-script/reference/charts/chart-options
  // Base service
  Ui: NONE, // https://developers.google.com/apps-script/reference/base/ui
  Menu: NONE, // https://developers.google.com/apps-script/reference/base/menu
  PromptResponse: NONE, // https://developers.google.com/apps-script/reference/base/prompt-response
  Session: NONE, // https://developers.google.com/apps-script/reference/base/session
  User: NONE, // https://developers.google.com/apps-script/reference/base/user
  Blob: NONE, // https://developers.google.com/apps-script/reference/base/blob
  Logger: NONE, // https://developers.google.com/apps-script/reference/base/logger
  // HTML service
  HtmlService: NONE, // https://developers.google.com/apps-script/reference/html/html-service
  HtmlOutput: NONE, // https://developers.google.com/apps-script/reference/html/html-output
  HtmlTemplate: NONE, // https://developers.google.com/apps-script/reference/html/html-template
  // Properties, Lock, Utilities
  PropertiesService: NONE, // https://developers.google.com/apps-script/reference/properties/properties-service
  Properties: NONE, // https://developers.google.com/apps-script/reference/properties/properties
  LockService: NONE, // https://developers.google.com/apps-script/reference/lock/lock-service
  Lock: NONE, // https://developers.google.com/apps-script/reference/lock/lock
  Utilities: NONE, // https://developers.google.com/apps-script/reference/utilities/utilities
  // Script service: only the trigger-managing calls list script.scriptapp.
  ScriptApp: NONE, // https://developers.google.com/apps-script/reference/script/script-app
  Trigger: [SCOPES.scriptApp], // https://developers.google.com/apps-script/reference/script/trigger
  TriggerBuilder: [SCOPES.scriptApp], // https://developers.google.com/apps-script/reference/script/trigger-builder
  ClockTriggerBuilder: NONE, // https://developers.google.com/apps-script/reference/script/clock-trigger-builder
  SpreadsheetTriggerBuilder: NONE, // https://developers.google.com/apps-script/reference/script/spreadsheet-trigger-builder
  // Mail: only script.send_mail is listed (no https://mail.google.com/).
  MailApp: [SCOPES.sendMail], // https://developers.google.com/apps-script/reference/mail/mail-app
  // URL Fetch: the service page says the whole service needs script.external_request.
  UrlFetchApp: [SCOPES.externalRequest], // https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app
  HTTPResponse: NONE, // https://developers.google.com/apps-script/reference/url-fetch/http-response
};

/** Per-method exceptions to the class default, keyed 'Class.method'. */
export const METHOD_SCOPES: Record<string, readonly string[]> = {
  // Opening or creating any spreadsheet needs the full scope; currentonly is not listed.
  'SpreadsheetApp.openById': ALL_SHEETS, // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#openById(String)
  'SpreadsheetApp.openByUrl': ALL_SHEETS, // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#openByUrl(String)
  'SpreadsheetApp.create': ALL_SHEETS, // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#create(String)
  'SpreadsheetApp.getUi': NONE, // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#getUi()
  'SpreadsheetApp.flush': NONE, // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#flush()
  'SpreadsheetApp.setActiveRange': NONE, // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#setActiveRange(Range)
  'SpreadsheetApp.setActiveSpreadsheet': NONE, // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#setActiveSpreadsheet(Spreadsheet)
  'SpreadsheetApp.newDataValidation': NONE, // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#newDataValidation()
  'SpreadsheetApp.newConditionalFormatRule': NONE, // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#newConditionalFormatRule()
  // setActiveSheet(sheet) lists no scope, setActiveSheet(sheet, restoreSelection) lists both; the key cannot tell them apart.
  'SpreadsheetApp.setActiveSheet': SHEETS, // not stated on the page: same as the class (https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#setActiveSheet(Sheet,Boolean))

  'Spreadsheet.getId': NONE, // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getId()
  'Spreadsheet.getSheets': NONE, // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getSheets()
  'Spreadsheet.getNumSheets': NONE, // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getNumSheets()
  'Spreadsheet.getSheetByName': NONE, // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getSheetByName(String)
  'Spreadsheet.getSheetById': NONE, // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getSheetById(Integer)
  'Spreadsheet.getActiveSheet': NONE, // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getActiveSheet()
  'Spreadsheet.getRangeByName': NONE, // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getRangeByName(String)
  'Spreadsheet.setName': SHEETS, // not stated on the page: same as the class (https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet)
  'Spreadsheet.flush': SHEETS, // not stated on the page: same as the class (https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet)

  'Sheet.activate': NONE, // https://developers.google.com/apps-script/reference/spreadsheet/sheet#activate()
  'Sheet.newChart': NONE, // https://developers.google.com/apps-script/reference/spreadsheet/sheet#newChart()

  'Range.activate': NONE, // https://developers.google.com/apps-script/reference/spreadsheet/range#activate()
  'Range.offset': NONE, // https://developers.google.com/apps-script/reference/spreadsheet/range#offset(Integer,Integer) (all three overloads)
  'Range.isPartOfMerge': NONE, // https://developers.google.com/apps-script/reference/spreadsheet/range#isPartOfMerge()
  'Range.getColumnIndex': SHEETS, // not stated on the page: same as the class (https://developers.google.com/apps-script/reference/spreadsheet/range)
  'Range.setBackgroundColor': SHEETS, // not stated on the page: same as the class (https://developers.google.com/apps-script/reference/spreadsheet/range)

  // Ui: only the HTML surfaces list a scope; alert, prompt, createMenu and createAddonMenu list none.
  'Ui.showSidebar': [SCOPES.containerUi], // https://developers.google.com/apps-script/reference/base/ui#showSidebar(Object)
  'Ui.showModalDialog': [SCOPES.containerUi], // https://developers.google.com/apps-script/reference/base/ui#showModalDialog(Object,String)
  'Ui.showModelessDialog': [SCOPES.containerUi], // https://developers.google.com/apps-script/reference/base/ui#showModelessDialog(Object,String)

  // getScriptTimeZone, getActiveUserLocale and getTemporaryActiveUserKey list none.
  'Session.getActiveUser': [SCOPES.userinfoEmail], // https://developers.google.com/apps-script/reference/base/session#getActiveUser()
  'Session.getEffectiveUser': [SCOPES.userinfoEmail], // https://developers.google.com/apps-script/reference/base/session#getEffectiveUser()

  // getOAuthToken, getScriptId, getService, getAuthorizationInfo and invalidateAuth list none.
  'ScriptApp.newTrigger': [SCOPES.scriptApp], // https://developers.google.com/apps-script/reference/script/script-app#newTrigger(String)
  'ScriptApp.getProjectTriggers': [SCOPES.scriptApp], // https://developers.google.com/apps-script/reference/script/script-app#getProjectTriggers()
  'ScriptApp.getUserTriggers': [SCOPES.scriptApp], // https://developers.google.com/apps-script/reference/script/script-app#getUserTriggers(Spreadsheet)
  'ScriptApp.deleteTrigger': [SCOPES.scriptApp], // https://developers.google.com/apps-script/reference/script/script-app#deleteTrigger(Trigger)

  // timeBased() lists script.scriptapp (the class default); forSpreadsheet lists the Sheets scopes instead.
  'TriggerBuilder.forSpreadsheet': SHEETS, // https://developers.google.com/apps-script/reference/script/trigger-builder#forSpreadsheet(Spreadsheet)
};

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** The scopes a call needs (any one suffices); [] when none. Unknown classes return []. */
export function scopesFor(key: string): readonly string[] {
  if (own(METHOD_SCOPES, key)) return METHOD_SCOPES[key];
  const dot = key.indexOf('.');
  const cls = dot < 0 ? key : key.slice(0, dot);
  return own(CLASS_SCOPES, cls) ? CLASS_SCOPES[cls] : NONE;
}

/**
 * Google's message when the manifest lacks every scope a method needs, e.g.
 * "You do not have permission to call SpreadsheetApp.openById. Required
 * permissions: https://www.googleapis.com/auth/spreadsheets"
 * (https://github.com/peterherrmann/BetterLog/issues/29). With several
 * scopes the list is parenthesised and joined by " || ", as in
 * "Required permissions: (https://www.googleapis.com/auth/spreadsheets.currentonly
 * || https://www.googleapis.com/auth/spreadsheets)". Newer runs may append
 * ". For more information, see https://developers.google.com/apps-script/guides/support/troubleshooting#authorization-is";
 * scripts that set oauthScopes can also see "Specified permissions are not
 * sufficient to call ..." with the same list. Neither variant is produced here.
 */
export function permissionMessage(key: string, scopes: readonly string[]): string {
  const head = `You do not have permission to call ${key}.`;
  if (scopes.length === 0) return head;
  const list = scopes.length === 1 ? scopes[0] : `(${scopes.join(' || ')})`;
  return `${head} Required permissions: ${list}`;
}
