/** Retire: the final status, with the reason (and a note when the reason is Other). */
import { requirementErrors } from '../../core/lifecycle/lifecycle';
import { call } from '../api';
import { type FormOptions, makeControl, optionsFor } from '../controls';
import { el } from '../dom';
import { Form, followRecord } from '../formKit';
import type { Current } from '../picker';

export function retireForm(opts: FormOptions, current: Current): Form {
  const form = new Form('retire', 'Retire code', opts.ledgerUrl, opts.locale);
  form.add(makeControl('retire', 'retirementReason', optionsFor('retirementReason', opts)));
  form.add(
    makeControl('retire', 'decisionNote', {
      label: 'Decision note',
      placeholder: 'Why the code was stopped (required for Other)',
    }),
  );

  // Retiring is final (docs/product.md §4), so the first click asks once more, in the sidebar itself.
  let confirmed = false;
  const ask = el('div', { class: 'confirm', id: 'retire-confirm', role: 'alertdialog', hidden: true });
  const sure = el('p', { id: 'retire-confirm-text' });
  const yes = el('button', {
    type: 'button',
    class: 'action danger',
    id: 'retire-confirm-yes',
    text: 'Yes, retire it',
  });
  const no = el('button', { type: 'button', class: 'secondary', id: 'retire-confirm-no', text: 'Keep it' });
  ask.append(sure, el('div', { class: 'row' }, yes, no));
  form.body.appendChild(ask);
  const unask = () => {
    confirmed = false;
    ask.hidden = true;
  };
  yes.addEventListener('click', () => {
    confirmed = true;
    ask.hidden = true;
    form.root.requestSubmit();
  });
  no.addEventListener('click', unask);
  for (const key of ['retirementReason', 'decisionNote'] as const) form.control(key).listen(unask);

  followRecord(form, current, (rec) => {
    form.reset();
    unask();
    if (!rec)
      return form.setAvailable(false, 'Pick the video above: search the ledger or use the row selected in the sheet.');
    if (rec.status === 'Retired')
      return form.setAvailable(
        false,
        `This video is already Retired (${rec.retirementReason || 'no reason given'}). Retired is final: request a new code on a new row instead.`,
      );
    form.setAvailable(true);
  });

  form.onSubmit(async () => {
    const rec = current.get();
    if (!rec) return;
    const { values, errors } = form.check('retireCode', { ...form.filled(), videoUrl: rec.videoUrl }, (v) =>
      requirementErrors('Retired', { ...rec, ...v }),
    );
    if (errors.length) return form.showErrors(errors);
    if (!confirmed) {
      const who = rec.creatorHandle ? `${rec.creatorHandle}'s video` : 'this video';
      sure.textContent = `Retiring is final: the code stops for good and row ${rec.row} can never go back to a live status. Retire ${who} (${values.retirementReason})?`;
      ask.hidden = false;
      yes.focus();
      return;
    }
    confirmed = false;
    const r = await call('retireCode', values);
    if (!r.ok) return form.showErrors(r.errors);
    form.success(
      `Retired: row ${r.record.row} (${r.record.retirementReason}). Renewal decision set to Retire.`,
      r.record,
    );
    current.set(r.record);
  });
  return form;
}
