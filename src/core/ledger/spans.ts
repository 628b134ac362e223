/**
 * Which rows (or columns) to read or write in one call. A call has a fixed
 * cost and a cost per cell (docs/runtime.md, "What a call costs": a read ≈ 100 ms
 * plus 30 µs a cell), so cells between two wanted ones are read through when
 * they cost less than another call: a gap of up to `maxGap` indexes joins
 * two spans.
 */

/** A read's fixed cost in cells: a gap that costs more than this many cells is worth a call of its own. */
export const CELLS_PER_CALL = 3000;

/** Inclusive [first, last] spans covering `indexes` (any order, duplicates allowed), joined across gaps of at most `maxGap`. */
export function spansOf(indexes: Iterable<number>, maxGap: number): [number, number][] {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const spans: [number, number][] = [];
  for (const i of sorted) {
    const prev = spans[spans.length - 1];
    if (prev && i - prev[1] - 1 <= maxGap) prev[1] = i;
    else spans.push([i, i]);
  }
  return spans;
}

/** The widest gap worth reading through when each index of the gap costs `cellsPerIndex` cells. */
export function gapFor(cellsPerIndex: number): number {
  return cellsPerIndex <= 0 ? Number.MAX_SAFE_INTEGER : Math.floor(CELLS_PER_CALL / cellsPerIndex);
}
