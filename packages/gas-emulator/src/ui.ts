/**
 * Ui (menus, sidebars, dialogs, alerts, prompts) and HtmlService.
 * https://developers.google.com/apps-script/reference/base/ui
 * https://developers.google.com/apps-script/reference/base/menu
 * https://developers.google.com/apps-script/reference/html/html-service
 * https://developers.google.com/apps-script/reference/html/html-output
 */
import type { Env } from './env';
import { gasError } from './env';

export type MenuItemRecord =
  | { kind: 'item'; caption: string; functionName: string }
  | { kind: 'separator' }
  | { kind: 'submenu'; title: string; items: MenuItemRecord[] };

export interface MenuRecord {
  title: string;
  addon: boolean;
  items: MenuItemRecord[];
}
export interface PanelRecord {
  title: string;
  html: string;
  width?: number;
  height?: number;
}
export interface DialogRecord extends PanelRecord {
  modal: boolean;
}
export interface AlertRecord {
  title: string | null;
  prompt: string;
  buttons: string;
  response: string;
}
export interface ToastRecord {
  message: string;
  title: string;
  timeoutSeconds: number;
}
export type PromptQueued = string | { text?: string; button?: string };

export interface UiState {
  menus: MenuRecord[];
  sidebars: PanelRecord[];
  dialogs: DialogRecord[];
  /** Prompt text of every alert shown (details in alertLog). */
  alerts: string[];
  alertLog: AlertRecord[];
  prompts: { title: string | null; prompt: string; buttons: string; response: { text: string; button: string } }[];
  toasts: ToastRecord[];
  /** Buttons the user "clicks" in upcoming alerts ('OK', 'YES', ...). Default: the first button of the set. */
  alertResponses: string[];
  /** Answers to upcoming prompts: text (clicked OK) or {text, button}. Default: '' with OK. */
  promptResponses: PromptQueued[];
}

export function newUiState(): UiState {
  return {
    menus: [],
    sidebars: [],
    dialogs: [],
    alerts: [],
    alertLog: [],
    prompts: [],
    toasts: [],
    alertResponses: [],
    promptResponses: [],
  };
}

