/**
 * Status seals in the Ledger sheet (see src/core/ledger/seal.ts for what a seal is).
 * Every writer of statuses (sidebar save, daily check, import, and onEdit for
 * the sheet edits it accepts) seals the rows it wrote with writeSeals, in the
 * same run and before its audit append, so that a failed audit undoes the
 * seals with the rest. onEdit reads them back with sealVerifier.
 *
 * The key is random and kept in the script properties. Script properties are
 * shared by all users of a script or add-on but only within that script
 * ("Gets a property store that all users can access, but only within this
 * script"), the store meant for app-wide secrets such as the developer's
 * database password:
 * https://developers.google.com/apps-script/reference/properties/properties-service#getScriptProperties()
 * https://developers.google.com/apps-script/guides/properties
 * The store is the script's, not the document's, so a time-driven run of the
 * add-on, which has no active document (and so no document properties:
 * https://developers.google.com/apps-script/reference/properties/properties-service#getDocumentProperties()),
 * reads the same key. PropertiesService needs no OAuth scope, and a simple
 * trigger in AuthMode.LIMITED may use services that need no authorization:
 * https://developers.google.com/apps-script/guides/triggers#restrictions
 * https://developers.google.com/apps-script/reference/script/auth-mode
 * As an add-on, the spreadsheet's editors never see the project, so they
 * cannot read the key or sign a seal. A bound script is different: everyone
 * who may edit the spreadsheet may open its script editor (only viewers
 * cannot), and with it the project's code and script properties, so there a
 * seal stops honest mistakes, not an editor set on forging one:
 * https://developers.google.com/apps-script/guides/bound ("Access to bound scripts")
 */
import type { Status } from '../../core/ledger/fields';
import { isStatus } from '../../core/lifecycle/lifecycle';
import {
  type MacOf,
  SEAL_HEADER,
  SEAL_KEY_PROPERTY,
  SEAL_NOTE,
  macFor,
  makeSeal,
  parseSeal,
  sealColumnIndex,
  verifySeal,
} from '../../core/ledger/seal';
import { AUTOMATIC_FORMAT } from '../../core/ledger/sheetRow';
import { type Cell, quoteText } from '../../core/ledger/sheetRow';
import type { Env } from './env';
import type { Undo } from './ledger';
import { writeColumnRows } from './columnWrite';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** A row to seal: its row number (2 or more), its video id, and the status it now holds. */
export interface SealRow {
  row: number;
  videoId: string;
  /** A lifecycle status; anything else ('' included) clears the row's seal. */
  status: string;
}

/** The status a row's seal vouches for, or null (no seal, or one that does not verify for this video). */
export type SealCheck = (videoId: string, cell: unknown) => Status | null;

/**
 * The signing key, made on first use. Utilities.getUuid is
 * java.util.UUID.randomUUID (https://developers.google.com/apps-script/reference/utilities/utilities#getUuid()),
 * whose 122 random bits come from a cryptographically strong generator
 * (https://docs.oracle.com/javase/8/docs/api/java/util/UUID.html#randomUUID--);
 * two of them make the key. Two first-ever writes at the same moment could
 * each store a key: the later one stays, and rows sealed with the other
 * count as unsealed until their next status write.
 */
function sealKey(create: boolean): string | null {
  const props = PropertiesService.getScriptProperties();
  const key = props.getProperty(SEAL_KEY_PROPERTY);
  if (key || !create) return key;
  const fresh = `${Utilities.getUuid()}${Utilities.getUuid()}`;
  props.setProperty(SEAL_KEY_PROPERTY, fresh);
  return fresh;
}

/** The seal MAC in the script itself (core/ledger/seal.ts macFor): no Utilities call per row. */
function macWith(key: string): MacOf {
  return macFor(key);
}

/**
 * Seals for writers that write a row's cells themselves, found by video id
 * (rowGuard.ts), so the seal lands on the same row as the status it vouches
 * for. `column()` is the seal column (0-based), or -1 when the Ledger has
 * none: Set up ledger makes it (`column(true)`), so a save never adds a
 * column it might then fail to take back. `cell(videoId, status)` is the
 * cell as written.
 */
