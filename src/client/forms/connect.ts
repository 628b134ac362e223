/**
 * The ledger's connection to TikTok API for Business and TokPortal: what is
 * connected (a hint of each secret at most), a form to paste a token or key,
 * removal asked once more in the sidebar itself, and Sync now. The secrets are
 * typed into password inputs, sent once, and never put back on the page.
 * Also the picked video's "Check with TikTok" line on the picker's card.
 */
import type { FieldKey } from '../../core/ledger/fields';
import { type ServerApi, call, serverMessage } from '../api';
import { busyButton } from '../busy';
import { type FormOptions, makeControl } from '../controls';
import { el, show } from '../dom';
import { Form } from '../formKit';
import type { Current } from '../picker';

type View = ReturnType<ServerApi['getConnection']>;
type Service = 'tiktok' | 'tokportal';

let known: View | null = null;
let reading: Promise<void> | null = null;
const listeners: ((v: View) => void)[] = [];

/** What is connected, shared by the Tools panel, the Code tab and the picker's card. */
export const connection = {
  get: (): View | null => known,
  set(v: View): void {
    known = { tiktok: v.tiktok, tokportal: v.tokportal };
    for (const l of listeners) l(known);
  },
  listen: (l: (v: View) => void): number => listeners.push(l),
  /** Reads it again (one read at a time). */
  load(): Promise<void> {
    reading ??= call('getConnection')
      .then((v) => connection.set(v))
      .finally(() => (reading = null));
    return reading;
  },
};

/** The first picked video asks what is connected, so the sidebar's start stays two calls. */
export function learnOnPick(current: Current): void {
  current.listen((rec) => {
    if (rec && !known) connection.load().catch(() => undefined);
  });
}

function say(box: HTMLElement, text: string, cls = 'notice'): void {
  box.className = cls;
  box.textContent = text;
  show(box, true);
}

function stateText(v: View, s: Service): string {
  const c = v[s];
  if (!c.connected) return 'Not connected';
  const what =
    'token' in c
      ? `token ${c.token} · advertiser${c.advertiserIds.length === 1 ? '' : 's'} ${c.advertiserIds.join(', ')}`
      : `key ${c.apiKey}`;
  return `Connected by ${c.by || 'someone'} on ${c.at.slice(0, 10)} · ${what}`;
}

const ids = (text: string) =>
  text
    .split(/[\s,;]+/)
    .filter(Boolean)
    .join(',');

