/**
 * Which ledger row the Code, Status, Renew, Retire and Edit forms work on:
 * found by a search over findRecords, or the row selected in the sheet.
 */
import type { LedgerRecord } from '../core/ledger/fields';
import { call, serverMessage } from './api';
import { clear, el, show } from './dom';

type Listener = (rec: LedgerRecord | null) => void;

/** The one picked record all forms share, so a video is picked once and followed through its lifecycle. */
export class Current {
  private rec: LedgerRecord | null = null;
  private listeners: Listener[] = [];

  get(): LedgerRecord | null {
    return this.rec;
  }

  set(rec: LedgerRecord | null): void {
    this.rec = rec;
    for (const l of this.listeners) l(rec);
  }

  listen(l: Listener): void {
    this.listeners.push(l);
  }
}

export function summary(rec: LedgerRecord): string {
  return [rec.creatorHandle, rec.campaign, rec.client].filter(Boolean).join(' · ');
}

/** The step a row's status points to, as the card's button offers it; null when none (Retired). */
export function nextStep(rec: LedgerRecord): { tab: string; label: string } | null {
  switch (rec.status) {
    case 'Requested':
      return { tab: 'code', label: 'Record the code' };
    case 'Renewal needed':
    case 'Expired':
      return { tab: 'decide', label: 'Decide: renew or retire' };
    case 'Retired':
      return null;
    case 'Received':
      return { tab: 'status', label: 'Activate' };
    default:
      return { tab: 'status', label: 'Update status' };
  }
}

export interface Picker {
  root: HTMLElement;
  /** Reads the picked row again; `quiet` keeps the status line for failures only. */
  reread(quiet?: boolean): Promise<void>;
  /** Picks a video by its link (found again in the Ledger); false when it is not there any more. */
  pick(videoUrl: string): Promise<boolean>;
}

/** Whether two reads of a row say the same. */
function same(a: LedgerRecord | null, b: LedgerRecord | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** `extra` goes on the card above its buttons (the TikTok check line). */
export function makePicker(current: Current, go: (tab: string) => void = () => {}, extra?: HTMLElement): Picker {
  const text = el('input', {
    id: 'picker-text',
    type: 'search',
    placeholder: 'Handle, campaign or link',
    autocomplete: 'off',
    'aria-label': 'Find a video in the ledger',
  });
  const find = el('button', { type: 'submit', id: 'picker-find', class: 'secondary', text: 'Find' });
  const selected = el('button', {
    type: 'button',
    id: 'picker-selected',
    class: 'secondary wide',
    text: 'Use selected row',
  });
  const status = el('div', { class: 'picker-status', id: 'picker-status', role: 'status' });
  const results = el('ul', { class: 'results', id: 'picker-results' });
  const card = el('div', { class: 'card', id: 'picker-card', hidden: true });
  const form = el('form', { class: 'picker-search', novalidate: true }, text, find);
  const root = el(
    'section',
    { class: 'picker', id: 'picker' },
    el('div', { class: 'picker-title', text: 'Video' }),
    form,
    selected,
    status,
    results,
    card,
  );

  let busy = false;
  const run = async (what: () => Promise<void>) => {
    if (busy) return;
    busy = true;
    find.disabled = selected.disabled = true;
    root.classList.add('busy');
    status.textContent = 'Looking…';
    status.className = 'picker-status';
    try {
      await what();
    } catch (e) {
      status.textContent = serverMessage(e);
      status.className = 'picker-status error';
    } finally {
      busy = false;
      find.disabled = selected.disabled = false;
      root.classList.remove('busy');
    }
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void run(async () => {
      const found = await call('findRecords', { text: text.value, limit: 10 });
      clear(results);
      status.textContent = found.length
        ? `${found.length === 10 ? 'First 10' : found.length} match${found.length === 1 ? '' : 'es'}: pick one.`
        : 'No row in the ledger matches.';
      for (const rec of found) {
        const pick = el(
          'button',
          { type: 'button', class: 'result', 'data-row': rec.row },
          el('span', { class: 'result-main', text: summary(rec) || rec.videoUrl }),
          el('span', { class: 'result-meta', text: `Row ${rec.row} · ${rec.status || 'no status'}` }),
        );
        pick.addEventListener('click', () => {
          clear(results);
          status.textContent = '';
          current.set(rec);
        });
        results.appendChild(el('li', {}, pick));
      }
    });
  });

  const gone = (url: string) =>
    `That video is no longer in the Ledger (archived, or its row deleted): ${url}. Search for it again, or look in the Archive sheet.`;

  const reread = async (quiet = false) => {
    const rec = current.get();
    if (!rec) return;
    await run(async () => {
      const fresh = await call('getRecord', rec.videoUrl);
      if (current.get()?.videoUrl !== rec.videoUrl) return;
      if (!fresh) {
        status.textContent = gone(rec.videoUrl);
        status.className = 'picker-status error';
        current.set(null);
        return;
      }
      status.textContent = quiet ? '' : 'Read again just now.';
      status.className = 'picker-status';
      if (!same(fresh, rec)) current.set(fresh);
    });
  };

  const pick = async (videoUrl: string): Promise<boolean> => {
    let found = false;
    await run(async () => {
      const rec = await call('getRecord', videoUrl);
      clear(results);
      if (!rec) {
        status.textContent = gone(videoUrl);
        status.className = 'picker-status error';
        return;
      }
      status.textContent = '';
      found = true;
      current.set(rec);
    });
    return found;
  };

  selected.addEventListener('click', () => {
    void run(async () => {
      const rec = await call('getSelectedRecord');
      clear(results);
      if (rec) {
        status.textContent = '';
        current.set(rec);
      } else {
        status.textContent = 'Select a cell in a filled row of the Ledger sheet first, then try again.';
      }
    });
  });

  current.listen((rec) => {
    clear(card);
    show(card, rec !== null);
    if (!rec) return;
    card.appendChild(
      el(
        'div',
        { class: 'card-head' },
        el('span', { class: 'card-title', text: rec.creatorHandle || 'No handle' }),
        el('span', {
          class: `pill status-${rec.status.replace(/\s+/g, '-').toLowerCase()}`,
          id: 'picker-card-status',
          text: rec.status || 'No status',
        }),
      ),
    );
    card.appendChild(el('div', { class: 'card-line', text: [rec.campaign, rec.client].filter(Boolean).join(' · ') }));
    card.appendChild(
      el('div', {
        class: 'card-line muted',
        text: `Row ${rec.row}${rec.expiresOn ? ` · expires ${rec.expiresOn}` : ''}`,
      }),
    );
    card.appendChild(
      el('a', {
        class: 'card-url',
        href: /^https:\/\//.test(rec.videoUrl) ? rec.videoUrl : undefined,
        target: '_blank',
        rel: 'noopener',
        text: rec.videoUrl,
      }),
    );
    if (extra) card.appendChild(extra);
    const step = nextStep(rec);
    const again = el('button', {
      type: 'button',
      class: 'secondary small',
      id: 'picker-refresh',
      title: 'Read this row again from the Ledger',
      text: 'Refresh',
    });
    again.addEventListener('click', () => void reread());
    const actions = el('div', { class: 'card-actions' }, again);
    if (step) {
      const next = el('button', { type: 'button', class: 'action small', id: 'picker-next', text: step.label });
      next.dataset.tab = step.tab;
      next.addEventListener('click', () => go(step.tab));
      actions.insertBefore(next, again);
    }
    card.appendChild(actions);
  });

  return { root, reread, pick };
}
