/**
 * What every sidebar form shares: field errors shown as the person leaves a
 * field and again on submit, the server's { ok: false, errors } shown the same
 * way, a busy state that makes a second submit impossible, a confirmation
 * with a link to the row, and a reset.
 */
import type { FieldError } from '../core/ledger/errors';
import type { FieldKey, LedgerRecord } from '../core/ledger/fields';
import { type ActionName, type Input, parseInput } from '../core/ledger/schemas';
import { checkField } from '../core/ledger/values';
import { handlesConflict, parseVideoUrl } from '../core/ledger/video';
import { serverMessage } from './api';
import { type Control, isBlank } from './controls';
import { append, clear, el, show } from './dom';
import type { Current } from './picker';

export type CrossCheck = (key: FieldKey, raw: Record<string, unknown>) => string | null;

export class Form {
  readonly root: HTMLFormElement;
  readonly body: HTMLElement;
  readonly controls = new Map<FieldKey, Control>();
  readonly notice: HTMLElement;
  readonly after: HTMLElement;
  private readonly note: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly buttons: HTMLElement;
  private readonly button: HTMLButtonElement;
  private busy = false;
  private gateOpen = true;
  private available = true;
  private handler: (() => Promise<void>) | null = null;
  crossCheck: CrossCheck | null = null;

  /** `locale` is the spreadsheet's (getFormOptions): typed numbers are read in it, as the server reads them. */
  constructor(
    readonly id: string,
    submitLabel: string,
    private readonly ledgerUrl: string,
    readonly locale: string,
  ) {
    this.notice = el('div', { class: 'notice', id: `${id}-notice`, role: 'status', hidden: true });
    this.banner = el('div', { class: 'banner', id: `${id}-banner`, role: 'alert', hidden: true });
    this.body = el('div', { class: 'form-body' });
    this.button = el(
      'button',
      { type: 'submit', class: 'action', id: `${id}-submit` },
      el('span', { class: 'spinner', 'aria-hidden': 'true' }),
      el('span', { text: submitLabel }),
    );
    this.after = el('div', { class: 'after' });
    this.note = el('p', { class: 'note', id: `${id}-note`, hidden: true });
    this.buttons = el('div', { class: 'buttons' }, this.button);
    this.root = el(
      'form',
      { id: `${id}-form`, novalidate: true },
      this.notice,
      this.after,
      this.note,
      this.banner,
      this.body,
      this.buttons,
    );
    this.root.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.submit();
    });
  }

  add(control: Control, parent: HTMLElement = this.body): Control {
    this.controls.set(control.key, control);
    parent.appendChild(control.root);
    control.listen((leave) => {
      // Re-check on every keystroke only once a field shows an error, so it clears as soon as it is right.
      if (leave || control.root.classList.contains('invalid')) this.checkOne(control.key);
    });
    return control;
  }

  /** The control of a field this form was built with (a form's own fields are known when it is written). */
  control(key: FieldKey): Control {
    const c = this.controls.get(key);
    if (!c) throw new Error(`The form has no ${key} field.`);
    return c;
  }

  remove(key: FieldKey): void {
    const c = this.controls.get(key);
    if (c) c.root.remove();
    this.controls.delete(key);
  }

  /** Every control's raw value. */
  raw(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, c] of this.controls) out[k] = c.read();
    return out;
  }

  /** Only what the person filled in. */
  filled(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.raw())) if (!isBlank(v)) out[k] = v;
    return out;
  }

  checkOne(key: FieldKey): string | null {
    const c = this.controls.get(key);
    if (!c) return null;
    const raw = this.raw();
    const message = checkField(key, raw[key], this.locale) ?? (this.crossCheck ? this.crossCheck(key, raw) : null);
    c.setError(message ?? '');
    return message;
  }

  clearErrors(): void {
    for (const c of this.controls.values()) c.setError('');
    clear(this.banner);
    show(this.banner, false);
  }

  /** Errors for fields on this form go beside them; the rest go in the banner. */
  showErrors(errors: readonly FieldError[]): void {
    this.clearErrors();
    const loose: string[] = [];
    const shown = new Set<string>();
    let first: Control | null = null;
    for (const e of errors) {
      const c = this.controls.get(e.field as FieldKey);
      if (c && !shown.has(e.field)) {
        c.setError(e.message);
        shown.add(e.field);
        if (!first) first = c;
      } else if (!c) {
        loose.push(e.message);
      }
    }
    if (loose.length) this.failure(...loose);
    if (first) first.focus();
  }

  failure(...messages: string[]): void {
    clear(this.banner);
    append(this.banner, ...messages.map((m) => el('p', { text: m })));
    show(this.banner, true);
    this.banner.scrollIntoView({ block: 'nearest' });
  }

  /** The confirmation: a sentence and a link to the row it wrote. */
  success(message: string, rec: LedgerRecord): void {
    clear(this.notice);
    append(this.notice, el('p', { text: message }));
    const href = rowLink(this.ledgerUrl, rec.row);
    if (href)
      this.notice.appendChild(
        el('a', {
          href,
          target: '_blank',
          rel: 'noopener',
          id: `${this.id}-rowlink`,
          text: `Open row ${rec.row} in the Ledger`,
        }),
      );
    show(this.notice, true);
    this.notice.scrollIntoView({ block: 'nearest' });
  }

  hideNotice(): void {
    clear(this.after);
    show(this.notice, false);
  }

  /** Empties every field but those in `keep`, and every error. */
  reset(keep: readonly FieldKey[] = []): void {
    for (const [k, c] of this.controls) if (!keep.includes(k)) c.write(undefined);
    this.clearErrors();
  }

  /** A closed gate (e.g. an unticked checklist) keeps the submit button disabled. */
  setGate(open: boolean): void {
    this.gateOpen = open;
    this.paintButton();
  }

  /** A form that does not apply to the picked row says why instead of showing its fields. */
  setAvailable(available: boolean, note = ''): void {
    this.available = available;
    this.note.textContent = note;
    show(this.note, note !== '');
    show(this.body, available);
    show(this.buttons, available);
    this.paintButton();
  }

  /** checkInput in this form's locale. */
  check(
    action: ActionName,
    input: Record<string, unknown>,
    extra?: (values: Input) => FieldError[],
  ): { values: Input; errors: FieldError[] } {
    return checkInput(action, input, this.locale, extra);
  }

  onSubmit(handler: () => Promise<void>): void {
    this.handler = handler;
  }

  isBusy(): boolean {
    return this.busy;
  }

  private paintButton(): void {
    this.button.disabled = this.busy || !this.gateOpen || !this.available;
    this.button.classList.toggle('busy', this.busy);
    this.root.setAttribute('aria-busy', String(this.busy));
  }

  private async submit(): Promise<void> {
    // Busy is set before anything else, in the same event: a second click finds the button disabled.
    if (this.busy || !this.gateOpen || !this.available || !this.handler) return;
    this.busy = true;
    this.paintButton();
    this.hideNotice();
    try {
      await this.handler();
    } catch (e) {
      this.failure(serverMessage(e));
    } finally {
      this.busy = false;
      this.paintButton();
    }
  }
}

