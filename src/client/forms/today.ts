/**
 * Today (docs/product.md §4a): what needs the person now, mine or all, each
 * line one click from its row and its next step. Read when the sidebar
 * opens, whenever the tab is shown again, and on Refresh.
 */
import type { AttentionItem, AttentionKind } from '../../core/lifecycle/attention';
import { call, serverMessage } from '../api';
import { clear, el } from '../dom';

const GROUPS: { kinds: AttentionKind[]; title: string }[] = [
  { kinds: ['expired'], title: 'Expired' },
  { kinds: ['tiktok'], title: 'TikTok says' },
  { kinds: ['decide'], title: 'Decide now' },
  { kinds: ['renew', 'retire'], title: 'Decided, not done' },
  { kinds: ['paidMismatch'], title: 'Paid campaign disagrees' },
  { kinds: ['activate'], title: 'Ready to activate' },
  { kinds: ['waiting'], title: 'Waiting for the creator' },
];

const STEP_LABELS: Record<AttentionItem['next'], string> = {
  decide: 'Decide',
  code: 'Record code',
  status: 'Update status',
  edit: 'Edit',
};

function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export interface TodayPanel {
  root: HTMLElement;
  /** Reads the list again (the sidebar calls it whenever Today is shown). */
  load(): Promise<void>;
}

/** `open` picks the line's video (found again by its link) and shows its next step. */
export function todayPanel(open: (item: AttentionItem) => Promise<void>): TodayPanel {
  let scope: 'mine' | 'all' = 'mine';
  const mine = el('button', { type: 'button', role: 'radio', id: 'today-mine', text: 'Mine' });
  const all = el('button', { type: 'button', role: 'radio', id: 'today-all', text: 'All' });
  const refresh = el(
    'button',
    { type: 'button', class: 'secondary small', id: 'today-refresh', title: 'Read the ledger again' },
    el('span', { class: 'spinner dark', 'aria-hidden': 'true' }),
    el('span', { text: 'Refresh' }),
  );
  const asOf = el('span', { class: 'muted', id: 'today-asof' });
  const summary = el('p', { class: 'today-summary', id: 'today-summary', role: 'status' });
  const list = el('div', { class: 'today-list', id: 'today-list' });
  const root = el(
    'div',
    { class: 'today', id: 'today' },
    el(
      'div',
      { class: 'today-bar' },
      el('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'Whose rows' }, mine, all),
      refresh,
    ),
    el('div', { class: 'today-meta' }, asOf),
    summary,
    list,
  );

  const paintScope = () => {
    mine.setAttribute('aria-checked', String(scope === 'mine'));
    all.setAttribute('aria-checked', String(scope === 'all'));
  };

  const line = (item: AttentionItem) => {
    const who = item.creatorHandle || item.videoUrl;
    const where = [item.campaign, item.client, item.market].filter(Boolean).join(' · ');
    const b = el(
      'button',
      { type: 'button', class: `today-item kind-${item.kind}`, 'data-video': item.videoUrl },
      el(
        'span',
        { class: 'today-item-head' },
        el('span', { class: 'today-who', text: who }),
        el('span', { class: 'today-step', text: STEP_LABELS[item.next] }),
      ),
      where ? el('span', { class: 'today-where', text: where }) : null,
      el('span', { class: 'today-says', text: item.says }),
    );
    b.addEventListener('click', () => {
      b.classList.add('busy');
      void open(item).finally(() => b.classList.remove('busy'));
    });
    return b;
  };

  let loading = false;
  const load = async () => {
    if (loading) return;
    loading = true;
    refresh.disabled = true;
    refresh.classList.add('busy');
    root.setAttribute('aria-busy', 'true');
    try {
      const r = await call('getToday', { scope });
      scope = r.scope;
      paintScope();
      clear(list);
      asOf.textContent = `Read at ${clock(r.asOf)}${r.scope === 'all' && r.user === '' ? ' · Google did not share your address, so every row is shown' : ''}`;
      if (r.total === 0) {
        summary.textContent =
          r.scope === 'mine'
            ? 'Nothing needs you now. Rows where you are an owner show here when they do; see All for the whole ledger.'
            : 'Nothing in the ledger needs a person now.';
        summary.className = 'today-summary done';
      } else {
        const shown = r.items.length < r.total ? ` (the first ${r.items.length} are listed)` : '';
        summary.textContent = `${r.total} ${r.total === 1 ? 'row needs' : 'rows need'} ${r.scope === 'mine' ? 'you' : 'a person'}${shown}.`;
        summary.className = 'today-summary';
      }
      for (const g of GROUPS) {
        const items = r.items.filter((i) => g.kinds.includes(i.kind));
        if (!items.length) continue;
        const n = g.kinds.reduce((s, k) => s + (r.counts[k] ?? 0), 0);
        list.appendChild(
          el(
            'section',
            { class: 'today-group', 'data-kinds': g.kinds.join(' ') },
            el('h3', {}, g.title, ' ', el('span', { class: 'count', text: String(n) })),
            ...items.map(line),
          ),
        );
      }
    } catch (e) {
      summary.textContent = serverMessage(e);
      summary.className = 'today-summary error';
    } finally {
      loading = false;
      refresh.disabled = false;
      refresh.classList.remove('busy');
      root.setAttribute('aria-busy', 'false');
    }
  };

  mine.addEventListener('click', () => {
    scope = 'mine';
    paintScope();
    void load();
  });
  all.addEventListener('click', () => {
    scope = 'all';
    paintScope();
    void load();
  });
  refresh.addEventListener('click', () => void load());
  paintScope();
  return { root, load };
}
