/**
 * The Help dialog: a short guide to the daily loop and a first-run checklist
 * (set up the ledger, fill Settings, turn on daily alerts), each step ticked
 * from what the spreadsheet holds, so the list says what is left rather than
 * what a newcomer might have done. Plain HTML in the editor add-on style
 * (https://developers.google.com/apps-script/add-ons/css): Arial, the add-on
 * stylesheet, sentence case. The page runs no script but the Close button's.
 */
import { escapeHtml } from '../ledger/html';
import { type DailyAlertsState, MENU_TITLE, dailyAlertsSummary } from './menu';

/** What the checklist is ticked from, read by the server in one pass. */
export interface HelpState {
  /** Ledger, Settings and Audit exist with their headers. */
  ledgerSetUp: boolean;
  /** The Settings lists still empty, by their header (Clients, Ad accounts, Owners, Markets). */
  emptySettingsLists: string[];
  /** null when alerts cannot be read (the ledger is not set up). */
  alerts: DailyAlertsState | null;
}

export interface ChecklistStep {
  title: string;
  done: boolean;
  /** What is true now, or what to do. */
  detail: string;
}

/** The Settings lists the sidebar's drop-downs and the alert rules need before the first request. */
export const FIRST_RUN_LISTS = ['Clients', 'Ad accounts', 'Owners', 'Markets'] as const;

export function firstRunChecklist(s: HelpState): ChecklistStep[] {
  const menu = (item: string) => `Extensions › ${MENU_TITLE} › ${item}`;
  const settingsDone = s.ledgerSetUp && s.emptySettingsLists.length === 0;
  const alertsOn = s.alerts?.on === true;
  return [
    {
      title: 'Set up the ledger',
      done: s.ledgerSetUp,
      detail: s.ledgerSetUp
        ? 'The Ledger, Settings and Audit sheets are in place.'
        : `Choose ${menu('Set up ledger')}: it adds the Ledger, Settings and Audit sheets and leaves your own sheets alone.`,
    },
    {
      title: 'Fill Settings',
      done: settingsDone,
      detail: settingsDone
        ? 'Clients, ad accounts, owners and markets are listed: the sidebar offers them.'
        : `On the Settings sheet, list ${listText(s.ledgerSetUp ? s.emptySettingsLists : [...FIRST_RUN_LISTS])}: the sidebar offers only what is listed, and owners on the Owners list are the ones alert emails go to.`,
    },
    {
      title: 'Turn on daily alerts',
      done: alertsOn,
      detail: alertsOn
        ? `Daily alerts are ${dailyAlertsSummary(s.alerts as DailyAlertsState)}.`
        : `Choose ${menu('Turn on daily alerts')}: every day at Settings › Alert hour the check marks codes that need renewing and emails their owners.`,
    },
  ];
}

function listText(lists: readonly string[]): string {
  const l = lists.map((x) => x.toLowerCase());
  if (l.length <= 1) return l.join('');
  return `${l.slice(0, -1).join(', ')} and ${l[l.length - 1]}`;
}

const GUIDE: readonly { title: string; text: string }[] = [
  {
    title: 'Every morning',
    text: 'Open the sidebar on Today: it lists what waits on you, most urgent first, and each line opens its video.',
  },
  {
    title: 'A new video',
    text: 'Request records the ask to the creator; Code records the Spark Code when it arrives, with its window, and works out the expiry.',
  },
  {
    title: 'Going live',
    text: 'Status moves a code to Activated once the paid owner has applied it, then Spending or Paused as the ad runs.',
  },
  {
    title: 'Before it expires',
    text: 'Owners get an email 7 days, 72 hours and 24 hours before. Decide renews with a new code, extends the same code, or retires it.',
  },
  {
    title: 'Clients',
    text: 'Publish client report copies a report into the client’s own spreadsheet: statuses in their words, figures per currency, only client notes.',
  },
  {
    title: 'If something looks wrong',
    text: 'Validate ledger lists the rows that need a person; Show history of the selected row says who changed what and when.',
  },
];

/** The whole dialog page. */
export function helpPage(s: HelpState): string {
  const steps = firstRunChecklist(s);
  const left = steps.filter((x) => !x.done).length;
  const head =
    left === 0 ? 'All set: the ledger is ready for the daily loop.' : `${left} of ${steps.length} first steps left.`;
  const stepHtml = steps
    .map(
      (x, i) =>
        `<li class="step${x.done ? ' done' : ''}"><span class="mark" aria-hidden="true">${x.done ? '✓' : String(i + 1)}</span>` +
        `<div><b>${escapeHtml(x.title)}</b><span class="state">${x.done ? 'Done' : 'To do'}</span><div class="secondary">${escapeHtml(x.detail)}</div></div></li>`,
    )
    .join('');
  const guideHtml = GUIDE.map((g) => `<dt>${escapeHtml(g.title)}</dt><dd>${escapeHtml(g.text)}</dd>`).join('');
  return `<!DOCTYPE html><html><head><base target="_top"><meta charset="utf-8">
<link rel="stylesheet" href="https://ssl.gstatic.com/docs/script/css/add-ons1.css">
<style>
body{font-family:Arial,Helvetica,sans-serif;font-size:13px;color:#202124;margin:0;padding:4px 16px 12px}
h2{font-size:15px;margin:12px 0 6px}
ol{list-style:none;padding:0;margin:0}
.step{display:flex;gap:10px;align-items:flex-start;padding:8px 0;border-bottom:1px solid #e0e0e0}
.mark{flex:none;width:22px;height:22px;border-radius:11px;background:#e8eaed;text-align:center;line-height:22px;font-weight:bold}
.done .mark{background:#1e8e3e;color:#fff}
.state{margin-left:8px;font-size:12px;color:#5f6368}
.secondary{color:#5f6368;margin-top:2px}
dt{font-weight:bold;margin-top:8px}dd{margin:2px 0 0}
.bar{margin-top:14px;text-align:right}
</style></head><body>
<h2 id="checklist-head">${escapeHtml(head)}</h2>
<ol id="checklist">${stepHtml}</ol>
<h2>How the ledger works</h2>
<dl id="guide">${guideHtml}</dl>
<div class="bar"><button class="action" id="close" onclick="google.script.host.close()">Close</button></div>
</body></html>`;
}
