/**
 * Renew and Extend (docs/product.md §1, §4): a new code, or the same code with
 * a later end, for a row in Renewal needed (or Expired, for a new code only).
 * The old code and window go to Code history; a running ad goes back to the
 * status it had.
 */
import { addDays } from '../../core/ledger/dates';
import type { LedgerRecord } from '../../core/ledger/fields';
import { RENEWAL_NOTE_REQUIRED, RENEWAL_WINDOW_HOURS } from '../../core/lifecycle/lifecycle';
import { call } from '../api';
import { type FormOptions, makeControl, optionsFor } from '../controls';
import { Form, followRecord } from '../formKit';
import type { Current } from '../picker';
import { addCodeFields } from './codeFields';

export type RenewMode = 'renew' | 'extend';

/** What the row became, in words: where the ad stands after the renewal. */
export function renewedSentence(rec: LedgerRecord, mode: RenewMode): string {
  const what = mode === 'extend' ? 'Extended' : 'Renewed';
  const back =
    rec.status === 'Received'
      ? 'it is Received: activate it when the ad uses the new code'
      : rec.status === 'Renewal needed'
        ? `it stays in Renewal needed, as the new window ends within ${RENEWAL_WINDOW_HOURS} hours`
        : `it is ${rec.status} again`;
  return `${what}: row ${rec.row} expires on ${rec.expiresOn}, and ${back}. The old window is in Code history.`;
}

export function renewForm(opts: FormOptions, current: Current, mode: RenewMode = 'renew'): Form {
  const form = new Form(mode, mode === 'extend' ? 'Extend code' : 'Renew code', opts.ledgerUrl, opts.locale);
  const refresh =
    mode === 'renew'
      ? addCodeFields(form, opts)
      : (() => {
          form.add(makeControl(form.id, 'authorizedOn', optionsFor('authorizedOn', opts)));
          form.add(
            makeControl(form.id, 'authDays', {
              ...optionsFor('authDays', opts),
              label: 'Authorization days, in all',
            }),
          );
          return () => {};
        })();
  form.add(
    makeControl(mode, 'decisionNote', {
      label: mode === 'extend' ? 'Why it is extended' : 'Why it is renewed',
      placeholder: 'e.g. strong results, client extended the campaign',
    }),
  );
  let paintEnd = () => {};
  if (mode === 'extend') {
    // The new end shows as the days change, as it does for a new code.
    const line = document.createElement('p');
    line.className = 'expiry';
    line.id = 'extend-expiry';
    line.setAttribute('aria-live', 'polite');
    form.body.insertBefore(line, form.control('decisionNote').root);
    const paint = () => {
      const rec = current.get();
      const on = String(form.control('authorizedOn').read() ?? '');
      const days = Number(String(form.control('authDays').read() ?? '').trim());
      if (rec && /^\d{4}-\d{2}-\d{2}$/.test(on) && Number.isInteger(days) && days > 0) {
        const end = addDays(on, days);
        line.textContent = `Expires on ${end} instead of ${rec.expiresOn || 'no date'}.`;
        line.classList.toggle('muted', false);
      } else {
        line.textContent = 'Enter the window the creator gave in all, counted from Authorized on.';
        line.classList.toggle('muted', true);
      }
    };
    form.control('authorizedOn').listen(paint);
    form.control('authDays').listen(paint);
    paintEnd = paint;
  }

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
    if (mode === 'extend') {
      if (rec.status === 'Expired')
        return form.setAvailable(
          false,
          'This code has expired: an expired code cannot be extended or brought back. Renew it with a new code from the creator.',
        );
      form.control('authorizedOn').write(rec.authorizedOn);
      form.control('authDays').write(rec.authDays);
      paintEnd();
    }
    form.setAvailable(true);
  });

  form.onSubmit(async () => {
    const rec = current.get();
    if (!rec) return;
    const own = mode === 'extend' ? { sparkCode: rec.sparkCode } : {};
    const { values, errors } = form.check(
      'renewCode',
      { decisionNote: '', ...form.filled(), ...own, videoUrl: rec.videoUrl },
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
    form.success(renewedSentence(r.record, mode), r.record);
    current.set(r.record);
  });
  return form;
}
