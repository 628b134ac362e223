/**
 * A generated tab as plain data: one rectangular grid of cells plus one grid
 * per cell attribute, so the shell writes any report with the same constant
 * number of calls (one setValues, one call per attribute), whatever its size.
 */
import { AUTOMATIC_FORMAT } from '../ledger/sheetRow';
import { quoteText } from '../ledger/sheetRow';

/** How a cell's value is shown; decides its number format and alignment. */
export type CellKind = 'text' | 'int' | 'money' | 'date' | 'pct' | 'rate';

/** How a row looks. */
export type RowStyle = 'title' | 'subtitle' | 'section' | 'header' | 'row' | 'total' | 'note' | 'blank';

export interface ModelCell {
  value: string | number;
  kind: CellKind;
}

/** Where a block of the tab is (1-based rows), for tests, charts and readers. */
export interface BlockInfo {
  id: string;
  title: string;
  /** Row of the block's title. */
  titleRow: number;
  /** Row of its column headers (0 when the block has none). */
  headerRow: number;
  firstDataRow: number;
  /** Last row of the block (equal to headerRow when it has no data rows). */
  lastRow: number;
  columns: number;
}

export interface ChartSpec {
  type: 'column' | 'bar' | 'pie';
  title: string;
  /** Source range, header row included (1-based). */
  range: { row: number; column: number; numRows: number; numColumns: number };
  anchor: { row: number; column: number };
  width: number;
  height: number;
}

export interface SheetModel {
  width: number;
  /** What each cell holds: text exactly (writtenValues quotes it), numbers, dates as YYYY-MM-DD. */
  values: (string | number)[][];
  numberFormats: string[][];
  backgrounds: string[][];
  fontWeights: ('bold' | 'normal')[][];
  fontColors: string[][];
  fontSizes: number[][];
  fontStyles: ('italic' | 'normal')[][];
  alignments: ('left' | 'right')[][];
  columnWidths: number[];
  rowHeights: { row: number; height: number }[];
  frozenRows: number;
  blocks: BlockInfo[];
  chart: ChartSpec | null;
}

/**
 * Text cells keep the automatic format and their strings are written quoted
 * (writtenValues), the documented way to keep text as text; a report never
 * puts text in a plain-text ('@') cell. Text cells are exactly the cells with
 * this format: no other kind uses it.
 */
export const TEXT_FORMAT = AUTOMATIC_FORMAT;

export const KIND_FORMAT: Record<CellKind, string> = {
  text: TEXT_FORMAT,
  int: '#,##0',
  money: '#,##0.00',
  date: 'yyyy-mm-dd',
  pct: '0%',
  // An exchange rate: at least two decimals, up to six, as the agency typed it.
  rate: '0.00####',
};

/** The add-on's blue (core/setup/plan.ts HEADER_STYLE) and quiet greys, so the tab reads as a document. */
export const PALETTE = {
  band: '#1a73e8',
  bandText: '#ffffff',
  bandSubtext: '#e8f0fe',
  section: '#1a73e8',
  headerFill: '#e8f0fe',
  headerText: '#174ea6',
  text: '#202124',
  muted: '#5f6368',
  zebra: '#f8f9fa',
  totalFill: '#f1f3f4',
  white: '#ffffff',
} as const;

interface RowLook {
  background: string;
  fontWeight: 'bold' | 'normal';
  fontColor: string;
  fontSize: number;
  fontStyle: 'italic' | 'normal';
}

const LOOK: Record<RowStyle, RowLook> = {
  title: {
    background: PALETTE.band,
    fontWeight: 'bold',
    fontColor: PALETTE.bandText,
    fontSize: 16,
    fontStyle: 'normal',
  },
  subtitle: {
    background: PALETTE.band,
    fontWeight: 'normal',
    fontColor: PALETTE.bandSubtext,
    fontSize: 10,
    fontStyle: 'normal',
  },
  section: {
    background: PALETTE.white,
    fontWeight: 'bold',
    fontColor: PALETTE.section,
    fontSize: 12,
    fontStyle: 'normal',
  },
  header: {
    background: PALETTE.headerFill,
    fontWeight: 'bold',
    fontColor: PALETTE.headerText,
    fontSize: 10,
    fontStyle: 'normal',
  },
  row: { background: PALETTE.white, fontWeight: 'normal', fontColor: PALETTE.text, fontSize: 10, fontStyle: 'normal' },
  total: {
    background: PALETTE.totalFill,
    fontWeight: 'bold',
    fontColor: PALETTE.text,
    fontSize: 10,
    fontStyle: 'normal',
  },
  note: {
    background: PALETTE.white,
    fontWeight: 'normal',
    fontColor: PALETTE.muted,
    fontSize: 10,
    fontStyle: 'italic',
  },
  blank: {
    background: PALETTE.white,
    fontWeight: 'normal',
    fontColor: PALETTE.text,
    fontSize: 10,
    fontStyle: 'normal',
  },
};

