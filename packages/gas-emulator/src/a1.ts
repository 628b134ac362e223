/** A1 notation helpers. https://developers.google.com/sheets/api/guides/concepts#cell */

export function columnToLetters(col: number): string {
  let s = '';
  let n = col;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function lettersToColumn(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export interface ParsedA1 {
  sheetName: string | null;
  startRow: number | null; // null: from row 1 (whole-column reference)
  startCol: number | null; // null: from column 1 (whole-row reference)
  endRow: number | null; // null: to the last row of the sheet
  endCol: number | null; // null: to the last column of the sheet
}

const CELL = /^\$?([A-Za-z]{0,3})\$?(\d*)$/;

export function parseA1(a1: string): ParsedA1 {
  let ref = a1.trim();
  let sheetName: string | null = null;
  const bang = ref.lastIndexOf('!');
  if (bang >= 0) {
    let name = ref.slice(0, bang);
    if (name.startsWith("'") && name.endsWith("'")) name = name.slice(1, -1).replace(/''/g, "'");
    sheetName = name;
    ref = ref.slice(bang + 1);
  }
  const [a, b] = ref.split(':');
  const m1 = CELL.exec(a ?? '');
  const m2 = b === undefined ? m1 : CELL.exec(b);
  if (!m1 || !m2 || (!m1[1] && !m1[2]) || (!m2[1] && !m2[2]) || ref.split(':').length > 2) {
    throw new Error(`Range not found`);
  }
  const c1 = m1[1] ? lettersToColumn(m1[1]) : null;
  const r1 = m1[2] ? Number(m1[2]) : null;
  const c2 = m2[1] ? lettersToColumn(m2[1]) : null;
  const r2 = m2[2] ? Number(m2[2]) : null;
  if (b === undefined && (c1 === null || r1 === null)) throw new Error('Range not found');
  return {
    sheetName,
    startRow: r1 === null ? (r2 === null ? null : 1) : r1,
    startCol: c1 === null ? null : c1,
    endRow: r2,
    endCol: c2,
  };
}

export interface GridRef {
  sheetName: string | null;
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

/**
 * A1 notation ('B2', 'A1:C10', 'Sheet1!A:A', "'My sheet'!2:2", 'A2:C') to a
 * 1-based grid rectangle. Open-ended references need the sheet size.
 */
export function a1ToGrid(a1: string, maxRows = 1000, maxColumns = 26): GridRef {
  const p = parseA1(a1);
  let r1 = p.startRow ?? 1;
  let c1 = p.startCol ?? 1;
  let r2 = p.endRow ?? maxRows;
  let c2 = p.endCol ?? maxColumns;
  if (r2 < r1) [r1, r2] = [r2, r1];
  if (c2 < c1) [c1, c2] = [c2, c1];
  return { sheetName: p.sheetName, row: r1, column: c1, numRows: r2 - r1 + 1, numColumns: c2 - c1 + 1 };
}

export function gridToA1(row: number, col: number, numRows = 1, numCols = 1): string {
  const start = `${columnToLetters(col)}${row}`;
  if (numRows === 1 && numCols === 1) return start;
  return `${start}:${columnToLetters(col + numCols - 1)}${row + numRows - 1}`;
}

export function quoteSheetName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name)
    ? name
    : `'${name.replace(/'/g, "''")}'`;
}
