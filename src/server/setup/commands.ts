/**
 * Every menu command, in one place, with one way of telling the person who
 * clicked what happened. A command either finishes and says what it did, or
 * fails and says "<command> failed: <why>", in an alert titled with the
 * add-on's name. Nothing is left to Apps Script's error toast: the features'
 * errors are written for people (a busy ledger, a header missing, a client
 * with no rows), and they say what was not done. The features never import
 * this file, so it closes no import cycle.
 */
import { MENU_TITLE, dailyAlertsSummary, hourText } from '../../core/setup/menu';
import { FIRST_RUN_LISTS, type HelpState, helpPage } from '../../core/setup/help';
import { SETTINGS_LISTS } from '../../core/ledger/settings';
import { SHEET } from '../../core/ledger/sheets';
import { problemSummary } from '../../core/edits/validate';
import { archiveClosed, previewArchive } from '../archive/archive';
import { archivePreviewText } from '../../core/archive/archive';
import { videoIdOf } from '../../core/ledger/video';
import { validateLedger } from '../edits/validate';
import { runExpiryCheck } from '../expiry/check';
import { type DailyAlertsResult, dailyAlertsState, disableDailyAlerts, enableDailyAlerts } from '../expiry/trigger';
import { auditTrail } from '../ledger/auditLog';
import { openEnv } from '../ledger/env';
import { getSelectedRecord } from '../lifecycle/lookup';
import { type RefreshResult, publishAllClientReports, refreshAllClientReports } from '../reports/reports';
import { publishAllOutcome, showClientPicker, showOutcome } from '../reports/picker';
import { buildAiFunnel } from '../reports/funnel';
import { onOpen } from './menu';
import { setupLedger } from './setup';
import { readSettings } from '../ledger/settingsSheet';

type Ui = GoogleAppsScript.Base.Ui;

function ui(): Ui {
  return SpreadsheetApp.getUi();
}

function say(message: string, title = MENU_TITLE): void {
  ui().alert(title, message, ui().ButtonSet.OK);
}

function ask(message: string): boolean {
  return ui().alert(MENU_TITLE, message, ui().ButtonSet.YES_NO) === ui().Button.YES;
}

/** The one policy: run, then tell; on a failure, say which command failed and why. */
function command(caption: string, run: () => void): void {
  try {
    run();
  } catch (e) {
    say(failure(caption, e));
  }
}

function failure(caption: string, e: unknown): string {
  return `${caption} failed: ${(e as Error)?.message ?? String(e)}`;
}

// ---- the ledger --------------------------------------------------------------

export function menuSetupLedger(): void {
  command('Set up ledger', () => {
    const r = setupLedger();
    const parts: string[] = [];
    if (r.created.length) parts.push(`Created: ${r.created.join(', ')}.`);
    if (r.repaired.length) parts.push(`Repaired: ${r.repaired.join('; ')}.`);
    say(parts.length ? parts.join('\n') : 'The ledger is already set up; nothing needed changing.');
  });
}

/** Column names in a sentence, the first six and how many more. */
function names(list: readonly string[]): string {
  return list.length > 6 ? `${list.slice(0, 6).join(', ')} and ${list.length - 6} more` : list.join(', ');
}

export function menuValidateLedger(): void {
  command('Validate ledger', () => {
    const r = validateLedger();
    const left = r.highlightsLeft
      ? `\n\nContinues: earlier highlights in ${r.highlightsLeft.length} column${r.highlightsLeft.length === 1 ? '' : 's'} (${names(r.highlightsLeft)}) were not looked at in time. Choose Extensions › ${MENU_TITLE} › Validate ledger again to clear the ones no longer needed.`
      : '';
    say(problemSummary(r.checked, r.problems, r.attention) + left, `${MENU_TITLE} · Validate ledger`);
  });
}

/** How many history lines the menu item shows; the rest are in the sheets it names. */
const HISTORY_LINES = 25;

