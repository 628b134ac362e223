/**
 * Record a received code: Requested → Received, with the expiry date shown
 * before saving; and, when TokPortal is connected, asking TokPortal for it.
 */
import type { FieldKey } from '../../core/ledger/fields';
import { call } from '../api';
import { type FormOptions, makeControl } from '../controls';
import { el, show } from '../dom';
import { Form, followRecord } from '../formKit';
import type { Current } from '../picker';
import { addCodeFields } from './codeFields';
import { connection } from './connect';

export function codeForm(opts: FormOptions, current: Current): { root: HTMLElement } {
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
  return { root: el('div', {}, form.root, tokportalSection(opts, current)) };
}

/** Ask TokPortal's account manager for the code of a video that has none; the daily sync records it. */
function tokportalSection(opts: FormOptions, current: Current): HTMLElement {
  const form = new Form('tokportal', 'Ask TokPortal', opts.ledgerUrl, opts.locale);
  const video = form.add(makeControl('tokportal', 'tokportalVideo', { label: 'TokPortal video ID' }));
  const note = form.add(
    makeControl('tokportal', 'askNote' as FieldKey, { label: 'Note to TokPortal', optional: true }),
  );
  const state = el('p', { id: 'tokportal-state' });
  const root = el(
    'section',
    { class: 'tool tp', id: 'tokportal', hidden: true },
    el('h3', { text: 'Ask TokPortal for the code' }),
    state,
    form.root,
  );
  const paint = () => {
    const rec = current.get();
    show(root, !!rec && !!connection.get()?.tokportal.connected && rec.sparkCode === '');
    state.textContent = rec?.tokportalRequest || 'The daily sync records the code when it arrives.';
    state.className = rec?.tokportalRequest ? 'note' : 'hint';
  };
  followRecord(form, current, (rec) => {
    form.reset();
    video.write(rec?.tokportalVideo);
    paint();
  });
  connection.listen(paint);

  form.onSubmit(async () => {
    const rec = current.get();
    if (!rec) return;
    const r = await call('requestViaTokPortal', {
      videoUrl: rec.videoUrl,
      tokportalVideo: String(video.read()).trim(),
      note: String(note.read()).trim(),
    });
    if (!r.ok) return form.showErrors(r.errors);
    // The answer holds the columns the request read; the rest of the row is as picked.
    const next = { ...rec, tokportalVideo: r.record.tokportalVideo, tokportalRequest: r.record.tokportalRequest };
    form.success(r.message, next);
    current.set(next);
  });
  return root;
}
