/** Retire: the final status, with the reason (and a note when the reason is Other). */
import { requirementErrors } from '../../core/lifecycle/lifecycle';
import { call } from '../api';
import { type FormOptions, makeControl, optionsFor } from '../controls';
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

  followRecord(form, current, (rec) => {
    form.reset();
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
