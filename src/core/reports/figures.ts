/**
 * A report's figures: spend, conversions and comments summed per currency
 * (money in different currencies is never added), cost per conversion, and
 * the optional total in the agency's reporting currency at the rates it keeps
 * in Settings. A currency without a rate is left out of that total and named,
 * never converted at a guess.
 */
import type { ExchangeRate, ExchangeRates } from '../ledger/settings';

/** The figures of one row, as a report reads them. */
export interface FigureRow {
  currency: string;
  spend: number | '';
  conversions: number | '';
  comments: number | '';
}

export interface Totals {
  videos: number;
  /** null when no row of the group has the figure: shown blank, not as 0. */
  spend: number | null;
  conversions: number | null;
  comments: number | null;
}

export interface CurrencyTotals extends Totals {
  /** '' for spend recorded without a currency. */
  currency: string;
}

export function emptyTotals(): Totals {
  return { videos: 0, spend: null, conversions: null, comments: null };
}

const add = (sum: number | null, v: number | ''): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? (sum ?? 0) + v : sum;

export function addRow(t: Totals, r: FigureRow): void {
  t.videos++;
  t.spend = add(t.spend, r.spend);
  t.conversions = add(t.conversions, r.conversions);
  t.comments = add(t.comments, r.comments);
}

/** Whether a row says anything about money or results: rows still waiting for a code do not. */
export function hasFigures(r: FigureRow): boolean {
  return r.currency !== '' || typeof r.spend === 'number' || typeof r.conversions === 'number';
}

/** Per currency, alphabetical; rows with no currency and no figures are left out (they have nothing to total). */
export function totalsByCurrency(rows: readonly FigureRow[]): CurrencyTotals[] {
  const map = new Map<string, CurrencyTotals>();
  for (const r of rows) {
    if (!hasFigures(r)) continue;
    let t = map.get(r.currency);
    if (!t) {
      t = { currency: r.currency, ...emptyTotals() };
      map.set(r.currency, t);
    }
    addRow(t, r);
  }
  return [...map.values()].sort((a, b) =>
    a.currency === '' ? 1 : b.currency === '' ? -1 : a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0,
  );
}

/** Spend divided by conversions; null when there are no conversions to divide by. */
export function costPerConversion(spend: number | null, conversions: number | null): number | null {
  return spend !== null && conversions !== null && conversions > 0 ? spend / conversions : null;
}

export interface ConvertedTotal extends Totals {
  reporting: string;
  /** The rates the total used, by currency. */
  used: ExchangeRate[];
  /** Currencies with spend that are not in the total: no rate, or no currency recorded ('' ). */
  notConverted: string[];
}

/**
 * The total in the reporting currency: each currency's spend at its rate;
 * conversions and comments of the currencies converted, so cost per
 * conversion compares like with like. null when no reporting currency is set.
 */
export function convertedTotal(
  byCurrency: readonly CurrencyTotals[],
  money: Pick<ExchangeRates, 'reporting' | 'rates'> | undefined,
): ConvertedTotal | null {
  if (!money || money.reporting === '') return null;
  const out: ConvertedTotal = { reporting: money.reporting, ...emptyTotals(), used: [], notConverted: [] };
  for (const t of byCurrency) {
    const rate = t.currency === money.reporting ? 1 : money.rates.get(t.currency)?.rate;
    if (rate === undefined) {
      if (t.spend !== null) out.notConverted.push(t.currency);
      continue;
    }
    if (t.currency !== money.reporting) out.used.push(money.rates.get(t.currency) as ExchangeRate);
    out.videos += t.videos;
    if (t.spend !== null) out.spend = (out.spend ?? 0) + t.spend * rate;
    if (t.conversions !== null) out.conversions = (out.conversions ?? 0) + t.conversions;
    if (t.comments !== null) out.comments = (out.comments ?? 0) + t.comments;
  }
  return out;
}
