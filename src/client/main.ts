/** The sidebar: one tab per form; the video picker above every form that works on an existing row. */
import { call, serverMessage } from './api';
import type { FormOptions } from './controls';
import { el } from './dom';
import { codeForm } from './forms/code';
import { editForm } from './forms/edit';
import { renewForm } from './forms/renew';
import { requestForm } from './forms/request';
import { retireForm } from './forms/retire';
import { statusForm } from './forms/status';
import { toolsPanel } from './forms/tools';
import { Current, makePicker } from './picker';

interface Tab {
  id: string;
  label: string;
  title: string;
  build: (opts: FormOptions, current: Current) => { root: HTMLElement };
  /** Whether the form works on one picked row, so the picker shows above it. */
  picks: boolean;
}

const TABS: Tab[] = [
  { id: 'request', label: 'Request', title: 'Request a code', build: requestForm, picks: false },
  { id: 'code', label: 'Code', title: 'Record a received code', build: codeForm, picks: true },
  { id: 'status', label: 'Status', title: 'Update status', build: statusForm, picks: true },
  { id: 'renew', label: 'Renew', title: 'Renew with a new code', build: renewForm, picks: true },
  { id: 'retire', label: 'Retire', title: 'Retire a code', build: retireForm, picks: true },
  { id: 'edit', label: 'Edit', title: 'Edit details', build: editForm, picks: true },
  { id: 'tools', label: 'Tools', title: 'Import and check', build: toolsPanel, picks: false },
];

function start(app: HTMLElement, opts: FormOptions): void {
  const current = new Current();
  const tablist = el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Forms' });
  const picker = makePicker(current);
  const panels = el('div', { class: 'panels' });
  const buttons: HTMLButtonElement[] = [];
  const sections: HTMLElement[] = [];

  const select = (i: number) => {
    buttons.forEach((b, j) => {
      b.setAttribute('aria-selected', String(i === j));
      b.tabIndex = i === j ? 0 : -1;
    });
    sections.forEach((s, j) => {
      s.hidden = i !== j;
    });
    picker.hidden = !TABS[i].picks;
    document.body.dataset.tab = TABS[i].id;
  };

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
    const form = tab.build(opts, current);
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
  app.appendChild(picker);
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
    loading.className = 'banner';
    loading.textContent = `${serverMessage(e)} Close the sidebar and open it again from Extensions › Spark Ledger.`;
    document.body.dataset.ready = 'failed';
  }
}

void boot();
