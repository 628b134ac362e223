/** The new-code fields shared by Record code and Renew, with the expiry shown before saving. */
import { addDays } from '../../core/ledger/dates';
import { fieldDef, type FieldDef } from '../../core/ledger/fields';
import { normalizeValue } from '../../core/ledger/values';
import { type FormOptions, makeControl, optionsFor } from '../controls';
import { el } from '../dom';
import type { Form } from '../formKit';

/** Adds Spark code, Authorized on and Authorization days; returns a refresh for the expiry line. */
export function addCodeFields(form: Form, opts: FormOptions): () => void {
  form.add(makeControl(form.id, 'sparkCode', optionsFor('sparkCode', opts)));
  const on = form.add(makeControl(form.id, 'authorizedOn', optionsFor('authorizedOn', opts)));
  const days = form.add(makeControl(form.id, 'authDays', optionsFor('authDays', opts)));
  const line = el('p', { class: 'expiry', id: `${form.id}-expiry`, 'aria-live': 'polite' });
  form.body.appendChild(line);
  const refresh = () => {
    const d = normalizeValue(fieldDef('authorizedOn') as FieldDef, on.read());
    const n = normalizeValue(fieldDef('authDays') as FieldDef, days.read(), form.locale);
    if ('value' in d && 'value' in n && d.value !== '' && typeof n.value === 'number') {
      line.textContent = '';
      line.appendChild(el('span', { text: 'Expires on ' }));
      line.appendChild(el('strong', { class: 'nowrap', text: addDays(String(d.value), n.value) }));
      line.appendChild(el('span', { text: ` (${n.value} day${n.value === 1 ? '' : 's'} after ` }));
      line.appendChild(el('span', { class: 'nowrap', text: String(d.value) }));
      line.appendChild(el('span', { text: ').' }));
      line.classList.remove('muted');
    } else {
      line.textContent = 'The expiry date shows here once Authorized on and Authorization days are filled in.';
      line.classList.add('muted');
    }
  };
  on.listen(refresh);
  days.listen(refresh);
  refresh();
  return refresh;
}
