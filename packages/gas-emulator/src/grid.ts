/**
 * Sparse per-cell attributes (formats, notes, validations, formulas), keyed
 * row -> column -> value, 1-based. Rows and columns shift with inserts and
 * deletes like the sheet's values do.
 */
export class SparseGrid<T> {
  rows = new Map<number, Map<number, T>>();

  get(r: number, c: number): T | undefined {
    return this.rows.get(r)?.get(c);
  }
  row(r: number): Map<number, T> | undefined {
    return this.rows.get(r);
  }
  set(r: number, c: number, v: T): void {
    let m = this.rows.get(r);
    if (!m) {
      m = new Map();
      this.rows.set(r, m);
    }
    m.set(c, v);
  }
  delete(r: number, c: number): void {
    const m = this.rows.get(r);
    if (!m) return;
    m.delete(c);
    if (m.size === 0) this.rows.delete(r);
  }
  get size(): number {
    let n = 0;
    for (const m of this.rows.values()) n += m.size;
    return n;
  }
  clearRect(r: number, c: number, nr: number, nc: number): void {
    const rEnd = r + nr;
    const cEnd = c + nc;
    if (nr > this.rows.size) {
      for (const [row, m] of [...this.rows]) {
        if (row < r || row >= rEnd) continue;
        this.clearCols(row, m, c, cEnd);
      }
    } else {
      for (let row = r; row < rEnd; row++) {
        const m = this.rows.get(row);
        if (m) this.clearCols(row, m, c, cEnd);
      }
    }
  }
  private clearCols(row: number, m: Map<number, T>, c: number, cEnd: number): void {
    if (cEnd - c > m.size) {
      for (const col of [...m.keys()]) if (col >= c && col < cEnd) m.delete(col);
    } else {
      for (let col = c; col < cEnd; col++) m.delete(col);
    }
    if (m.size === 0) this.rows.delete(row);
  }
  /** Insert `n` empty rows before row `at`. */
  insertRows(at: number, n: number): void {
    const next = new Map<number, Map<number, T>>();
    for (const [r, m] of this.rows) next.set(r >= at ? r + n : r, m);
    this.rows = next;
  }
  deleteRows(at: number, n: number): void {
    const next = new Map<number, Map<number, T>>();
    for (const [r, m] of this.rows) {
      if (r < at) next.set(r, m);
      else if (r >= at + n) next.set(r - n, m);
    }
    this.rows = next;
  }
  insertCols(at: number, n: number): void {
    for (const [r, m] of this.rows) {
      const nm = new Map<number, T>();
      for (const [c, v] of m) nm.set(c >= at ? c + n : c, v);
      this.rows.set(r, nm);
    }
  }
  deleteCols(at: number, n: number): void {
    for (const [r, m] of [...this.rows]) {
      const nm = new Map<number, T>();
      for (const [c, v] of m) {
        if (c < at) nm.set(c, v);
        else if (c >= at + n) nm.set(c - n, v);
      }
      if (nm.size) this.rows.set(r, nm);
      else this.rows.delete(r);
    }
  }
  /** Copies the attributes of row `from` onto rows [at, at+n) (used for format inheritance). */
  fillRowsFrom(from: number, at: number, n: number, maxCol = Infinity): void {
    const src = this.rows.get(from);
    if (!src) return;
    for (let r = at; r < at + n; r++) {
      const m = new Map<number, T>();
      for (const [c, v] of src) if (c <= maxCol) m.set(c, v);
      if (m.size) this.rows.set(r, m);
    }
  }
  fillColsFrom(from: number, at: number, n: number): void {
    for (const m of this.rows.values()) {
      if (!m.has(from)) continue;
      const v = m.get(from) as T;
      for (let c = at; c < at + n; c++) m.set(c, v);
    }
  }
  *entries(): IterableIterator<[number, number, T]> {
    for (const [r, m] of this.rows) for (const [c, v] of m) yield [r, c, v];
  }
  clone(map: (v: T) => T = (v) => v): SparseGrid<T> {
    const g = new SparseGrid<T>();
    for (const [r, c, v] of this.entries()) g.set(r, c, map(v));
    return g;
  }
  clear(): void {
    this.rows.clear();
  }
}
