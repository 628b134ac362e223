import { type Settings, defaultSettings, parseSettings } from '../../core/ledger/settings';
import { SHEET } from '../../core/ledger/sheets';
import type { Env } from './env';

/** One read of the Settings sheet; defaults when it does not exist yet. */
export function readSettings(env: Env): Settings {
  const sheet = env.ss.getSheetByName(SHEET.settings);
  if (!sheet) return defaultSettings();
  return parseSettings(sheet.getDataRange().getValues());
}