export function menuAuditTrail(): void {
  const title = `${MENU_TITLE} · History`;
  command('Show history of the selected row', () => {
    const rec = getSelectedRecord();
    if (!rec) {
      say("Select a row of the Ledger first: its video's history is shown.", title);
      return;
    }
    const { lines, unreadable } = auditTrail(rec.videoUrl);
    const zone = SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone();
    const when = (iso: string) =>
      /^\d{4}-\d{2}-\d{2}T/.test(iso) ? Utilities.formatDate(new Date(iso), zone, 'yyyy-MM-dd HH:mm') : iso;
    const shown = lines
      .slice(0, HISTORY_LINES)
      .map(
        (l) =>
          `${when(l.when)} · ${l.field}: ${l.oldValue || '—'} → ${l.newValue || '—'} (${l.who}, ${l.via}; ${l.source})`,
      );
    const more =
      lines.length > HISTORY_LINES
        ? `\n…and ${lines.length - HISTORY_LINES} older lines in the Audit and its logs.`
        : '';
    const gone = unreadable.length ? `\n\nCould not open: ${unreadable.join(', ')}.` : '';
    say(
      lines.length
        ? `${lines.length} lines for ${rec.videoUrl}, newest first:\n\n${shown.join('\n')}${more}${gone}`
        : `No Audit lines for ${rec.videoUrl}.${gone}`,
      title,
    );
  });
}

export function menuArchiveClosed(): void {
  const answer = ui().prompt(
    'Archive closed rows',
    'Move Retired and Expired rows closed more than how many days ago? (for example 90)',
    ui().ButtonSet.OK_CANCEL,
  );
  if (answer.getSelectedButton() !== ui().Button.OK) return;
  command('Archive closed rows', () => {
    // The rows are shown first, and only those move (docs/product.md §2): archiving takes rows out of the Ledger.
    const preview = previewArchive(answer.getResponseText());
    if (preview.total === 0) return say('No Retired or Expired row is old enough to archive.');
    if (!ask(archivePreviewText(preview))) return;
    const ids = preview.rows.map((p) => videoIdOf(p.videoUrl)).filter((id): id is string => id !== null);
    const r = archiveClosed(preview.days, { videoIds: ids });
    let message =
      r.moved === 0
        ? 'Nothing was moved: the rows shown changed before they could be archived. Choose Archive closed rows again.'
        : `Moved ${r.moved} row${r.moved === 1 ? '' : 's'} to ${SHEET.archive}.`;
    if (r.moved > 0 && r.moved < ids.length)
      message += ` ${ids.length - r.moved} of the rows shown were changed meanwhile and stayed in the Ledger.`;
    if (preview.total > preview.rows.length)
      message += ` ${preview.total - preview.rows.length} more closed rows were not in this list: choose Archive closed rows again.`;
    if (r.remaining > 0) message += ` ${r.remaining} more wait for the next run: choose Archive closed rows again.`;
    say(message);
  });
}

// ---- expiry alerts ----------------------------------------------------------

export function menuRunExpiryCheck(): void {
  command('Run expiry check now', () => {
    const r = runExpiryCheck();
    const parts = [
      `Checked ${r.checked} live code${r.checked === 1 ? '' : 's'}: ${r.renewalNeeded} moved to Renewal needed, ${r.expired} to Expired.`,
      `${r.emailsSent} email${r.emailsSent === 1 ? '' : 's'} sent${r.deferred ? `, ${r.deferred} waiting for the next run (see the Audit sheet)` : ''}.`,
    ];
    if (r.continues)
      parts.push(
        `Continues: ${r.continues}. With daily alerts on, the next hourly run carries on; otherwise choose Extensions › ${MENU_TITLE} › Run expiry check now again.`,
      );
    if (r.auditLinesMoved)
      parts.push(
        `${r.auditLinesMoved} older Audit lines moved to the yearly log spreadsheets (see the "Audit logs" sheet).`,
      );
    if (r.rolloverError)
      parts.push(
        `Moving older Audit lines to the log spreadsheets failed (${r.rolloverError}); the next run tries again. No line was lost.`,
      );
    if (r.lastAlertStale)
      parts.push(
        `Last alert could not be written for ${r.lastAlertStale} code${r.lastAlertStale === 1 ? '' : 's'}; the Audit sheet has the day each email went out.`,
      );
    for (const f of r.failed ?? []) {
      parts.push(
        f.dropped
          ? `Not sent to ${f.to}: ${f.reason} Fix that Paid owner or Creator owner; the corrected address gets the alert on the next run.`
          : `Not sent to ${f.to} (${f.reason}); it is retried on the next run.`,
      );
    }
    say(parts.join('\n'));
  });
}

