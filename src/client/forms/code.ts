/** Record a received code: Requested → Received, with the expiry date shown before saving. */
import { call } from '../api';
import type { FormOptions } from '../controls';
import { Form, followRecord } from '../formKit';
import type { Current } from '../picker';
import { addCodeFields } from './codeFields';

export function codeForm(opts: FormOptions, current: Current): Form {
  const form = new Form('code', 'Save code', opts.ledgerUrl, opts.locale);
  const refresh = addCodeFields(form, opts);

  followRecord(form, current, (rec) => {
    form.reset();
    if (!rec)
      return form.setAvailable(false, 'Pick the video above: search the ledger or use the row selected in the sheet.');
    if (rec.status !== 'Requested') {
      const hint =
        rec.status === 'Renewal needed' || rec.status === 'Expired'
          ? 'Use Renew to record its new code.'
          : 'A code is recorded once, on a Requested row.';
      return form.setAvailable(false, `This video is ${rec.status || 'without a status'}. ${hint}`);
    }
    form.setAvailable(true);
    // The creator usually picks the window that was asked for.
    form.control('authDays').write(rec.requestedDays);
    refresh();
  });

  form.onSubmit(async () => {
    const rec = current.get();
    if (!rec) return;
    const { values, errors } = form.check('recordCode', { ...form.filled(), videoUrl: rec.videoUrl });
    if (errors.length) return form.showErrors(errors);
    const r = await call('recordCode', values);
    if (!r.ok) return form.showErrors(r.errors);
    form.success(`Saved: row ${r.record.row} is Received; the code expires on ${r.record.expiresOn}.`, r.record);
    current.set(r.record);
  });
  return form;
}
