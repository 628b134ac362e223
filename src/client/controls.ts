/**
 * One form control per ledger field, chosen from the field's kind in the
 * fields table, so every form shows a field the same way and checks it with
 * the same rule the server uses (values.checkField).
 */
import { type FieldDef, type FieldKey, NUMBER_KINDS, fieldDef } from '../core/ledger/fields';
import { formatNumber } from '../core/ledger/values';
import type { ServerApi } from './api';
import { clear, el } from './dom';

export type FormOptions = ReturnType<ServerApi['getFormOptions']>;

export interface Control {
  key: FieldKey;
  root: HTMLElement;
  /** The raw value as typed: text, a list of ticked checks, or a boolean. */
  read(): unknown;
  write(value: unknown): void;
  setError(message: string): void;
  focus(): void;
  /** Called on every change; `leave` is true when the person leaves the field. */
  listen(cb: (leave: boolean) => void): void;
}

export interface ControlOptions {
  label?: string;
  /** A closed list: shown as a dropdown (or checkboxes for check lists). */
  choices?: readonly string[];
  /** Suggestions the person may ignore. */
  suggestions?: readonly (string | number)[];
  optional?: boolean;
  placeholder?: string;
  /** The spreadsheet's locale: a number field shows its value as it would be typed there. */
  locale?: string;
  /** A secret: typed unseen, never prefilled. */
  secret?: boolean;
}

const PLACEHOLDERS: Partial<Record<FieldKey, string>> = {
  videoUrl: 'https://www.tiktok.com/@handle/video/…',
  creatorHandle: '@handle',
  sparkCode: 'Paste the whole code',
  language: 'en',
  currency: 'USD',
  landingPage: 'https://…',
  performanceSnapshot: 'https://…',
  proofUrl: 'https://…',
};

const CURRENCY_SUGGESTIONS = ['USD', 'EUR', 'GBP', 'AUD', 'CAD', 'BRL', 'MXN', 'JPY'];
const LANGUAGE_SUGGESTIONS = ['en', 'de', 'fr', 'es', 'it', 'pt-BR', 'ja'];

/** Dropdown lists and suggestions for a field, from getFormOptions(). */
export function optionsFor(key: FieldKey, opts: FormOptions): ControlOptions {
  const def = fieldDef(key) as FieldDef;
  if (def.settingsList === 'clients') return { choices: opts.clients };
  if (def.settingsList === 'adAccounts') return { choices: opts.adAccounts };
  if (def.settingsList === 'markets') return { choices: opts.markets };
  if (def.settingsList === 'brands') return { suggestions: opts.brands };
  if (def.settingsList === 'owners') return { suggestions: opts.owners };
  if (def.kind === 'days') return { suggestions: opts.durations, locale: opts.locale };
  if (NUMBER_KINDS.has(def.kind)) return { locale: opts.locale };
  if (def.kind === 'currency') return { suggestions: CURRENCY_SUGGESTIONS };
  if (def.kind === 'language') return { suggestions: LANGUAGE_SUGGESTIONS };
  if (def.options) return { choices: def.options };
  return {};
}

