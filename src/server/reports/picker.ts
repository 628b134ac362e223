/**
 * Picking a client from a list rather than typing its name: a small modal
 * dialog (src/client/clientPicker.html, inlined by the build) lists every
 * client with rows, and calls clientReportFromPicker through google.script.run
 * (https://developers.google.com/apps-script/guides/html/reference/run). The
 * same page shows what happened, with the published links as links.
 * https://developers.google.com/apps-script/reference/base/ui#showModalDialog(Object,String)
 */
import { MENU_TITLE } from '../../core/setup/menu';
import { openEnv } from '../ledger/env';
import { readLedger } from '../ledger/ledger';
import {
  type PublishAllResult,
  type PublishResult,
  generateClientReport,
  publishClientReport,
  viewLedger,
} from './reports';

/** The dialog page; the build puts src/client/clientPicker.html here as text (src/tools/build.mjs). */
declare const __CLIENT_PICKER_HTML__: string;

export type PickerAction = 'generate' | 'publish';

const ACTIONS: Record<PickerAction, { title: string; prompt: string; button: string; working: string }> = {
  generate: {
    title: 'Generate client report',
    prompt: 'Choose the client whose report tab to build or rebuild.',
    button: 'Generate report',
    working: 'Building the report…',
  },
  publish: {
    title: 'Publish client report',
    prompt:
      "Choose the client whose report to publish: it is rebuilt, copied into the client's own spreadsheet and shared with the address in Settings › Client report email.",
    button: 'Publish report',
    working: 'Publishing… this can take a minute.',
  },
};

export interface DialogLink {
  label: string;
  url: string;
  note?: string;
}

/** What the dialog shows once done. */
export interface PickerOutcome {
  message: string;
  links: DialogLink[];
  notices: string[];
}

/**
 * The page with its data. The JSON sits in a non-executed script element, with
 * "<" escaped, so no name can end the element early; the page sets every name
 * as text.
 */
function page(data: object): string {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return __CLIENT_PICKER_HTML__.replace('/*PICKER_DATA*/', () => json);
}

function show(data: object, title: string, height: number): void {
  // https://developers.google.com/apps-script/reference/html/html-service#createHtmlOutput(String)
  const html = HtmlService.createHtmlOutput(page(data)).setWidth(460).setHeight(height);
  SpreadsheetApp.getUi().showModalDialog(html, `${MENU_TITLE} · ${title}`);
}

/** The dialog listing every client that has rows (Ledger and Archive), or false when there is none. */
export function showClientPicker(action: PickerAction): boolean {
  const env = openEnv();
  const view = viewLedger(readLedger(env), env);
  if (view.clients.length === 0) return false;
  const counts = view.counts();
  const a = ACTIONS[action];
  show(
    {
      mode: 'pick',
      action,
      prompt: a.prompt,
      button: a.button,
      working: a.working,
      clients: view.clients.map((name) => ({ name, videos: counts.get(name) ?? 0 })),
    },
    a.title,
    Math.min(520, 190 + 34 * Math.min(view.clients.length, 8)),
  );
  return true;
}

/** The result dialog of a command that ran from the menu (publish all). */
export function showOutcome(title: string, outcome: PickerOutcome): void {
  show(
    { mode: 'done', ...outcome },
    title,
    Math.min(520, 150 + 44 * outcome.links.length + 30 * outcome.notices.length),
  );
}

const videos = (n: number) => `${n} video${n === 1 ? '' : 's'}`;

/** What a person is told about one published copy: who it is shared with, or how to share it. */
export function publishedNote(r: PublishResult): string {
  const shared = r.sharedWith.length
    ? `Shared as a viewer with ${r.sharedWith.join(', ')}.`
    : 'Not shared with anyone: add the client’s address in Settings › Client report email, then publish again.';
  const removed = r.unshared?.length ? ` No longer shared with ${r.unshared.join(', ')}.` : '';
  return shared + removed;
}

/**
 * The dialog's call: builds or publishes the chosen client's report and says
 * what happened. The name is matched forgivingly (spaces, case) on the server.
 */
export function clientReportFromPicker(action: unknown, client: unknown): PickerOutcome {
  if (action !== 'generate' && action !== 'publish') throw new Error('Choose Generate or Publish from the menu again.');
  const name = String(client ?? '');
  if (action === 'generate') {
    const r = generateClientReport(name);
    const sheet = openEnv().ss.getSheetByName(r.sheetName);
    if (sheet) sheet.activate();
    return { message: `"${r.sheetName}" is ready with ${videos(r.rows)}.`, links: [], notices: r.notices ?? [] };
  }
  const r = publishClientReport(name);
  return {
    message: `The report for ${name.trim()} is published in the client's own spreadsheet; they never need this ledger.`,
    links: [{ label: 'Open the published report', url: r.url, note: publishedNote(r) }],
    notices: r.notices ?? [],
  };
}

/** Publish all, in words and links. */
export function publishAllOutcome(r: PublishAllResult, menuPath: string): PickerOutcome {
  const n = r.published.length;
  const before = r.doneBefore ? ` ${r.doneBefore} were published earlier today.` : '';
  let message =
    n === 0 && r.left === 0
      ? r.doneBefore
        ? `Every client's report was already published today.${before}`
        : 'No client has rows in the ledger yet: there is no report to publish.'
      : `Published ${n} client report${n === 1 ? '' : 's'}.${before}`;
  if (r.left > 0)
    message += ` Continues: ${r.left} more ${r.left === 1 ? 'is' : 'are'} left, which did not fit in one run. Choose ${menuPath} again and it carries on where this one stopped.`;
  return {
    message,
    links: r.published.map((p) => ({
      label: `${p.client} (${videos(p.rows)})`,
      url: p.url,
      note: publishedNote(p),
    })),
    notices: r.published.flatMap((p) => p.notices ?? []).filter((x, i, all) => all.indexOf(x) === i),
  };
}
