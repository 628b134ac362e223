/** The Tools tab: bulk import and the ledger check, which work on the whole Ledger rather than one picked row. */
import type { FormOptions } from '../controls';
import { el } from '../dom';
import { importPanel } from './importForm';
import { validatePanel } from './validateForm';

export function toolsPanel(opts: FormOptions): { root: HTMLElement } {
  return { root: el('div', { class: 'tools' }, importPanel(opts), validatePanel(opts)) };
}
