/**
 * Executions: who runs the script, in which authorization mode, for how long,
 * and what each mode may call. Every counted service call passes through
 * `checkCall` before it runs.
 *
 * Sources:
 *   https://developers.google.com/apps-script/concepts/scopes#set-explicit
 *     explicit oauthScopes switch off scope detection: a method whose scope is
 *     missing throws "You do not have permission to call …".
 *   https://developers.google.com/workspace/add-ons/concepts/editor-auth-lifecycle
 *     AuthMode.NONE: an add-on's onOpen before the user enabled it in the
 *     document; only menus may be built.
 *   https://developers.google.com/apps-script/guides/triggers#restrictions
 *     simple triggers (LIMITED): the bound document only, no service that
 *     needs authorization (mail, triggers, other files, dialogs), 30 seconds.
 *   https://developers.google.com/apps-script/guides/triggers/installable
 *     installable triggers run as the user who created them; a time-driven
 *     run has no user interface.
 *   https://developers.google.com/apps-script/guides/services/quotas
 *     an execution stops after 6 minutes.
 */
import type { Env } from './env';
import { gasError } from './env';
import { permissionMessage, SCOPES, scopesFor } from './scopes';
import type { FakeSpreadsheet } from './spreadsheet';

export type AuthModeName = 'NONE' | 'LIMITED' | 'FULL';
/** editor: a menu item, a sidebar call or the script editor; simple: onOpen/onEdit; trigger: an installable (time-driven) trigger. */
export type ExecutionKind = 'editor' | 'simple' | 'trigger';

export interface Execution {
  kind: ExecutionKind;
  authMode: AuthModeName;
  /** Session.getActiveUser(): '' where Google keeps the address from the script. */
  activeUser: string;
  /** Session.getEffectiveUser(): whose authority the script runs under. */
  effectiveUser: string;
  /** The document the script runs in; null for a time-driven run of an add-on. */
  active: FakeSpreadsheet | null;
  startedMs: number;
  limitMs: number;
  hasUi: boolean;
}

export const EXECUTION_LIMIT_MS = 6 * 60 * 1000;
export const SIMPLE_TRIGGER_LIMIT_MS = 30 * 1000;

export interface RuntimeRules {
  /** The manifest's oauthScopes; null when the manifest sets none (Google then detects scopes itself). */
  scopes: readonly string[] | null;
  /** 'bound': the spreadsheet's own project. 'addon': a standalone project installed as an Editor add-on. */
  deployment: 'bound' | 'addon';
  /** 'consumer' (gmail.com) accounts rarely let a script see other people's addresses. */
  account: 'workspace' | 'consumer';
  /**
   * Whether ScriptApp.getUserTriggers(spreadsheet) lists the time-driven
   * triggers created in that spreadsheet. Google documents it for Editor
   * add-ons' per-document triggers but not for a bound script's clock
   * triggers: a guess either way, so the add-on must work with both.
   */
  clockTriggersPerDocument: boolean;
}

/** Services and methods that need no document and no authorization: what AuthMode.NONE may call. */
const NONE_ALLOWED =
  /^(Ui\.(createAddonMenu|createMenu)|Menu\.|SpreadsheetApp\.getUi$|Logger\.|Utilities\.|Session\.(getScriptTimeZone|getActiveUserLocale|getTemporaryActiveUserKey)$)/;

/**
 * Dialogs a simple trigger may not open. The Ui reference lists no scope for
 * alert and prompt; the docs/runtime.md (and Google's "no services
 * that require authorization") forbid them in LIMITED. A guess made strict on
 * purpose: an add-on that never asks in a simple trigger is right either way.
 */
const LIMITED_NO_DIALOG = /^Ui\.(alert|prompt|showSidebar|showModalDialog|showModelessDialog)$/;

/** Scopes a simple trigger (LIMITED) may use: the bound document, and the user's address where Google shares it. */
const LIMITED_SCOPES: readonly string[] = [SCOPES.spreadsheetsCurrentOnly, SCOPES.userinfoEmail];

function limitedAllows(needed: readonly string[]): boolean {
  return needed.length === 0 || needed.some((s) => LIMITED_SCOPES.includes(s));
}

/** Throws what Google throws when the current execution may not make this call. */
export function checkCall(env: Env, key: string): void {
  const x = env.exec;
  if (x) {
    // https://developers.google.com/apps-script/guides/services/quotas ("Script runtime")
    if (env.clock.nowMs() - x.startedMs > x.limitMs) {
      throw gasError(
        env,
        x.kind === 'simple'
          ? 'Exceeded maximum execution time (simple trigger, 30 seconds).'
          : 'Exceeded maximum execution time',
      );
    }
  }
  const needed = scopesFor(key);
  if (x && x.authMode === 'NONE' && !NONE_ALLOWED.test(key)) {
    throw gasError(env, permissionMessage(key, needed.length ? needed : [SCOPES.spreadsheetsCurrentOnly]));
  }
  if (x && x.authMode === 'LIMITED' && (!limitedAllows(needed) || LIMITED_NO_DIALOG.test(key))) {
    throw gasError(env, permissionMessage(key, needed.length ? needed : [SCOPES.containerUi]));
  }
  const granted = env.rules.scopes;
  if (granted && needed.length > 0 && !needed.some((s) => granted.includes(s))) {
    env.scopeMisses.add(key);
    throw gasError(env, permissionMessage(key, needed));
  }
  if (granted) for (const s of needed) if (granted.includes(s)) env.scopesUsed.add(s);
}

/** Email a simple trigger may see of the person editing: '' where Google documents it as unavailable. */
export function visibleEditor(env: Env, email: string, owner: string): string {
  if (env.rules.account === 'consumer') return email === owner ? email : '';
  // https://developers.google.com/apps-script/guides/triggers/events: e.user is
  // unavailable "for editors from other domains".
  const domain = (s: string) => s.slice(s.lastIndexOf('@') + 1).toLowerCase();
  return domain(email) === domain(owner) ? email : '';
}