/**
 * Re-renders a form when the picked row changes. A new video clears the last
 * confirmation; the same video coming back from a save keeps it on screen.
 */
export function followRecord(form: Form, current: Current, render: (rec: LedgerRecord | null) => void): void {
  let url = '';
  current.listen((rec) => {
    const same = rec !== null && rec.videoUrl === url;
    url = rec ? rec.videoUrl : '';
    if (!same) form.hideNotice();
    render(rec);
  });
  render(current.get());
}

export function rowLink(ledgerUrl: string, row: number): string {
  return ledgerUrl && row > 0 ? `${ledgerUrl}&range=A${row}` : '';
}

/** The server's own wording, so the sidebar and the server say the same thing. */
export function handleMismatch(videoUrl: unknown, handle: unknown): string | null {
  const url = parseVideoUrl(String(videoUrl ?? ''));
  const h = String(handle ?? '').trim();
  // A mobile link names no handle: nothing to compare, and the server completes the link with this one.
  if (!url || url.handle === '' || h === '' || checkField('creatorHandle', h)) return null;
  return !handlesConflict(url.handle, h)
    ? null
    : `Creator handle ${h.startsWith('@') ? h : `@${h}`} does not match the handle in the video URL (${url.handle}).`;
}

/**
 * Parses with the action's schema, numbers read in the spreadsheet's `locale`;
 * adds `extra` errors; keeps the first message per field. The values sent to
 * the server are these parsed ones, so numbers travel as numbers.
 */
export function checkInput(
  action: ActionName,
  input: Record<string, unknown>,
  locale: string,
  extra: (values: Input) => FieldError[] = () => [],
): { values: Input; errors: FieldError[] } {
  const r = parseInput(action, input, locale);
  const values = r.ok ? r.value : parseEach(input, locale);
  const errors = [...(r.ok ? [] : r.errors), ...extra(values)];
  const seen = new Set<string>();
  return {
    values,
    errors: errors.filter((e) => {
      if (e.field === '') return true;
      if (seen.has(e.field)) return false;
      seen.add(e.field);
      return true;
    }),
  };
}

/** The fields that parse on their own, for cross-checks when others did not. */
function parseEach(input: Record<string, unknown>, locale: string): Input {
  const out: Input = {};
  for (const [k, v] of Object.entries(input)) {
    const one = parseInput('record', { [k]: v }, locale);
    if (one.ok) Object.assign(out, one.value);
  }
  return out;
}