interface BuiltRow {
  style: RowStyle;
  cells: ModelCell[];
  zebra: boolean;
}

export function text(value: string): ModelCell {
  return { value, kind: 'text' };
}

/** A number cell; empty when the value is not a finite number. */
export function num(value: unknown, kind: 'int' | 'money' | 'pct' | 'rate' = 'int'): ModelCell {
  return typeof value === 'number' && Number.isFinite(value) ? { value, kind } : { value: '', kind };
}

/** A date cell when `ymd` is a calendar date, else the text as it is. */
export function date(ymd: string): ModelCell {
  return /^\d{4}-\d{2}-\d{2}$/.test(ymd) ? { value: ymd, kind: 'date' } : text(ymd);
}

/**
 * Builds the grid row by row. Tables are added whole (title, headers, rows),
 * so block positions are known as they are laid down.
 */
export class GridBuilder {
  private rows: BuiltRow[] = [];
  readonly blocks: BlockInfo[] = [];

  constructor(readonly width: number) {}

  get rowCount(): number {
    return this.rows.length;
  }

  add(style: RowStyle, cells: ModelCell[], zebra = false): number {
    this.rows.push({ style, cells: cells.slice(0, this.width), zebra });
    return this.rows.length;
  }

  blank(n = 1): void {
    for (let i = 0; i < n; i++) this.add('blank', []);
  }

  /**
   * A titled table. `empty` is the sentence shown when there are no rows.
   * `total` is an optional bold last row. Returns the block.
   */
  table(
    id: string,
    title: string,
    header: ModelCell[],
    rows: ModelCell[][],
    empty: string,
    total?: ModelCell[],
  ): BlockInfo {
    const titleRow = this.add('section', [text(title)]);
    const headerRow = this.add('header', header);
    rows.forEach((r, i) => {
      this.add('row', r, i % 2 === 1);
    });
    if (rows.length === 0) this.add('note', [text(empty)]);
    if (total) this.add('total', total);
    const block: BlockInfo = {
      id,
      title,
      titleRow,
      headerRow,
      firstDataRow: headerRow + 1,
      lastRow: this.rows.length,
      columns: header.length,
    };
    this.blocks.push(block);
    return block;
  }

  build(
    columnWidths: number[],
    extra: { frozenRows?: number; chart?: ChartSpec | null; rowHeights?: { row: number; height: number }[] } = {},
  ): SheetModel {
    const w = this.width;
    const model: SheetModel = {
      width: w,
      values: [],
      numberFormats: [],
      backgrounds: [],
      fontWeights: [],
      fontColors: [],
      fontSizes: [],
      fontStyles: [],
      alignments: [],
      columnWidths: columnWidths.slice(0, w),
      rowHeights: extra.rowHeights ?? [],
      frozenRows: extra.frozenRows ?? 0,
      blocks: this.blocks.slice(),
      chart: extra.chart ?? null,
    };
    for (const r of this.rows) {
      const look = LOOK[r.style];
      const background = r.zebra ? PALETTE.zebra : look.background;
      const values: (string | number)[] = [];
      const formats: string[] = [];
      const aligns: ('left' | 'right')[] = [];
      for (let c = 0; c < w; c++) {
        const cell = r.cells[c];
        values.push(cell ? cell.value : '');
        const kind = cell ? cell.kind : 'text';
        formats.push(KIND_FORMAT[kind]);
        aligns.push(kind === 'text' ? 'left' : 'right');
      }
      model.values.push(values);
      model.numberFormats.push(formats);
      model.alignments.push(aligns);
      model.backgrounds.push(new Array(w).fill(background));
      model.fontWeights.push(new Array(w).fill(look.fontWeight));
      model.fontColors.push(new Array(w).fill(look.fontColor));
      model.fontSizes.push(new Array(w).fill(look.fontSize));
      model.fontStyles.push(new Array(w).fill(look.fontStyle));
    }
    return model;
  }
}

/**
 * The values to pass to setValues: text cells quoted, so Sheets keeps the text
 * exactly (https://support.google.com/docs/answer/3094139); numbers as they
 * are, and date cells' YYYY-MM-DD unquoted, to become dates.
 */
export function writtenValues(model: SheetModel): (string | number)[][] {
  return model.values.map((row, r) =>
    row.map((v, c) => (typeof v === 'string' && model.numberFormats[r][c] === TEXT_FORMAT ? quoteText(v) : v)),
  );
}

/** Runs of equal adjacent widths, so column widths take one call per run. */
export function widthRuns(widths: readonly number[]): { start: number; count: number; width: number }[] {
  const runs: { start: number; count: number; width: number }[] = [];
  widths.forEach((w, i) => {
    const last = runs[runs.length - 1];
    if (last && last.width === w) last.count++;
    else runs.push({ start: i + 1, count: 1, width: w });
  });
  return runs;
}