export function connectPanel(opts: FormOptions): { root: HTMLElement; onShow: () => void } {
  const form = new Form('connect', 'Save connection', opts.ledgerUrl, opts.locale);
  const field = (key: string, label: string, placeholder: string, secret = false) =>
    form.add(makeControl('connect', key as FieldKey, { label, placeholder, secret }));
  const token = field('tiktokToken', 'TikTok access token', 'Paste the long-lived token', true);
  const advertisers = field('advertiserIds', 'Advertiser IDs', 'Digits from Ads Manager, comma separated');
  const key = field('tokportalKey', 'TokPortal API key', 'sk_…', true);

  const confirmText = el('p');
  const yes = busyButton('connect-confirm-yes', 'Yes, remove', 'action');
  yes.button.classList.add('danger');
  const no = el('button', { type: 'button', class: 'secondary', id: 'connect-confirm-no', text: 'Keep it' });
  const ask = el(
    'div',
    { class: 'confirm', id: 'connect-confirm', role: 'alertdialog', hidden: true },
    confirmText,
    el('div', { class: 'row' }, yes.button, no),
  );
  let removing: Service = 'tiktok';

  const states = {} as Record<Service, HTMLElement>;
  const removes = {} as Record<Service, HTMLButtonElement>;
  const service = (s: Service, label: string) => {
    states[s] = el('p', { class: 'conn-state', id: `connect-${s}-state`, text: 'Reading…' });
    removes[s] = el('button', {
      type: 'button',
      class: 'secondary small',
      id: `connect-remove-${s}`,
      hidden: true,
      text: `Remove ${label}`,
    });
    removes[s].addEventListener('click', () => {
      removing = s;
      confirmText.textContent = `Remove ${label} for everyone editing this spreadsheet? ${
        s === 'tiktok'
          ? 'Codes are no longer checked and spend stops syncing.'
          : 'Open requests are no longer followed.'
      }`;
      show(ask, true);
      yes.button.focus();
    });
    return el(
      'div',
      { class: 'conn' },
      el('div', { class: 'conn-head' }, el('strong', { text: label }), removes[s]),
      states[s],
    );
  };

  const sync = busyButton('connect-sync', 'Sync now', 'secondary');
  sync.setReady(false);
  const synced = el('div', { id: 'connect-sync-result', role: 'status', hidden: true });
  const root = el(
    'section',
    { class: 'tool', id: 'connect', 'aria-labelledby': 'connect-title' },
    el('h3', { id: 'connect-title', text: 'Connection' }),
    el('p', {
      class: 'hint',
      text: 'The token comes from TikTok API for Business; everyone editing this spreadsheet shares the connection, and a saved token or key is never shown again.',
    }),
    service('tiktok', 'TikTok'),
    service('tokportal', 'TokPortal'),
    ask,
    form.root,
    el('div', { class: 'buttons' }, sync.button),
    synced,
  );

  let shownIds = '';
  connection.listen((v) => {
    for (const s of ['tiktok', 'tokportal'] as const) {
      states[s].textContent = stateText(v, s);
      show(removes[s], v[s].connected);
    }
    // The connected ids are not a secret: shown to edit, unless the person is typing others.
    const now = v.tiktok.connected ? v.tiktok.advertiserIds.join(', ') : '';
    if (advertisers.read() === shownIds) advertisers.write(now);
    shownIds = now;
    sync.setReady(v.tiktok.connected || v.tokportal.connected);
  });

  const saved = (r: ReturnType<ServerApi['saveConnection']>, message: string) => {
    if (!r.ok) return form.showErrors(r.errors);
    connection.set(r);
    form.reset();
    advertisers.write(shownIds);
    say(form.notice, message);
  };

  form.onSubmit(async () => {
    show(ask, false);
    const input: Record<string, string> = {};
    const t = String(token.read()).trim();
    const k = String(key.read()).trim();
    const a = String(advertisers.read());
    if (t) input.tiktokToken = t;
    if (k) input.tokportalKey = k;
    // Ids left as they were are not sent, so saving a key alone does not touch the TikTok connection.
    if (t || ids(a) !== ids(shownIds)) input.advertiserIds = a;
    saved(await call('saveConnection', input), 'Saved for everyone editing this spreadsheet.');
  });

  yes.button.addEventListener('click', () => {
    form.hideNotice();
    void yes.run(
      async () => {
        const what = removing === 'tiktok' ? 'TikTok' : 'TokPortal';
        saved(await call('saveConnection', { remove: [removing] }), `${what} removed.`);
        show(ask, false);
      },
      (m) => form.failure(m),
    );
  });
  no.addEventListener('click', () => show(ask, false));

  sync.button.addEventListener('click', () => {
    show(synced, false);
    void sync.run(
      async () => {
        const r = await call('syncConnected');
        say(synced, r.message, r.continues ? 'note' : 'notice');
      },
      (m) => say(synced, m, 'banner'),
    );
  });

  const onShow = () => {
    root.setAttribute('aria-busy', 'true');
    connection
      .load()
      .catch((e) => form.failure(serverMessage(e)))
      .finally(() => root.setAttribute('aria-busy', 'false'));
  };
  return { root, onShow };
}

/** The picked video's TikTok check on its card, when TikTok is connected and the row has a code. */
export function checkLine(current: Current, reread: () => Promise<void>): HTMLElement {
  const text = el('span', { class: 'check-text', id: 'picker-tiktok-text' });
  const run = busyButton('picker-check', 'Check with TikTok', 'secondary');
  run.button.classList.add('small');
  const said = el('p', { id: 'picker-tiktok-message', role: 'status', hidden: true });
  const root = el('div', { class: 'card-check', id: 'picker-tiktok', hidden: true }, text, run.button, said);
  let url = '';
  const paint = () => {
    const rec = current.get();
    const now = rec ? rec.videoUrl : '';
    if (now !== url) show(said, false);
    url = now;
    show(root, !!rec && !!known && known.tiktok.connected && rec.sparkCode !== '');
    if (rec) text.textContent = `TikTok check: ${rec.tiktokCheck || 'not checked yet'}`;
  };
  current.listen(paint);
  connection.listen(paint);
  run.button.addEventListener('click', () => {
    const rec = current.get();
    if (!rec) return;
    void run.run(
      async () => {
        const r = await call('checkWithTikTok', rec.videoUrl);
        say(said, r.message, r.ok ? 'check-said' : 'check-said bad');
        if (r.record) await reread();
      },
      (m) => say(said, m, 'check-said bad'),
    );
  });
  return root;
}
