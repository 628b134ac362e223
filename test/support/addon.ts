/**
 * Loads build/Code.js the way Apps Script runs it: one shared global scope
 * holding only the emulated services, through gas-local.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vm from 'node:vm';
import {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
  type FakeTrigger,
  type RunOptions,
} from '@spark-ledger/gas-emulator';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const gas = require('gas-local');

/** The built project; SPARK_LEDGER_BUILD points elsewhere when this file is bundled (benchmarks, preview). */
export const BUILD_DIR = process.env.SPARK_LEDGER_BUILD ?? join(__dirname, '..', '..', 'build');

export type Addon = Record<string, (...args: any[]) => any>;

/** The HTML files the bundle may open with HtmlService, as clasp would push them. */
export function builtHtmlFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  try {
    files.Sidebar = readFileSync(join(BUILD_DIR, 'Sidebar.html'), 'utf8');
  } catch {
    // No sidebar built yet.
  }
  return files;
}

/** The manifest clasp would push: the emulator grants exactly its scopes. */
export function builtManifest(dir = BUILD_DIR): { oauthScopes?: string[] } {
  // The project's own manifest when a bundle was built elsewhere without one.
  const file = [join(dir, 'appsscript.json'), join(__dirname, '..', '..', 'appsscript.json')].find((f) =>
    existsSync(f),
  ) as string;
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Simple triggers Apps Script runs by their name, in AuthMode.LIMITED (or NONE). */
const SIMPLE_TRIGGERS = new Set(['onOpen', 'onEdit', 'onSelectionChange']);

/**
 * The execution Apps Script would start for a call of `name` with these
 * arguments: a simple trigger by its name, an installable trigger by the
 * event's triggerUid (run as the trigger's owner), anything else a menu item
 * or sidebar call (FULL, as the person at the keyboard).
 */
export function executionFor(emu: Emulator, name: string, args: unknown[]): RunOptions {
  const e = args[0] as { authMode?: unknown; triggerUid?: unknown } | undefined;
  if (SIMPLE_TRIGGERS.has(name)) {
    const mode = e && (e.authMode === 'NONE' || e.authMode === 'LIMITED') ? e.authMode : undefined;
    if (!(e && e.authMode === 'FULL')) return { kind: 'simple', authMode: mode };
  }
  if (e && typeof e === 'object' && e.triggerUid !== undefined) {
    const t = emu.triggers.find((x) => x.id === String(e.triggerUid));
    return { kind: 'trigger', user: t?.user };
  }
  return { kind: 'editor' };
}

/**
 * Evaluates build/Code.js in a fresh sandbox. Each call of a top-level
 * function from outside is one execution in the context Apps Script would
 * give it (executionFor); `as` makes another person the one at the keyboard.
 */
export function loadAddon(emu: Emulator, as?: string): Addon {
  const ctx = gas.require(BUILD_DIR, { ...emu.globals }, { filter: (f: string) => f.endsWith('/Code.js') });
  // Service errors must be instances of the sandbox's own Error, as in Apps Script.
  emu.bindRealm({ Error: vm.runInContext('Error', ctx) });
  const wrapped = new Map<string, (...args: unknown[]) => unknown>();
  return new Proxy(ctx, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      let fn = wrapped.get(prop);
      if (!fn) {
        fn = (...args: unknown[]) => {
          const run = executionFor(emu, prop, args);
          if (as && run.kind !== 'trigger') run.user = as;
          return emu.run(run, () => (value as (...a: unknown[]) => unknown)(...args));
        };
        wrapped.set(prop, fn);
      }
      return fn;
    },
  }) as Addon;
}

/** The event Apps Script passes a time-driven trigger's handler. https://developers.google.com/apps-script/guides/triggers/events#time-driven-events */
export function clockEvent(emu: Emulator, t: FakeTrigger): Record<string, unknown> {
  const now = emu.clock.now();
  return {
    authMode: 'FULL',
    triggerUid: t.id,
    timezone: t.timeZone ?? 'UTC',
    year: now.getUTCFullYear(),
    month: now.getUTCMonth() + 1,
    'day-of-month': now.getUTCDate(),
    hour: now.getUTCHours(),
    minute: now.getUTCMinutes(),
    second: now.getUTCSeconds(),
  };
}

/** Fires an installed time-driven trigger: its handler runs as its owner, with no user interface. */
export function fireTrigger(emu: Emulator, t: FakeTrigger): unknown {
  const addon = loadAddon(emu);
  return addon[t.handlerFunction](clockEvent(emu, t));
}

export interface Harness {
  emu: Emulator;
  addon: Addon;
}

/** A fresh emulated spreadsheet with the built add-on loaded and, by default, set up. */
export function startAddon(opts: EmulatorOptions & { setup?: boolean } = {}): Harness {
  const emu = createEmulator({
    files: builtHtmlFiles(),
    manifest: builtManifest(),
    spreadsheetName: 'Spark Ledger',
    ...opts,
  });
  const addon = loadAddon(emu);
  if (opts.setup !== false) addon.setupLedger();
  return { emu, addon };
}
