/**
 * Decide: renew with a new code, extend the same code, or retire, in one
 * place (docs/product.md §4a). The choice the row's decision points to is
 * shown first; each choice is its own form, so a half-typed renewal is not
 * lost by looking at Retire.
 */
import type { LedgerRecord } from '../../core/ledger/fields';
import type { FormOptions } from '../controls';
import { el } from '../dom';
import type { Current } from '../picker';
import { renewForm } from './renew';
import { retireForm } from './retire';

type Choice = 'renew' | 'extend' | 'retire';

const CHOICES: { id: Choice; label: string; hint: string }[] = [
  { id: 'renew', label: 'New code', hint: 'The creator made a new Spark code.' },
  { id: 'extend', label: 'Extend', hint: 'The creator extended this code: same code, later end.' },
  { id: 'retire', label: 'Retire', hint: 'Stop for good: the code never runs again.' },
];

/** The choice a row's state points to. */
export function suggestedChoice(rec: LedgerRecord | null): Choice {
  if (rec?.renewalDecision === 'Retire' || rec?.status === 'Retired') return 'retire';
  return 'renew';
}

export function decidePanel(opts: FormOptions, current: Current): { root: HTMLElement } {
  const forms: Record<Choice, HTMLElement> = {
    renew: renewForm(opts, current, 'renew').root,
    extend: renewForm(opts, current, 'extend').root,
    retire: retireForm(opts, current).root,
  };
  const hint = el('p', { class: 'hint', id: 'decide-hint' });
  const group = el('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'Decision' });
  const buttons = new Map<Choice, HTMLButtonElement>();
  const choose = (c: Choice) => {
    for (const [id, b] of buttons) b.setAttribute('aria-checked', String(id === c));
    for (const [id, f] of Object.entries(forms)) f.hidden = id !== c;
    hint.textContent = CHOICES.find((x) => x.id === c)?.hint ?? '';
  };
  for (const c of CHOICES) {
    const b = el('button', { type: 'button', role: 'radio', id: `decide-${c.id}`, text: c.label });
    b.addEventListener('click', () => choose(c.id));
    buttons.set(c.id, b);
    group.appendChild(b);
  }
  let shownFor = '';
  current.listen((rec) => {
    // A new video starts on the choice its decision points to; the same video keeps the person's choice.
    if ((rec?.videoUrl ?? '') !== shownFor) choose(suggestedChoice(rec));
    shownFor = rec?.videoUrl ?? '';
  });
  choose(suggestedChoice(current.get()));
  return { root: el('div', { class: 'decide' }, group, hint, forms.renew, forms.extend, forms.retire) };
}
