/**
 * Update status: only the moves legal from the row's status are offered, and
 * the form asks for exactly what the new status still lacks (lifecycle.requirementErrors).
 */
import { FIELDS, type FieldKey, type LedgerRecord, type Status } from '../../core/ledger/fields';
import {
  activationChecksNeeded,
  isStatus,
  needsRenewal,
  nextStatuses,
  requirementErrors,
} from '../../core/lifecycle/lifecycle';
import type { Input } from '../../core/ledger/schemas';
import { call } from '../api';
import { type FormOptions, makeControl, optionsFor } from '../controls';
import { clear, el } from '../dom';
import { Form, followRecord } from '../formKit';
import type { Current } from '../picker';

const FIELD_KEYS = new Set<string>(FIELDS.map((f) => f.key));

/** Fields to ask for: what the row lacks for `to`, plus what the answers so far make necessary. */
export function fieldsFor(to: Status, rec: LedgerRecord, draft: Input): FieldKey[] {
  const keys: string[] = [];
  const add = (k: string) => {
    if (FIELD_KEYS.has(k) && !keys.includes(k)) keys.push(k);
  };
  for (const e of requirementErrors(to, rec)) add(e.field);
  for (const e of requirementErrors(to, { ...rec, ...draft })) add(e.field);
  if (to === 'Retired') {
    add('retirementReason');
    add('decisionNote');
  }
  return keys as FieldKey[];
}

export function statusForm(opts: FormOptions, current: Current): Form {
  const form = new Form('status', 'Change status', opts.ledgerUrl, opts.locale);
  const select = el('select', { id: 'status-to' });
  const fields = el('div', { class: 'status-fields', id: 'status-fields' });
  const none = el('p', {
    class: 'hint',
    id: 'status-none',
    hidden: true,
    text: 'Nothing else is needed for this status.',
  });
  form.body.appendChild(
    el('div', { class: 'field' }, el('label', { for: 'status-to', class: 'label', text: 'New status' }), select),
  );
  form.body.appendChild(fields);
  form.body.appendChild(none);

  /** Parsed values typed so far, keyed by field; survives rebuilding the field list. */
  const draft = (): Input => form.check('record', form.raw()).values;

  const rebuild = () => {
    const rec = current.get();
    const to = select.value;
    if (!rec || !isStatus(to)) {
      for (const k of [...form.controls.keys()]) form.remove(k);
      none.hidden = true;
      return;
    }
    const typed = form.raw();
    const wanted = fieldsFor(to, rec, draft());
    for (const k of [...form.controls.keys()]) if (!wanted.includes(k)) form.remove(k);
    let prev: Element | null = null;
    for (const k of wanted) {
      let c = form.controls.get(k);
      if (
        !c ||
        (k === 'activationChecks' && c.root.dataset.checks !== activationChecksNeeded({ ...rec, ...draft() }).join('|'))
      ) {
        if (c) form.remove(k);
        const choices = k === 'activationChecks' ? activationChecksNeeded({ ...rec, ...draft() }) : undefined;
        c = makeControl('status', k, {
          ...optionsFor(k, opts),
          ...(choices ? { choices } : {}),
          optional: k === 'decisionNote',
        });
        if (choices) c.root.dataset.checks = choices.join('|');
        form.add(c, fields);
        c.write(k in typed ? typed[k] : rec[k]);
        // These answers change which other fields are needed.
        if (k === 'objective' || k === 'retirementReason' || k === 'generationPrompt')
          c.listen((leave) => leave && rebuild());
      }
      // Keep order without moving a node that is already in place (moving would take focus from it).
      const want: Element | null = prev ? prev.nextElementSibling : fields.firstElementChild;
      if (want !== c.root) fields.insertBefore(c.root, want);
      prev = c.root;
    }
    none.hidden = wanted.length > 0;
  };
  select.addEventListener('change', rebuild);

  followRecord(form, current, (rec) => {
    form.reset();
    for (const k of [...form.controls.keys()]) form.remove(k);
    clear(select);
    if (!rec)
      return form.setAvailable(false, 'Pick the video above: search the ledger or use the row selected in the sheet.');
    const from = isStatus(rec.status) ? rec.status : '';
    const moves = nextStatuses(from).filter((to) => !needsRenewal(from, to));
    if (!moves.length)
      return form.setAvailable(false, `This video is ${rec.status}: that is final, so its status cannot change.`);
    select.appendChild(el('option', { value: '', text: `From ${rec.status || 'no status'} to…` }));
    for (const to of moves) select.appendChild(el('option', { value: to, text: to }));
    const renewNote = nextStatuses(from).some((to) => needsRenewal(from, to))
      ? 'To get back to Received with a new code, use Renew.'
      : '';
    form.setAvailable(true, renewNote);
    rebuild();
  });

  form.onSubmit(async () => {
    const rec = current.get();
    const to = select.value;
    if (!rec) return;
    if (!isStatus(to)) {
      form.failure('Choose the new status first.');
      select.focus();
      return;
    }
    const { values, errors } = form.check(
      'changeStatus',
      { ...form.filled(), videoUrl: rec.videoUrl, status: to },
      (v) => requirementErrors(to, { ...rec, ...v }),
    );
    if (errors.length) return form.showErrors(errors);
    const r = await call('changeStatus', values);
    if (!r.ok) return form.showErrors(r.errors);
    form.success(`Saved: row ${r.record.row} is now ${r.record.status}.`, r.record);
    current.set(r.record);
  });
  return form;
}
