/**
 * Import: a CSV file read in the browser, checked by the server without
 * writing (importRows dryRun), shown line by line, then imported with one
 * click. Everything from the file or the server is put on the page as text.
 */
import type { FieldError } from '../../core/ledger/errors';
import { fieldLabel } from '../../core/ledger/fields';
import { REQUIRED_FIELDS } from '../../core/lifecycle/lifecycle';
import { call } from '../api';
import { busyButton } from '../busy';
import type { FormOptions } from '../controls';
import { append, clear, el, show } from '../dom';
import { rowLink } from '../formKit';

type ImportResult = Awaited<ReturnType<typeof importCall>>;
const importCall = (text: string, dryRun: boolean) => call('importRows', text, { dryRun });

/** Headers a new row needs: the Requested requirements and the checklist every request passes. */
export function requiredHeaders(): string[] {
  return [...REQUIRED_FIELDS.Requested, 'preRequestChecks'].map(fieldLabel);
}

/** More refused lines than this are counted, not listed: the person fixes the file and checks again. */
const LIST_AT_MOST = 100;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function fileSize(bytes: number): string {
  if (bytes < 1024) return plural(bytes, 'byte', 'bytes');
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Each reason starts with its field's label; most messages already do, and those are not prefixed twice. */
function errorItem(e: FieldError): HTMLElement {
  const label = e.field ? fieldLabel(e.field) : '';
  const named = label === '' || e.message.startsWith(label);
  return el('li', {}, named ? null : el('span', { class: 'err-field', text: `${label}: ` }), e.message);
}

/** Refused lines to list: a refusal of the whole file is already the message, so it is not listed again. */
function refusedLines(r: ImportResult): ImportResult['rejected'] {
  return r.rejected.filter(
    (x) => !(x.errors.length === 1 && x.errors[0].field === '' && x.errors[0].message === r.message),
  );
}

/** The file as a whole was refused (no headers, too many lines, the ledger busy): one sentence says why. */
function isWholeFile(r: ImportResult): boolean {
  return r.accepted === 0 && r.rejected.length > 0 && refusedLines(r).length === 0;
}

export function importPanel(opts: FormOptions): HTMLElement {
  const input = el('input', { type: 'file', id: 'import-file', accept: '.csv,text/csv', class: 'file-input' });
  const choose = el('label', {
    for: 'import-file',
    class: 'secondary file-pick',
    id: 'import-choose',
    text: 'Choose a CSV file…',
  });
  const fileInfo = el('p', { class: 'file-info', id: 'import-file-info', hidden: true });
  const checking = el(
    'p',
    { class: 'loading-inline', id: 'import-checking', role: 'status', hidden: true },
    el('span', { class: 'spinner dark', 'aria-hidden': 'true' }),
    ' Checking every line…',
  );
  const banner = el('div', { class: 'banner', id: 'import-banner', role: 'alert', hidden: true });
  const notice = el('div', { class: 'notice', id: 'import-notice', role: 'status', hidden: true });
  const result = el('div', { class: 'import-result', id: 'import-result', hidden: true });
  const importButton = busyButton('import-submit', 'Import rows', 'action');
  const buttons = el('div', { class: 'buttons' }, importButton.button);
  const nothing = el('p', {
    class: 'hint',
    id: 'import-nothing',
    hidden: true,
    text: 'Nothing in this file can be imported yet: fix the refused lines and choose the file again.',
  });
  const help = el(
    'p',
    { class: 'hint', id: 'import-help' },
    'First line: the Ledger’s headers. Required: ',
    el('span', { id: 'import-required', text: requiredHeaders().join(', ') }),
    '. Other Ledger columns are read too; any other column is left out.',
  );
  const root = el(
    'section',
    { class: 'tool', id: 'import', 'aria-labelledby': 'import-title' },
    el('h3', { id: 'import-title', text: 'Import rows from a CSV file' }),
    help,
    el('div', { class: 'row' }, input, choose),
    fileInfo,
    checking,
    banner,
    notice,
    result,
    nothing,
    buttons,
  );

  let text: string | null = null;
  let checked: ImportResult | null = null;
  // A newer file makes any answer still on its way about an older one irrelevant.
  let generation = 0;

  const setLocked = (locked: boolean) => {
    input.disabled = locked;
    choose.classList.toggle('disabled', locked);
    root.setAttribute('aria-busy', String(locked));
  };

  const failure = (message: string) => {
    banner.textContent = message;
    show(banner, true);
    banner.scrollIntoView({ block: 'nearest' });
  };

  const paintButton = () => {
    const n = checked ? checked.accepted : 0;
    importButton.setLabel(n > 0 ? `Import ${plural(n, 'row', 'rows')}` : 'Import rows');
    importButton.setReady(text !== null && n > 0);
    show(nothing, text !== null && checked !== null && n === 0 && !isWholeFile(checked));
  };

  /** `headline` false when the message already stands above, in the confirmation or the banner. */
  const showResult = (r: ImportResult, headline = true) => {
    clear(result);
    const lines = refusedLines(r);
    if (isWholeFile(r)) {
      result.appendChild(el('p', { id: 'import-message', class: 'banner', text: r.message }));
      show(result, true);
      return;
    }
    append(
      result,
      headline ? el('p', { id: 'import-message', class: 'import-message', text: r.message }) : null,
      el(
        'p',
        { id: 'import-counts', class: 'counts' },
        el('span', {
          class: r.accepted > 0 ? 'count-ok' : '',
          text: `${r.accepted} ${r.dryRun ? 'ready to import' : 'imported'}`,
        }),
        ' · ',
        el('span', { class: lines.length > 0 ? 'count-bad' : '', text: `${lines.length} refused` }),
      ),
      r.ignoredColumns.length
        ? el('p', {
            id: 'import-ignored',
            class: 'hint',
            text: `Left out (not Ledger columns): ${r.ignoredColumns.join(', ')}`,
          })
        : null,
    );
    if (lines.length) {
      const list = el('ul', { class: 'rejected', id: 'import-rejected' });
      for (const x of lines.slice(0, LIST_AT_MOST)) {
        list.appendChild(
          el(
            'li',
            { 'data-line': x.line },
            el('div', { class: 'line-head', text: x.line > 0 ? `Line ${x.line}` : 'Whole file' }),
            el('ul', { class: 'errors' }, ...x.errors.map(errorItem)),
          ),
        );
      }
      result.appendChild(list);
      if (lines.length > LIST_AT_MOST)
        result.appendChild(
          el('p', {
            class: 'hint',
            id: 'import-more',
            text: `…and ${plural(lines.length - LIST_AT_MOST, 'more refused line', 'more refused lines')}. Fix these and choose the file again.`,
          }),
        );
    }
    show(result, true);
  };

  const preview = async (mine: number, body: string) => {
    show(checking, true);
    setLocked(true);
    try {
      const r = await importCall(body, true);
      if (mine !== generation) return;
      checked = r;
      showResult(r);
    } catch (e) {
      if (mine === generation) failure((e as Error).message);
    } finally {
      if (mine === generation) {
        show(checking, false);
        setLocked(false);
        paintButton();
      }
    }
  };

  input.addEventListener('change', () => {
    const file = input.files?.[0];
    generation++;
    const mine = generation;
    text = null;
    checked = null;
    clear(result);
    show(result, false);
    show(banner, false);
    show(notice, false);
    paintButton();
    if (!file) return;
    fileInfo.textContent = `${file.name} · ${fileSize(file.size)}`;
    show(fileInfo, true);
    // Cleared so that choosing the same file again, after fixing it, reads it again.
    input.value = '';
    const reader = new FileReader();
    reader.onload = () => {
      if (mine !== generation) return;
      text = String(reader.result ?? '');
      void preview(mine, text);
    };
    reader.onerror = () => {
      if (mine === generation) failure(`The file ${file.name} could not be read; choose it again.`);
    };
    // https://developer.mozilla.org/en-US/docs/Web/API/FileReader/readAsText (UTF-8 unless told otherwise)
    reader.readAsText(file);
  });

  importButton.button.addEventListener('click', () => {
    const body = text;
    if (body === null || importButton.isBusy()) return;
    const mine = generation;
    setLocked(true);
    show(banner, false);
    show(notice, false);
    void importButton.run(async () => {
      try {
        const r = await importCall(body, false);
        if (r.accepted === 0 || !r.rows) {
          // Nothing written (the ledger changed since the check, or it is busy): say why and allow a retry.
          failure(r.message);
          // A refusal of the whole file (the ledger busy) leaves the check's list in place.
          if (!isWholeFile(r)) showResult(r, false);
          return;
        }
        // This file is in the ledger now: importing it again would only meet duplicates.
        text = null;
        checked = null;
        clear(notice);
        const { first, last } = r.rows;
        const href = rowLink(opts.ledgerUrl, first);
        append(
          notice,
          el('p', { text: r.message }),
          el('p', {
            id: 'import-rows',
            text: first === last ? `Written to row ${first}.` : `Written to rows ${first}–${last}.`,
          }),
          href
            ? el('a', {
                href,
                target: '_blank',
                rel: 'noopener',
                id: 'import-rowlink',
                text: `Open row ${first} in the Ledger`,
              })
            : null,
        );
        show(notice, true);
        showResult(r, false);
        notice.scrollIntoView({ block: 'nearest' });
      } finally {
        if (mine === generation) setLocked(false);
        paintButton();
      }
    }, failure);
  });

  paintButton();
  return root;
}