/** The day's check runs in the trigger's first hourly run from the alert hour, which Google fires at a minute of its choosing within that hour: https://developers.google.com/apps-script/guides/triggers/installable#time-driven_triggers */
function timeWindow(hour: number): string {
  return `between ${hourText(hour)} and ${hourText((hour + 1) % 24)} (spreadsheet time)`;
}

/** The state as the menu now shows it, in a sentence. */
function stateSentence(): string {
  const s = dailyAlertsState(true);
  return s
    ? `Daily alerts are now ${dailyAlertsSummary(s)}.`
    : 'Whether daily alerts are on could not be read; reopen the spreadsheet to see.';
}

function auditNote(r: DailyAlertsResult): string {
  return r.auditFailed ? `\nThe Audit sheet could not record this change: ${r.auditFailed}` : '';
}

/** Rebuilds the add-on menu so its alert items show the new state; false when it could not (tried twice). */
function refreshMenu(): boolean {
  for (let i = 0; i < 2; i++) {
    try {
      onOpen({ authMode: ScriptApp.AuthMode.FULL } as GoogleAppsScript.Events.SheetsOnOpen);
      return true;
    } catch (_) {
      // tried again once
    }
  }
  return false;
}

/** An alerts command: its message, or its failure with the state as it now is; then the menu rebuilt to show that state. */
function alertsCommand(caption: string, run: () => string | null): void {
  let message: string | null;
  try {
    message = run();
  } catch (e) {
    message = `${failure(caption, e)}\n${stateSentence()}`;
  }
  if (message === null) return;
  say(refreshMenu() ? message : `${message}\nThe menu could not be updated; reopen the spreadsheet to see it right.`);
}

export function menuEnableDailyAlerts(): void {
  alertsCommand('Turning daily alerts on', () => {
    let r = enableDailyAlerts({ via: 'menu' });
    if (!r.mine && r.enabled) {
      const yes = ask(
        `Daily alerts belong to ${r.by}: the check runs ${timeWindow(r.hour)} under their account, and only they can change or stop it.\n\n` +
          'Take them over? Your own trigger will run the check at the Settings hour instead, and theirs removes itself the next time it runs.',
      );
      if (!yes) {
        say(`Nothing changed: daily alerts stay with ${r.by}.`);
        return null;
      }
      r = enableDailyAlerts({ takeOver: true, via: 'menu' });
    }
    const took = r.takenOverFrom
      ? `You took over daily alerts from ${r.takenOverFrom}; their trigger removes itself the next time it runs.\n`
      : '';
    return (
      `${took}Daily alerts are on: the expiry check runs every day ${timeWindow(r.hour)}, under your account. ` +
      `Change the hour in Settings › Alert hour, then choose this menu item again.${auditNote(r)}`
    );
  });
}

export function menuDisableDailyAlerts(): void {
  alertsCommand('Turning daily alerts off', () => {
    const r = disableDailyAlerts({ via: 'menu' });
    if (r.enabled)
      return (
        `Daily alerts stay on: they belong to ${r.by}, whose trigger runs the check ${timeWindow(r.hour)}, and only they can turn them off.\n\n` +
        `To turn them off yourself, take them over first (the menu's "Take over daily alerts" item), then choose Turn off daily alerts.`
      );
    return `Daily alerts are off. No expiry emails go out until you turn them on again; Run expiry check now still works.${auditNote(r)}`;
  });
}

