/**
 * Edit details: every field a person may need to correct (campaign, video,
 * owners, reporting, rights, notes), checked as the request checks them, on
 * the server too (actions.planUpdateRecord: Settings lists, owners, the
 * handle against the link, ad accounts and brands of the client). Only
 * changed fields are sent.
 */
import { type FieldDef, type FieldKey, fieldDef } from '../../core/ledger/fields';
import { isStatus, requirementErrors } from '../../core/lifecycle/lifecycle';
import { displayValue } from '../../core/ledger/sheetRow';
import { normalizeValue } from '../../core/ledger/values';
import { call } from '../api';
import { type FormOptions, makeControl, optionsFor } from '../controls';
import { el } from '../dom';
import { Form, followRecord, handleMismatch } from '../formKit';
import type { Current } from '../picker';

export const EDIT_GROUPS: { title: string; keys: FieldKey[] }[] = [
  {
    title: 'Campaign',
    keys: [
      'client',
      'brand',
      'campaign',
      'market',
      'adAccount',
      'objective',
      'language',
      'currency',
      'landingPage',
      'requestedDays',
    ],
  },
  { title: 'Video', keys: ['creatorHandle', 'generationPrompt', 'humanReviewed'] },
  { title: 'Owners', keys: ['approvalOwner', 'paidOwner', 'creatorOwner', 'invoiceOwner'] },
  {
    title: 'Reporting',
    keys: [
      'paidStatus',
      'organicStatus',
      'spend',
      'conversions',
      'comments',
      'spendStart',
      'spendEnd',
      'performanceSnapshot',
      'proofUrl',
      'invoiceStatus',
    ],
  },
  { title: 'Rights', keys: ['usageRights', 'usageUntil', 'excludedCategories', 'contract'] },
  { title: 'Notes', keys: ['renewalDecision', 'decisionNote', 'clientNote', 'usageNotes'] },
];

/** Whether what is typed differs from the stored value once both are normalized (numbers read in the spreadsheet's locale). */
function differs(key: FieldKey, raw: unknown, stored: unknown, locale: string): boolean {
  const n = normalizeValue(fieldDef(key) as FieldDef, raw, locale);
  if ('error' in n) return true;
  return displayValue(n.value) !== displayValue(stored as never);
}

export function editForm(opts: FormOptions, current: Current): Form {
  const form = new Form('edit', 'Save changes', opts.ledgerUrl, opts.locale);
  for (const group of EDIT_GROUPS) {
    const box = el('fieldset', { class: 'group' }, el('legend', { text: group.title }));
    form.body.appendChild(box);
    for (const key of group.keys) form.add(makeControl('edit', key, optionsFor(key, opts)), box);
  }

  // The handle is checked against the row's own link, as the request checks it against the typed one.
  form.crossCheck = (key, raw) =>
    key === 'creatorHandle' ? handleMismatch(current.get()?.videoUrl, raw.creatorHandle) : null;

  followRecord(form, current, (rec) => {
    form.reset();
    if (!rec)
      return form.setAvailable(false, 'Pick the video above: search the ledger or use the row selected in the sheet.');
    for (const [k, c] of form.controls) c.write(rec[k]);
    form.setAvailable(true);
  });

  form.onSubmit(async () => {
    const rec = current.get();
    if (!rec) return;
    const raw = form.raw();
    const changed = (Object.keys(raw) as FieldKey[]).filter((k) => differs(k, raw[k], rec[k], form.locale));
    if (!changed.length) return form.failure('Nothing to save: no field was changed.');
    const input: Record<string, unknown> = { videoUrl: rec.videoUrl };
    for (const k of changed) input[k] = raw[k];
    const { values, errors } = form.check('updateRecord', input, (v) =>
      // As on the server: an edit may not leave the row short of what its status requires.
      isStatus(rec.status)
        ? requirementErrors(rec.status, { ...rec, ...v }).filter((e) => changed.includes(e.field as FieldKey))
        : [],
    );
    if (errors.length) return form.showErrors(errors);
    const r = await call('updateRecord', values);
    if (!r.ok) return form.showErrors(r.errors);
    form.success(`Saved ${changed.length} change${changed.length === 1 ? '' : 's'} to row ${r.record.row}.`, r.record);
    current.set(r.record);
  });
  return form;
}
