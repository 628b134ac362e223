/** The sidebar: one tab per form; the video picker above every form that works on an existing row. */
import { call, serverMessage } from './api';
import type { FormOptions } from './controls';
import { el } from './dom';
import { codeForm } from './forms/code';
import { checkLine, learnOnPick } from './forms/connect';
import { decidePanel } from './forms/decide';
import { editForm } from './forms/edit';
import { requestForm } from './forms/request';
import { statusForm } from './forms/status';
import { todayPanel } from './forms/today';
import { toolsPanel } from './forms/tools';
import { Current, type Picker, makePicker } from './picker';

/** What a tab's builder may use besides the lists: the shared pick, and a way to another tab. */
export interface Nav {
  go(tab: string): void;
  pick(videoUrl: string): Promise<boolean>;
}

interface Tab {
  id: string;
  label: string;
  title: string;
  build: (opts: FormOptions, current: Current, nav: Nav) => { root: HTMLElement; onShow?: () => void };
  /** Whether the form works on one picked row, so the picker shows above it. */
  picks: boolean;
}

const TABS: Tab[] = [
  {
    id: 'today',
    label: 'Today',
    title: 'Needs you today',
    build: (_opts, _current, nav) => {
      const panel = todayPanel(async (item) => {
        if (await nav.pick(item.videoUrl)) nav.go(item.next);
      });
      return { root: panel.root, onShow: () => void panel.load() };
    },
    picks: false,
  },
  { id: 'request', label: 'Request', title: 'Request a code', build: requestForm, picks: false },
  { id: 'code', label: 'Code', title: 'Record a received code', build: codeForm, picks: true },
  { id: 'status', label: 'Status', title: 'Update status', build: statusForm, picks: true },
  { id: 'decide', label: 'Decide', title: 'Renew, extend or retire', build: decidePanel, picks: true },
  { id: 'edit', label: 'Edit', title: 'Edit details', build: editForm, picks: true },
  { id: 'tools', label: 'Tools', title: 'Import, check and connect', build: toolsPanel, picks: false },
];

function start(app: HTMLElement, opts: FormOptions): void {
  const current = new Current();
  const tablist = el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Forms' });
  const panels = el('div', { class: 'panels' });
  const buttons: HTMLButtonElement[] = [];
  const sections: HTMLElement[] = [];
  const shows: ((() => void) | undefined)[] = [];
  let shown = -1;

  const select = (i: number) => {
    buttons.forEach((b, j) => {
      b.setAttribute('aria-selected', String(i === j));
      b.tabIndex = i === j ? 0 : -1;
    });
    sections.forEach((s, j) => {
      s.hidden = i !== j;
    });
    picker.root.hidden = !TABS[i].picks;
    document.body.dataset.tab = TABS[i].id;
    const changed = shown !== i;
    shown = i;
    if (!changed) return;
    shows[i]?.();
    // The picked row may have changed since it was read (the daily check, a colleague): read it again.
    if (TABS[i].picks) void picker.reread(true);
  };
  const nav: Nav = {
    go: (id) => {
      const i = TABS.findIndex((t) => t.id === id);
      if (i >= 0) select(i);
    },
    pick: (url) => picker.pick(url),
  };
  const picker: Picker = makePicker(
    current,
    nav.go,
    checkLine(current, () => picker.reread(true)),
  );
  learnOnPick(current);

  TABS.forEach((tab, i) => {
    const b = el('button', {
      type: 'button',
      role: 'tab',
      id: `tab-${tab.id}`,
      'aria-controls': `panel-${tab.id}`,
      text: tab.label,
    });
    b.addEventListener('click', () => select(i));
    b.addEventListener('keydown', (e) => {
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = (i + step + TABS.length) % TABS.length;
      select(next);
      buttons[next].focus();
    });
    buttons.push(b);
    tablist.appendChild(b);
    const form = tab.build(opts, current, nav);
    shows.push(form.onShow);
    const section = el(
      'section',
      { role: 'tabpanel', id: `panel-${tab.id}`, 'aria-labelledby': `tab-${tab.id}` },
      el('h2', { text: tab.title }),
      form.root,
    );
    sections.push(section);
    panels.appendChild(section);
  });

  app.appendChild(tablist);
  app.appendChild(picker.root);
  app.appendChild(panels);
  select(0);
}

async function boot(): Promise<void> {
  const app = document.getElementById('app') as HTMLElement;
  const loading = el(
    'p',
    { class: 'loading', id: 'loading' },
    el('span', { class: 'spinner dark', 'aria-hidden': 'true' }),
    ' Loading the ledger’s lists…',
  );
  app.appendChild(loading);
  try {
    const opts = await call('getFormOptions');
    loading.remove();
    start(app, opts);
    document.body.dataset.ready = 'true';
  } catch (e) {
    // A failure while building the forms comes after the loading line was taken away: put it back to say so.
    if (!loading.isConnected) app.appendChild(loading);
    loading.className = 'banner';
    loading.textContent = `${serverMessage(e)} Close the sidebar and open it again from Extensions › Spark Ledger.`;
    document.body.dataset.ready = 'failed';
  }
}

void boot();
