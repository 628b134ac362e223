/** Request a code: the pre-request checklist gates the button (docs/product.md §5); the fields of docs/product.md §4 Requested. */
import { type FieldKey, PRE_REQUEST_CHECKS } from '../../core/ledger/fields';
import { REQUIRED_FIELDS, requirementErrors } from '../../core/lifecycle/lifecycle';
import { call, serverMessage } from '../api';
import { type FormOptions, makeControl, optionsFor } from '../controls';
import { el } from '../dom';
import { Form, handleMismatch } from '../formKit';
import { parseVideoUrl } from '../../core/ledger/video';
import type { Current } from '../picker';

/** The form asks for what Requested needs (the lifecycle's own list), in that order. */
const REQUEST_FIELDS: readonly FieldKey[] = REQUIRED_FIELDS.Requested;
const OPTIONAL_FIELDS: FieldKey[] = ['usageNotes', 'generationPrompt', 'humanReviewed'];
/** What the next request of a batch usually shares with the last one: kept after a save. */
const KEPT_FOR_NEXT: readonly FieldKey[] = ['client', 'brand', 'campaign', 'market'];

export function requestForm(opts: FormOptions, current: Current): Form {
  const form = new Form('request', 'Request code', opts.ledgerUrl, opts.locale);
  const checklist = form.add(makeControl('request', 'preRequestChecks', { label: 'Before asking for a code' }));
  form.body.appendChild(
    el('p', {
      class: 'hint',
      id: 'request-gate-hint',
      text: 'Tick every check first: once the code exists the caption is locked, and editing or replacing the post breaks the ad.',
    }),
  );
  const count = el('p', { class: 'hint', id: 'request-check-count', role: 'status' });
  form.body.appendChild(count);
  const gate = () => {
    const ticked = checklist.read() as string[];
    const done = PRE_REQUEST_CHECKS.filter((c) => ticked.includes(c)).length;
    count.textContent = `${done} of ${PRE_REQUEST_CHECKS.length} checks ticked.`;
    form.setGate(done === PRE_REQUEST_CHECKS.length);
  };
  checklist.listen(gate);
  gate();

  for (const key of REQUEST_FIELDS) form.add(makeControl('request', key, optionsFor(key, opts)));
  const more = el('details', { class: 'more' }, el('summary', { text: 'Usage notes and AI-generated videos' }));
  form.body.appendChild(more);
  for (const key of OPTIONAL_FIELDS) {
    form.add(
      makeControl('request', key, {
        ...optionsFor(key, opts),
        optional: key !== 'humanReviewed',
        label: key === 'humanReviewed' ? 'A person reviewed this AI-generated video' : undefined,
      }),
      more,
    );
  }

  form.crossCheck = (key, raw) => (key === 'creatorHandle' ? handleMismatch(raw.videoUrl, raw.creatorHandle) : null);
  // The handle is in the link: it is filled in as the link is typed or pasted, unless the person typed one.
  let filled = '';
  form.control('videoUrl').listen((leave) => {
    const handle = form.control('creatorHandle');
    const link = parseVideoUrl(String(form.control('videoUrl').read() ?? ''));
    const typed = String(handle.read() ?? '');
    // A mobile link names no handle: a handle filled in from an earlier link is cleared, a typed one is kept.
    if (link && (typed === '' || typed === filled)) {
      handle.write(link.handle);
      filled = link.handle;
    }
    if (leave && handle.read() !== '') form.checkOne('creatorHandle');
  });

  const output = el('div', { class: 'message-box', id: 'request-message-box', hidden: true });

  form.onSubmit(async () => {
    const raw = form.filled();
    const { values, errors } = form.check('requestCode', raw, (v) => {
      const mismatch = handleMismatch(raw.videoUrl, raw.creatorHandle);
      return [
        ...requirementErrors('Requested', v),
        ...(mismatch ? [{ field: 'creatorHandle', message: mismatch }] : []),
      ];
    });
    if (errors.length) return form.showErrors(errors);
    const r = await call('requestCode', values);
    if (!r.ok) return form.showErrors(r.errors);
    form.success(`Saved: row ${r.record.row} is Requested. Send the creator this message:`, r.record);
    // The next request of a batch is usually the same client and campaign: those stay, the checks start again.
    form.reset(KEPT_FOR_NEXT);
    filled = '';
    gate();
    current.set(r.record);
    try {
      showMessage(output, await call('requestMessage', r.record.videoUrl));
    } catch (e) {
      showMessage(output, '', serverMessage(e));
    }
    form.after.appendChild(output);
  });
  return form;
}

function showMessage(box: HTMLElement, text: string, problem = ''): void {
  while (box.firstChild) box.removeChild(box.firstChild);
  box.hidden = false;
  box.appendChild(el('div', { class: 'message-title', text: 'Message for the creator' }));
  if (problem) {
    box.appendChild(
      el('p', { class: 'field-error', text: `The row is saved, but the message could not be built: ${problem}` }),
    );
    return;
  }
  const area = el('textarea', { id: 'request-message', readonly: true, rows: 12 });
  area.value = text;
  const copy = el('button', { type: 'button', class: 'secondary', id: 'request-copy', text: 'Copy message' });
  const done = el('span', { class: 'copied', role: 'status' });
  copy.addEventListener('click', () => {
    area.select();
    // The clipboard API may be blocked inside the add-on's iframe; execCommand still copies a selection.
    const fallback = () => {
      done.textContent = document.execCommand('copy') ? 'Copied.' : 'Press Ctrl+C (⌘C) to copy.';
    };
    if (navigator.clipboard?.writeText) {
      navigator.clipboard.writeText(text).then(() => (done.textContent = 'Copied.'), fallback);
    } else {
      fallback();
    }
  });
  box.appendChild(area);
  box.appendChild(el('div', { class: 'row' }, copy, done));
}
