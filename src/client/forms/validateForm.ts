/**
 * Check the ledger: validateLedger() over every row, each problem listed with
 * a link to its row; the server highlights the same cells in the sheet.
 */
import { call } from '../api';
import { busyButton } from '../busy';
import type { FormOptions } from '../controls';
import { append, clear, el, show } from '../dom';
import { rowLink } from '../formKit';

/** A ledger in bad shape lists its first rows; the sheet's highlights show the rest. */
const LIST_AT_MOST = 200;

export function validatePanel(opts: FormOptions): HTMLElement {
  const check = busyButton('validate-submit', 'Check the ledger', 'secondary');
  const banner = el('div', { class: 'banner', id: 'validate-banner', role: 'alert', hidden: true });
  const result = el('div', { id: 'validate-result', role: 'status', hidden: true });
  const root = el(
    'section',
    { class: 'tool', id: 'validate', 'aria-labelledby': 'validate-title' },
    el('h3', { id: 'validate-title', text: 'Check the ledger' }),
    el('p', {
      class: 'hint',
      text: 'Finds rows that lack what their status needs or break a rule, and highlights those cells in the Ledger.',
    }),
    el('div', { class: 'buttons' }, check.button),
    banner,
    result,
  );

  check.button.addEventListener('click', () => {
    show(banner, false);
    root.setAttribute('aria-busy', 'true');
    void check.run(
      async () => {
        try {
          const r = await call('validateLedger');
          clear(result);
          if (r.problems.length === 0) {
            result.className = 'notice';
            append(
              result,
              el('p', {
                id: 'validate-summary',
                text:
                  r.checked === 0
                    ? 'The Ledger has no rows to check yet.'
                    : `All ${r.checked} ${r.checked === 1 ? 'row is' : 'rows are'} ready.`,
              }),
            );
          } else {
            result.className = 'problems-box';
            const n = r.problems.length;
            append(
              result,
              el('p', {
                id: 'validate-summary',
                class: 'problems-head',
                text: `${n} of ${r.checked} rows need attention; their cells are highlighted in the Ledger.`,
              }),
            );
            const list = el('ul', { class: 'problems', id: 'validate-problems' });
            for (const p of r.problems.slice(0, LIST_AT_MOST)) {
              const href = rowLink(opts.ledgerUrl, p.row);
              const label = `Row ${p.row}`;
              list.appendChild(
                el(
                  'li',
                  { 'data-row': p.row },
                  el(
                    'div',
                    { class: 'problem-head' },
                    href
                      ? el('a', { href, target: '_blank', rel: 'noopener', class: 'problem-row', text: label })
                      : el('span', { class: 'problem-row', text: label }),
                    el('span', { class: 'problem-url', title: p.videoUrl, text: p.videoUrl || '(no video URL)' }),
                  ),
                  el('p', { class: 'problem-message', text: p.message }),
                ),
              );
            }
            result.appendChild(list);
            if (n > LIST_AT_MOST)
              result.appendChild(
                el('p', { class: 'hint', text: `…and ${n - LIST_AT_MOST} more rows, highlighted in the Ledger.` }),
              );
          }
          show(result, true);
        } finally {
          root.setAttribute('aria-busy', 'false');
        }
      },
      (message) => {
        banner.textContent = message;
        show(banner, true);
      },
    );
  });
  return root;
}
