/**
 * Loads build/Code.js the way Apps Script runs it: one shared global scope
 * holding only the emulated services, through gas-local.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import * as vm from 'vm';
import { createEmulator, Emulator, EmulatorOptions } from '../emulator';

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

export function loadAddon(emu: Emulator): Addon {
  const ctx = gas.require(BUILD_DIR, { ...emu.globals }, { filter: (f: string) => f.endsWith('/Code.js') });
  // Service errors must be instances of the sandbox's own Error, as in Apps Script.
  emu.bindRealm({ Error: vm.runInContext('Error', ctx) });
  return ctx as Addon;
}

export interface Harness {
  emu: Emulator;
  addon: Addon;
}

/** A fresh emulated spreadsheet with the built add-on loaded and, by default, set up. */
export function startAddon(opts: EmulatorOptions & { setup?: boolean } = {}): Harness {
  const emu = createEmulator({ files: builtHtmlFiles(), ...opts });
  const addon = loadAddon(emu);
  if (opts.setup !== false) addon.setupLedger();
  return { emu, addon };
}