export function sealWriter(
  env: Env,
  sheet: Sheet,
  header: readonly unknown[],
): { column(create?: boolean): number; cell(videoId: string, status: string): Cell } {
  let mac: MacOf | null = null;
  let id = '';
  let col = -1;
  return {
    column(create = false): number {
      if (col < 0) col = sealColumn(sheet, header, create).col;
      return col;
    },
    cell(videoId: string, status: string): Cell {
      if (videoId === '' || !isStatus(status)) return '';
      if (!mac) {
        mac = macWith(sealKey(true) as string);
        id = env.ss.getId();
      }
      return quoteText(makeSeal(id, videoId, status, mac));
    },
  };
}

/**
 * The seal column (0-based; -1 when there is none and `create` is false). The
 * header read earlier may predate a column another writer added this run, so
 * row 1 is read again before one is made, after the last used column, headed,
 * noted and hidden.
 */
function sealColumn(sheet: Sheet, header: readonly unknown[], create: boolean): { col: number; created: boolean } {
  const known = sealColumnIndex(header);
  if (known >= 0 || !create) return { col: known, created: false };
  const width = sheet.getLastColumn();
  const live = sealColumnIndex(width === 0 ? [] : sheet.getRange(1, 1, 1, width).getValues()[0]);
  if (live >= 0) return { col: live, created: false };
  const maxCols = sheet.getMaxColumns();
  if (width + 1 > maxCols) sheet.insertColumnsAfter(maxCols, width + 1 - maxCols);
  const headerCell = sheet.getRange(1, width + 1);
  headerCell.setValues([[SEAL_HEADER]]);
  headerCell.setNote(SEAL_NOTE);
  sheet.hideColumns(width + 1);
  return { col: width, created: true };
}

/**
 * Checks seal cells against their row's video. The key and the spreadsheet
 * id are read only when a cell holds something shaped like a seal, so rows of
 * an older ledger cost nothing. With no key yet, no seal verifies.
 */
export function sealVerifier(env: Env): SealCheck {
  let ready = false;
  let id = '';
  let mac: MacOf | null = null;
  return (videoId, cell) => {
    if (videoId === '' || !parseSeal(cell)) return null;
    if (!ready) {
      ready = true;
      const key = sealKey(false);
      if (key) {
        mac = macWith(key);
        id = env.ss.getId();
      }
    }
    return mac ? verifySeal(cell, id, videoId, mac) : null;
  };
}

/**
 * Writes the seals of `rows` into the seal column: one getValues and one
 * setValues per span of rows they cover (cells in between keep their value;
 * spans part where the gap costs more than a call), and one setNumberFormat
 * on the sealed cells. The rows must exist: callers seal
 * rows they have just written. `header` is row 1 as the caller read it. If it
 * has no "Status seal" header, row 1 is read again (another writer of this
 * run may have added the column since) and, if the column is still missing,
 * it is made after the last used column (the grid grown if needed), headed,
 * noted and hidden: a handful of calls, once per spreadsheet. Seal cells get
 * the automatic format and their text quoted, so a seal stays text even where
 * someone formatted the column (sheetRow.quoteText). Two calls per span, so
 * at most two per sealed row and never one per row in between; the signing
 * is computed in the script. Returns an undo that puts the spans back as
 * it was (and takes the header out again if this call wrote it).
 */
export function writeSeals(env: Env, sheet: Sheet, header: readonly unknown[], rows: readonly SealRow[]): Undo {
  const todo = rows.filter((r) => Number.isInteger(r.row) && r.row >= 2);
  if (todo.length === 0) return () => undefined;
  const anyStatus = todo.some((r) => isStatus(r.status) && r.videoId !== '');
  // Only seals to clear, and no column to clear them in: nothing to do.
  const { col: index, created } = sealColumn(sheet, header, anyStatus);
  if (index < 0) return () => undefined;
  const col = index + 1;
  const seals = sealWriter(env, sheet, header);
  const next = new Map<number, Cell>();
  for (const r of todo) next.set(r.row, seals.cell(r.videoId, r.status));

  // Seals differ row by row, so they go in spans (columnWrite.ts); the automatic format goes only on the
  // cells sealed now, and the cells in between keep theirs.
  const undo = writeColumnRows(sheet, col, next, { cellFormat: AUTOMATIC_FORMAT, empty: created });
  return () => {
    undo();
    if (created) sheet.getRange(1, col).setValues([['']]);
  };
}
