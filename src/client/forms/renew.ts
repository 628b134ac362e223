/** Renew: a new code for a row in Renewal needed or Expired; the old one goes to Code history. */
import { call } from '../api';
import { type FormOptions, makeControl } from '../controls';
import { Form, followRecord } from '../formKit';
import type { Current } from '../picker';
import { addCodeFields } from './codeFields';
import { RENEWAL_NOTE_REQUIRED, RENEWAL_WINDOW_HOURS } from '../../core/lifecycle/lifecycle';

export function renewForm(opts: FormOptions, current: Current): Form {
  const form = new Form('renew', 'Renew code', opts.ledgerUrl, opts.locale);
  const refresh = addCodeFields(form, opts);
  form.add(
    makeControl('renew', 'decisionNote', {
      label: 'Why it is renewed',
      placeholder: 'e.g. strong results, client extended the campaign',
    }),
  );

  followRecord(form, current, (rec) => {
    form.reset();
    refresh();
    if (!rec)
      return form.setAvailable(false, 'Pick the video above: search the ledger or use the row selected in the sheet.');
    if (rec.status !== 'Renewal needed' && rec.status !== 'Expired') {
      return form.setAvailable(
        false,
        `This video is ${rec.status || 'without a status'}. Only a code in Renewal needed or Expired is renewed; the daily check moves codes to Renewal needed ${RENEWAL_WINDOW_HOURS} hours before they expire.`,
      );
    }
    form.setAvailable(true);
  });

  form.onSubmit(async () => {
    const rec = current.get();
    if (!rec) return;
    const { values, errors } = form.check(
      'renewCode',
      { decisionNote: '', ...form.filled(), videoUrl: rec.videoUrl },
      (v) =>
        // The server's rule and words (actions.planRenewCode): the reason goes to Code history.
        String(v.decisionNote ?? '').trim() === ''
          ? [
              {
                field: 'decisionNote',
                message: RENEWAL_NOTE_REQUIRED,
              },
            ]
          : [],
    );
    if (errors.length) return form.showErrors(errors);
    const r = await call('renewCode', values);
    if (!r.ok) return form.showErrors(r.errors);
    form.success(
      `Renewed: row ${r.record.row} is Received again; the new code expires on ${r.record.expiresOn}. The old code is in Code history.`,
      r.record,
    );
    current.set(r.record);
  });
  return form;
}