/** A control for a ledger field, or (no such field) a plain text input checked by the server alone. */
export function makeControl(formId: string, key: FieldKey, o: ControlOptions = {}): Control {
  const def = fieldDef(key) ?? ({ kind: 'text', header: '', help: '' } as unknown as FieldDef);
  const id = `${formId}-${key}`;
  const label = o.label ?? def.header;
  const error = el('div', { class: 'field-error', id: `${id}-error`, role: 'alert' });
  const listeners: ((leave: boolean) => void)[] = [];
  const fire = (leave: boolean) => {
    for (const cb of listeners) cb(leave);
  };
  const root = el('div', { class: `field field-${def.kind}`, 'data-field': key });

  let read: () => unknown;
  let write: (v: unknown) => void;
  let focusable: HTMLElement;
  let invalidTarget: HTMLElement;

  if (def.kind === 'checks') {
    const box = el(
      'fieldset',
      { class: 'checks', id, 'aria-describedby': `${id}-error` },
      el('legend', { text: label }),
    );
    const inputs: HTMLInputElement[] = [];
    (o.choices ?? def.options ?? []).forEach((name, i) => {
      const input = el('input', { type: 'checkbox', id: `${id}-${i}`, value: name });
      input.addEventListener('change', () => fire(true));
      inputs.push(input);
      box.appendChild(el('label', { class: 'check', for: `${id}-${i}` }, input, el('span', { text: name })));
    });
    root.appendChild(box);
    read = () => inputs.filter((i) => i.checked).map((i) => i.value);
    write = (v) => {
      const list = Array.isArray(v) ? v.map(String) : [];
      for (const i of inputs) i.checked = list.includes(i.value);
    };
    focusable = inputs[0] ?? box;
    invalidTarget = box;
  } else if (def.kind === 'bool') {
    const input = el('input', { type: 'checkbox', id, 'aria-describedby': `${id}-error` });
    input.addEventListener('change', () => fire(true));
    root.appendChild(el('label', { class: 'check', for: id }, input, el('span', { text: label })));
    read = () => input.checked;
    write = (v) => (input.checked = v === true);
    focusable = invalidTarget = input;
  } else {
    root.appendChild(
      el(
        'label',
        { for: id, class: 'label' },
        label,
        o.optional ? el('span', { class: 'optional', text: ' (optional)' }) : null,
      ),
    );
    let input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
    if (o.choices) {
      const select = el('select', { id, 'aria-describedby': `${id}-error` });
      const fill = (list: readonly string[]) => {
        clear(select);
        select.appendChild(
          el('option', { value: '', text: list.length ? 'Choose…' : 'Nothing to choose: add it in Settings' }),
        );
        for (const c of list) select.appendChild(el('option', { value: c, text: c }));
      };
      fill(o.choices);
      input = select;
      write = (v) => {
        const s = v === undefined || v === null ? '' : String(v);
        // Keep a stored value the list no longer has, rather than lose it.
        if (s !== '' && !Array.from(select.options).some((op) => op.value === s))
          select.appendChild(el('option', { value: s, text: s }));
        select.value = s;
      };
      select.addEventListener('change', () => fire(true));
    } else {
      if (def.kind === 'longText') {
        input = el('textarea', { id, rows: 3, 'aria-describedby': `${id}-error` });
      } else {
        const type = o.secret ? 'password' : def.kind === 'date' ? 'date' : 'text';
        const inputmode =
          def.kind === 'days' || def.kind === 'count'
            ? 'numeric'
            : def.kind === 'money'
              ? 'decimal'
              : def.kind === 'email'
                ? 'email'
                : undefined;
        input = el('input', {
          id,
          type,
          inputmode,
          autocomplete: 'off',
          spellcheck: 'false',
          'aria-describedby': `${id}-error`,
          placeholder: o.placeholder ?? PLACEHOLDERS[key] ?? (def.kind === 'email' ? 'name@agency.com' : undefined),
          list: o.suggestions?.length ? `${id}-list` : undefined,
        });
        if (o.suggestions?.length) {
          root.appendChild(
            el('datalist', { id: `${id}-list` }, ...o.suggestions.map((s) => el('option', { value: String(s) }))),
          );
        }
      }
      // A stored number is shown as it is typed in the spreadsheet's locale (12,5 in a German sheet), so saving it again reads it back unchanged.
      const shown = (v: unknown): string =>
        v === undefined || v === null
          ? ''
          : typeof v === 'number' && NUMBER_KINDS.has(def.kind)
            ? formatNumber(v, o.locale)
            : String(v);
      write = (v) => ((input as HTMLInputElement).value = shown(v));
      input.addEventListener('input', () => fire(false));
      input.addEventListener('change', () => fire(false));
    }
    input.title = def.help;
    input.addEventListener('blur', () => fire(true));
    root.appendChild(input);
    read = () => input.value;
    focusable = invalidTarget = input;
  }
  root.appendChild(error);

  return {
    key,
    root,
    read: () => read(),
    write: (v) => write(v),
    setError(message: string) {
      error.textContent = message;
      root.classList.toggle('invalid', message !== '');
      if (message) invalidTarget.setAttribute('aria-invalid', 'true');
      else invalidTarget.removeAttribute('aria-invalid');
    },
    focus: () => focusable.focus(),
    listen: (cb) => listeners.push(cb),
  };
}

/** Empty as the server sees it: '', an empty list, or an unticked box. */
export function isBlank(v: unknown): boolean {
  return v === '' || v === null || v === undefined || v === false || (Array.isArray(v) && v.length === 0);
}
