/** The Tools tab: bulk import, the ledger check and the connection, which work on the whole Ledger rather than one picked row. */
import type { FormOptions } from '../controls';
import { el } from '../dom';
import { connectPanel } from './connect';
import { importPanel } from './importForm';
import { validatePanel } from './validateForm';

export function toolsPanel(opts: FormOptions): { root: HTMLElement; onShow: () => void } {
  const connect = connectPanel(opts);
  return {
    root: el('div', { class: 'tools' }, importPanel(opts), validatePanel(opts), connect.root),
    onShow: connect.onShow,
  };
}