export const Button = { CLOSE: 'CLOSE', OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO' } as const;
export const ButtonSet = {
  OK: 'OK',
  OK_CANCEL: 'OK_CANCEL',
  YES_NO: 'YES_NO',
  YES_NO_CANCEL: 'YES_NO_CANCEL',
} as const;
const FIRST_BUTTON: Record<string, string> = { OK: 'OK', OK_CANCEL: 'OK', YES_NO: 'YES', YES_NO_CANCEL: 'YES' };

export class FakeMenu {
  static gasName = 'Menu';
  readonly items: MenuItemRecord[] = [];
  constructor(
    private readonly env: Env,
    readonly title: string,
    readonly addon: boolean,
  ) {}
  addItem(caption: string, functionName: string): this {
    this.items.push({ kind: 'item', caption: String(caption), functionName: String(functionName) });
    return this;
  }
  addSeparator(): this {
    this.items.push({ kind: 'separator' });
    return this;
  }
  addSubMenu(menu: FakeMenu): this {
    this.items.push({ kind: 'submenu', title: menu.title, items: menu.items.slice() });
    return this;
  }
  // Adding a menu with the same name replaces the previous one (onOpen runs on every open).
  addToUi(): void {
    const rec: MenuRecord = { title: this.title, addon: this.addon, items: JSON.parse(JSON.stringify(this.items)) };
    const i = this.env.ui.menus.findIndex((m) => m.title === rec.title && m.addon === rec.addon);
    if (i >= 0) this.env.ui.menus[i] = rec;
    else this.env.ui.menus.push(rec);
  }
}

export class FakePromptResponse {
  static gasName = 'PromptResponse';
  constructor(
    private readonly text: string,
    private readonly button: string,
  ) {}
  getResponseText(): string {
    return this.text;
  }
  getSelectedButton(): string {
    return this.button;
  }
}

function htmlOf(o: unknown): { html: string; title: string; width?: number; height?: number } {
  if (o instanceof FakeHtmlOutput) return { html: o.content, title: o.title, width: o.width, height: o.height };
  return { html: String(o), title: '' };
}

export class FakeUi {
  static gasName = 'Ui';
  readonly Button = Button;
  readonly ButtonSet = ButtonSet;
  constructor(private readonly env: Env) {}
  createMenu(caption: string): FakeMenu {
    return new FakeMenu(this.env, String(caption), false);
  }
  // https://developers.google.com/apps-script/reference/base/ui#createAddonMenu()
  createAddonMenu(): FakeMenu {
    return new FakeMenu(this.env, 'Add-on', true);
  }
  // https://developers.google.com/apps-script/reference/base/ui#showSidebar(Object)
  showSidebar(userInterface: unknown): void {
    const h = htmlOf(userInterface);
    this.env.ui.sidebars.push({ title: h.title, html: h.html, width: h.width });
  }
  showModalDialog(userInterface: unknown, title: string): void {
    const h = htmlOf(userInterface);
    this.env.ui.dialogs.push({ title: String(title), html: h.html, width: h.width, height: h.height, modal: true });
  }
  showModelessDialog(userInterface: unknown, title: string): void {
    const h = htmlOf(userInterface);
    this.env.ui.dialogs.push({ title: String(title), html: h.html, width: h.width, height: h.height, modal: false });
  }
  // alert(prompt) | alert(prompt, buttons) | alert(title, prompt, buttons)
  // https://developers.google.com/apps-script/reference/base/ui#alert(String,String,ButtonSet)
  alert(a: string, b?: string, c?: string): string {
    let title: string | null = null,
      prompt: string,
      buttons = 'OK';
    if (c !== undefined) {
      title = String(a);
      prompt = String(b);
      buttons = String(c);
    } else if (b !== undefined) {
      prompt = String(a);
      buttons = String(b);
    } else prompt = String(a);
    const response = this.env.ui.alertResponses.length
      ? String(this.env.ui.alertResponses.shift())
      : (FIRST_BUTTON[buttons] ?? 'OK');
    this.env.ui.alerts.push(prompt);
    this.env.ui.alertLog.push({ title, prompt, buttons, response });
    return response;
  }
  // https://developers.google.com/apps-script/reference/base/ui#prompt(String,String,ButtonSet)
  prompt(a: string, b?: string, c?: string): FakePromptResponse {
    let title: string | null = null,
      prompt: string,
      buttons = 'OK';
    if (c !== undefined) {
      title = String(a);
      prompt = String(b);
      buttons = String(c);
    } else if (b !== undefined) {
      prompt = String(a);
      buttons = String(b);
    } else prompt = String(a);
    const q = this.env.ui.promptResponses.shift();
    const text = q === undefined ? '' : typeof q === 'string' ? q : (q.text ?? '');
    const button = q !== undefined && typeof q === 'object' && q.button ? q.button : (FIRST_BUTTON[buttons] ?? 'OK');
    this.env.ui.prompts.push({ title, prompt, buttons, response: { text, button } });
    return new FakePromptResponse(text, button);
  }
}

export const SandboxMode = { EMULATED: 'EMULATED', IFRAME: 'IFRAME', NATIVE: 'NATIVE' } as const;
export const XFrameOptionsMode = { ALLOWALL: 'ALLOWALL', DEFAULT: 'DEFAULT' } as const;

export class FakeHtmlOutput {
  static gasName = 'HtmlOutput';
  title = '';
  width?: number;
  height?: number;
  sandboxMode: string = 'IFRAME';
  xFrameOptionsMode: string = 'DEFAULT';
  metaTags: { name: string; content: string }[] = [];
  faviconUrl: string | null = null;
  constructor(public content: string) {}
  getContent(): string {
    return this.content;
  }
  setContent(c: string): this {
    this.content = String(c);
    return this;
  }
  append(c: string): this {
    this.content += String(c);
    return this;
  }
  appendUntrusted(c: string): this {
    this.content += String(c)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
    return this;
  }
  clear(): this {
    this.content = '';
    return this;
  }
  getTitle(): string {
    return this.title;
  }
  setTitle(t: string): this {
    this.title = String(t);
    return this;
  }
  getWidth(): number | undefined {
    return this.width;
  }
  setWidth(w: number): this {
    this.width = w;
    return this;
  }
  getHeight(): number | undefined {
    return this.height;
  }
  setHeight(h: number): this {
    this.height = h;
    return this;
  }
  setSandboxMode(m: string): this {
    this.sandboxMode = String(m);
    return this;
  }
  setXFrameOptionsMode(m: string): this {
    this.xFrameOptionsMode = String(m);
    return this;
  }
  addMetaTag(name: string, content: string): this {
    this.metaTags.push({ name: String(name), content: String(content) });
    return this;
  }
  getMetaTags(): { name: string; content: string }[] {
    return this.metaTags.slice();
  }
  setFaviconUrl(u: string): this {
    this.faviconUrl = String(u);
    return this;
  }
  getFaviconUrl(): string | null {
    return this.faviconUrl;
  }
  getAs(): { getDataAsString(): string } {
    const c = this.content;
    return { getDataAsString: () => c };
  }
}

/**
 * Templates: printing scriptlets <?= name ?> / <?!= name ?> are filled from the
 * template's properties (escaped / raw); other scriptlets are dropped.
 * https://developers.google.com/apps-script/guides/html/templates
 */
export class FakeHtmlTemplate {
  static gasName = 'HtmlTemplate';
  [key: string]: unknown;
  constructor(private readonly source: string) {}
  getRawContent(): string {
    return this.source;
  }
  evaluate(): FakeHtmlOutput {
    const esc = (s: string): string =>
      s
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;');
    const html = this.source.replace(/<\?(!?=)?([\s\S]*?)\?>/g, (_m, kind: string | undefined, expr: string) => {
      if (!kind) return '';
      const key = expr.trim();
      const v = Object.prototype.hasOwnProperty.call(this, key) ? this[key] : '';
      return kind === '!=' ? String(v) : esc(String(v));
    });
    return new FakeHtmlOutput(html);
  }
}

export class FakeHtmlService {
  static gasName = 'HtmlService';
  readonly SandboxMode = SandboxMode;
  readonly XFrameOptionsMode = XFrameOptionsMode;
  constructor(
    private readonly env: Env,
    private readonly files: Record<string, string>,
  ) {}
  private file(name: string): string {
    const n = String(name);
    const key = n.endsWith('.html') ? n.slice(0, -5) : n;
    // https://developers.google.com/apps-script/reference/html/html-service#createHtmlOutputFromFile(String)
    if (!Object.prototype.hasOwnProperty.call(this.files, key))
      throw gasError(this.env, `No HTML file named ${n} was found.`);
    return this.files[key];
  }
  createHtmlOutput(html?: unknown): FakeHtmlOutput {
    return new FakeHtmlOutput(html === undefined ? '' : String(html));
  }
  createHtmlOutputFromFile(filename: string): FakeHtmlOutput {
    return new FakeHtmlOutput(this.file(filename));
  }
  createTemplate(html: string): FakeHtmlTemplate {
    return new FakeHtmlTemplate(String(html));
  }
  createTemplateFromFile(filename: string): FakeHtmlTemplate {
    return new FakeHtmlTemplate(this.file(filename));
  }
  getUserAgent(): string {
    return 'Mozilla/5.0 (emulator)';
  }
}
