/**
 * Conditional-format colours for the preview grid. The emulator stores rules
 * without evaluating them; the preview evaluates the ones it can (the boolean
 * criteria and custom formulas built from a small set of functions) so the
 * grid shows the colours Sheets would.
 *
 * Rule order: when several rules match a cell, the first rule in the list wins
 * ("rules are applied in order", https://support.google.com/docs/answer/78413).
 */
import type { FakeSheet } from '@spark-ledger/gas-emulator';
import { dateToSerial } from '@spark-ledger/gas-emulator/src/format';
import { CellDate, type CellValue } from '@spark-ledger/gas-emulator/src/typing';

type Value = number | string | boolean | null;

type Node =
  | { t: 'lit'; v: Value }
  | { t: 'ref'; row: number; col: number; absRow: boolean; absCol: boolean }
  | { t: 'call'; name: string; args: Node[] }
  | { t: 'bin'; op: string; a: Node; b: Node }
  | { t: 'neg'; a: Node };

const TOKEN =
  /\s*(?:("(?:[^"]|"")*")|(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(\$?[A-Za-z]{1,3}\$?\d+)(?![A-Za-z0-9_(])|([A-Za-z_][A-Za-z0-9_.]*)|(<>|<=|>=|[-+*/&=<>(),]))/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    if (/^\s*$/.test(src.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(src);
    if (!m) throw new Error(`Cannot read formula at: ${src.slice(TOKEN.lastIndex)}`);
    out.push(m[0].trim());
  }
  return out;
}

