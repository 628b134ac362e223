/** Typed access to the emulated globals for the emulator's own tests. */
import { createEmulator, type Emulator, type EmulatorOptions } from './index';

export interface G {
  SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  HtmlService: GoogleAppsScript.HTML.HtmlService;
  MailApp: GoogleAppsScript.Mail.MailApp;
  ScriptApp: GoogleAppsScript.Script.ScriptApp;
  LockService: GoogleAppsScript.Lock.LockService;
  PropertiesService: GoogleAppsScript.Properties.PropertiesService;
  Session: GoogleAppsScript.Base.Session;
  Utilities: GoogleAppsScript.Utilities.Utilities;
  Logger: GoogleAppsScript.Base.Logger;
  Charts: GoogleAppsScript.Charts.Charts;
  Date: DateConstructor;
}

export function setup(opts?: EmulatorOptions): { emu: Emulator; g: G } {
  const emu = createEmulator(opts);
  return { emu, g: emu.globals as unknown as G };
}