// ---- reports ------------------------------------------------------------------

const NO_CLIENTS = 'No client has rows in the ledger yet: there is no report to make.';

/** The client is picked from a list in a dialog (reports/picker.ts), which then builds the report. */
export function menuGenerateClientReport(): void {
  command('Generate client report', () => {
    if (!showClientPicker('generate')) say(NO_CLIENTS);
  });
}

function activateSheet(name: string): void {
  const sheet = openEnv().ss.getSheetByName(name);
  if (sheet) sheet.activate();
}

export function menuRefreshAllClientReports(): void {
  command('Refresh all client reports', () => say(refreshMessage(refreshAllClientReports())));
}

/** Settings problems the reports met, each once, after what was done. */
function noticesText(notices: readonly string[]): string {
  const once = notices.filter((n, i) => notices.indexOf(n) === i);
  return once.length ? `\n\nTo fix in Settings:\n${once.map((n) => `• ${n}`).join('\n')}` : '';
}

/** What the person who chose the menu item is told: what was rebuilt, and what a next run will carry on with. */
export function refreshMessage(r: RefreshResult): string {
  const n = r.reports.length;
  if (n === 0 && r.left === 0) return 'No client has rows in the ledger yet: there is no report to refresh.';
  const did = `Refreshed ${n} client report${n === 1 ? '' : 's'}: ${r.reports.map((x) => x.sheetName).join(', ')}.`;
  const before = r.doneBefore ? ` ${r.doneBefore} were refreshed earlier today.` : '';
  const fix = noticesText(r.reports.flatMap((x) => x.notices ?? []));
  if (r.left === 0) return did + before + fix;
  return `${did}${before} Continues: ${r.left} more ${r.left === 1 ? 'is' : 'are'} left, which did not fit in one run. Choose Extensions › ${MENU_TITLE} › Refresh all client reports again and it carries on where this one stopped.${fix}`;
}

/** Picked from a list like Generate; the dialog then shows the published copy's link. */
export function menuPublishClientReport(): void {
  command('Publish client report', () => {
    if (!showClientPicker('publish')) say(NO_CLIENTS);
  });
}

/** Every client's report published (in runs, like Refresh all), then a dialog with each copy's link. */
export function menuPublishAllClientReports(): void {
  command('Publish all client reports', () => {
    const r = publishAllClientReports();
    showOutcome(
      'Publish all client reports',
      publishAllOutcome(r, `Extensions › ${MENU_TITLE} › Publish all client reports`),
    );
  });
}

export function menuBuildAiFunnel(): void {
  command('Build AI funnel', () => {
    const r = buildAiFunnel();
    activateSheet(r.sheetName);
    say(`"${r.sheetName}" is up to date.`);
  });
}

// ---- help --------------------------------------------------------------------

/**
 * The Help dialog, its first-run checklist ticked from the spreadsheet: one
 * getSheets, one read of Settings, and the alert record with this user's
 * triggers. https://developers.google.com/apps-script/reference/base/ui#showModalDialog(Object,String)
 */
export function menuShowHelp(): void {
  command('Show help and first steps', () => {
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    const names = new Set(ss.getSheets().map((sh) => sh.getName()));
    const ledgerSetUp = [SHEET.ledger, SHEET.settings, SHEET.audit].every((n) => names.has(n));
    const state: HelpState = { ledgerSetUp, emptySettingsLists: [], alerts: null };
    if (ledgerSetUp) {
      const settings = readSettings(openEnv());
      state.emptySettingsLists = FIRST_RUN_LISTS.filter((header) => {
        const list = SETTINGS_LISTS.find((l) => l.header === header);
        return list !== undefined && settings[list.key].length === 0;
      });
      state.alerts = dailyAlertsState(true);
    }
    const html = HtmlService.createHtmlOutput(helpPage(state)).setWidth(520).setHeight(560);
    ui().showModalDialog(html, `${MENU_TITLE} · Help and first steps`);
  });
}