function letters(s: string): number {
  let n = 0;
  for (const ch of s.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Parses a Sheets formula (with or without the leading '=') into a tree. */
export function parseFormula(formula: string): Node {
  const toks = tokenize(formula.trim().replace(/^=/, ''));
  let i = 0;
  const peek = () => toks[i];
  const take = (want?: string) => {
    const t = toks[i++];
    if (want !== undefined && t !== want) throw new Error(`Expected ${want} in formula, found ${t ?? 'the end'}`);
    return t;
  };
  const LEVELS = [['=', '<>', '<', '<=', '>', '>='], ['&'], ['+', '-'], ['*', '/']];
  const level = (n: number): Node => {
    if (n === LEVELS.length) return unary();
    let a = level(n + 1);
    while (peek() !== undefined && LEVELS[n].includes(peek())) {
      const op = take();
      a = { t: 'bin', op, a, b: level(n + 1) };
    }
    return a;
  };
  const unary = (): Node => {
    if (peek() === '-') {
      take();
      return { t: 'neg', a: unary() };
    }
    if (peek() === '+') {
      take();
      return unary();
    }
    return primary();
  };
  const primary = (): Node => {
    const t = take();
    if (t === undefined) throw new Error('Formula ends too early');
    if (t === '(') {
      const e = level(0);
      take(')');
      return e;
    }
    if (t.startsWith('"')) return { t: 'lit', v: t.slice(1, -1).replace(/""/g, '"') };
    if (/^\d/.test(t)) return { t: 'lit', v: Number(t) };
    const ref = /^(\$?)([A-Za-z]{1,3})(\$?)(\d+)$/.exec(t);
    if (ref && peek() !== '(')
      return { t: 'ref', absCol: ref[1] === '$', col: letters(ref[2]), absRow: ref[3] === '$', row: Number(ref[4]) };
    if (/^[A-Za-z_]/.test(t)) {
      const name = t.toUpperCase();
      if (peek() !== '(') {
        if (name === 'TRUE' || name === 'FALSE') return { t: 'lit', v: name === 'TRUE' };
        throw new Error(`Unknown name ${t} in formula`);
      }
      take('(');
      const args: Node[] = [];
      if (peek() !== ')') {
        args.push(level(0));
        while (peek() === ',') {
          take();
          args.push(level(0));
        }
      }
      take(')');
      return { t: 'call', name, args };
    }
    throw new Error(`Unexpected ${t} in formula`);
  };
  const tree = level(0);
  if (i !== toks.length) throw new Error(`Unexpected ${toks[i]} in formula`);
  return tree;
}

export interface EvalContext {
  /** The value of a cell (1-based), as stored. */
  cell(row: number, col: number): CellValue;
  /** NOW() as a date serial in the spreadsheet's time zone. */
  nowSerial: number;
  /** Offset of the evaluated cell from the top-left of the rule's first range. */
  dRow: number;
  dCol: number;
}

function fromCell(v: CellValue): Value {
  if (v instanceof CellDate) return dateToSerial(v);
  if (v === '') return null;
  return v as Value;
}

function toNumber(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === null || v === '') return 0;
  const n = Number(v);
  if (Number.isNaN(n)) throw new Error(`#VALUE! ${v} is not a number`);
  return n;
}

function truthy(v: Value): boolean {
  if (typeof v === 'string') {
    if (/^true$/i.test(v)) return true;
    if (/^false$/i.test(v) || v === '') return false;
    throw new Error(`#VALUE! ${v} is not a boolean`);
  }
  return toNumber(v) !== 0;
}

/** Sheets orders numbers before text before booleans; blank counts as 0 or "". */
function compare(a: Value, b: Value): number {
  if (a === null) a = typeof b === 'string' ? '' : typeof b === 'boolean' ? false : 0;
  if (b === null) b = typeof a === 'string' ? '' : typeof a === 'boolean' ? false : 0;
  const rank = (v: Value) => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'string') {
    const x = a.toLowerCase(),
      y = (b as string).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return toNumber(a) - toNumber(b as Value);
}

function text(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

export function evaluate(node: Node, ctx: EvalContext): Value {
  switch (node.t) {
    case 'lit':
      return node.v;
    case 'ref':
      return fromCell(
        ctx.cell(node.absRow ? node.row : node.row + ctx.dRow, node.absCol ? node.col : node.col + ctx.dCol),
      );
    case 'neg':
      return -toNumber(evaluate(node.a, ctx));
    case 'bin': {
      const a = evaluate(node.a, ctx),
        b = evaluate(node.b, ctx);
      switch (node.op) {
        case '+':
          return toNumber(a) + toNumber(b);
        case '-':
          return toNumber(a) - toNumber(b);
        case '*':
          return toNumber(a) * toNumber(b);
        case '/': {
          const d = toNumber(b);
          if (d === 0) throw new Error('#DIV/0!');
          return toNumber(a) / d;
        }
        case '&':
          return text(a) + text(b);
        case '=':
          return compare(a, b) === 0;
        case '<>':
          return compare(a, b) !== 0;
        case '<':
          return compare(a, b) < 0;
        case '<=':
          return compare(a, b) <= 0;
        case '>':
          return compare(a, b) > 0;
        case '>=':
          return compare(a, b) >= 0;
      }
      throw new Error(`Unknown operator ${node.op}`);
    }
    case 'call': {
      const args = () => node.args.map((a) => evaluate(a, ctx));
      switch (node.name) {
        case 'AND':
          return args().every(truthy);
        case 'OR':
          return args().some(truthy);
        case 'NOT':
          return !truthy(args()[0]);
        case 'IF': {
          const cond = truthy(evaluate(node.args[0], ctx));
          const branch = node.args[cond ? 1 : 2];
          return branch ? evaluate(branch, ctx) : cond;
        }
        // N(): numbers stay, TRUE is 1, anything else 0.
        case 'N': {
          const v = args()[0];
          return typeof v === 'number' ? v : v === true ? 1 : 0;
        }
        case 'ISNUMBER':
          return typeof args()[0] === 'number';
        case 'ISBLANK':
          return args()[0] === null;
        case 'LEN':
          return text(args()[0]).length;
        case 'ABS':
          return Math.abs(toNumber(args()[0]));
        case 'NOW':
          return ctx.nowSerial;
        case 'TODAY':
          return Math.floor(ctx.nowSerial);
      }
      throw new Error(`Function ${node.name} is not evaluated by the preview`);
    }
  }
}

export interface CellStyle {
  background?: string;
  fontColor?: string;
  bold?: boolean;
  italic?: boolean;
  strikethrough?: boolean;
}

interface CompiledRule {
  style: CellStyle;
  ranges: { row: number; col: number; numRows: number; numCols: number }[];
  test(row: number, col: number, nowSerial: number): boolean;
}

function compileRule(sheet: FakeSheet, rule: FakeSheet['cfRules'][number]): CompiledRule | null {
  const s = rule.state;
  const ranges = s.ranges
    .filter((r) => r.sheet === sheet)
    .map((r) => ({ row: r.row, col: r.col, numRows: r.numRows, numCols: r.numCols }));
  if (!s.criteria || ranges.length === 0) return null;
  const style: CellStyle = {};
  if (s.background) style.background = s.background;
  if (s.fontColor) style.fontColor = s.fontColor;
  if (s.bold !== null) style.bold = s.bold;
  if (s.italic !== null) style.italic = s.italic;
  if (s.strikethrough !== null) style.strikethrough = s.strikethrough;
  const anchor = ranges[0];
  const value = (r: number, c: number) => fromCell(sheet.cellValue(r, c));
  const arg = s.values[0];
  const num = (i: number) => Number(s.values[i]);
  const lower = (v: Value) => text(v).toLowerCase();
  let test: CompiledRule['test'];
  switch (s.criteria) {
    case 'CUSTOM_FORMULA': {
      let tree: Node;
      try {
        tree = parseFormula(String(arg));
      } catch {
        return null;
      }
      test = (row, col, nowSerial) => {
        try {
          const ctx: EvalContext = {
            cell: (r, c) => sheet.cellValue(r, c),
            nowSerial,
            dRow: row - anchor.row,
            dCol: col - anchor.col,
          };
          return truthy(evaluate(tree, ctx));
        } catch {
          // A formula error never formats the cell, as in Sheets.
          return false;
        }
      };
      break;
    }
    case 'CELL_EMPTY':
      test = (r, c) => value(r, c) === null;
      break;
    case 'CELL_NOT_EMPTY':
      test = (r, c) => value(r, c) !== null;
      break;
    case 'TEXT_EQUAL_TO':
      test = (r, c) => lower(value(r, c)) === lower(arg as Value);
      break;
    case 'TEXT_NOT_EQUAL_TO':
      test = (r, c) => lower(value(r, c)) !== lower(arg as Value);
      break;
    case 'TEXT_CONTAINS':
      test = (r, c) => lower(value(r, c)).includes(lower(arg as Value));
      break;
    case 'TEXT_DOES_NOT_CONTAIN':
      test = (r, c) => !lower(value(r, c)).includes(lower(arg as Value));
      break;
    case 'TEXT_STARTS_WITH':
      test = (r, c) => lower(value(r, c)).startsWith(lower(arg as Value));
      break;
    case 'TEXT_ENDS_WITH':
      test = (r, c) => lower(value(r, c)).endsWith(lower(arg as Value));
      break;
    default: {
      const numeric: Record<string, (x: number) => boolean> = {
        NUMBER_EQUAL_TO: (x) => x === num(0),
        NUMBER_NOT_EQUAL_TO: (x) => x !== num(0),
        NUMBER_GREATER_THAN: (x) => x > num(0),
        NUMBER_GREATER_THAN_OR_EQUAL_TO: (x) => x >= num(0),
        NUMBER_LESS_THAN: (x) => x < num(0),
        NUMBER_LESS_THAN_OR_EQUAL_TO: (x) => x <= num(0),
        NUMBER_BETWEEN: (x) => x >= Math.min(num(0), num(1)) && x <= Math.max(num(0), num(1)),
        NUMBER_NOT_BETWEEN: (x) => x < Math.min(num(0), num(1)) || x > Math.max(num(0), num(1)),
      };
      const f = numeric[s.criteria];
      if (!f) return null;
      test = (r, c) => {
        const v = value(r, c);
        return typeof v === 'number' && f(v);
      };
    }
  }
  return { style, ranges, test };
}

/**
 * The conditional style of every cell in rows 1..maxRow, columns 1..maxCol
 * that some rule formats, keyed "row,col".
 */
export function conditionalStyles(
  sheet: FakeSheet,
  nowSerial: number,
  maxRow: number,
  maxCol: number,
  /** The rows wanted, when not every row up to maxRow is (a window of a big sheet). */
  rows?: Set<number>,
): Map<string, CellStyle> {
  const out = new Map<string, CellStyle>();
  const rules = sheet.cfRules.map((r) => compileRule(sheet, r)).filter((r): r is CompiledRule => r !== null);
  for (const rule of rules) {
    for (const rg of rule.ranges) {
      const rEnd = Math.min(rg.row + rg.numRows - 1, maxRow);
      const cEnd = Math.min(rg.col + rg.numCols - 1, maxCol);
      for (let r = rg.row; r <= rEnd; r++) {
        if (rows && !rows.has(r)) continue;
        for (let c = rg.col; c <= cEnd; c++) {
          const key = `${r},${c}`;
          if (out.has(key)) continue;
          if (rule.test(r, c, nowSerial)) out.set(key, rule.style);
        }
      }
    }
  }
  return out;
}
