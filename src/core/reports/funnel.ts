/**
 * The AI funnel (docs/product.md §7): per campaign, how many AI-generated videos were
 * human-reviewed, got a Spark code, and are spending. Each stage is counted
 * among the generated videos on its own (not nested), so a code that was
 * requested without review shows up as a stage larger than the one before.
 */
import type { LedgerRecord } from '../ledger/fields';
import { GridBuilder, type SheetModel, num, text } from './reportGrid';

export interface FunnelFacts {
  client: string;
  campaign: string;
  /** A generation prompt is recorded. */
  aiGenerated: boolean;
  humanReviewed: boolean;
  /** A Spark code is recorded. */
  authorized: boolean;
  /** In status Spending now, or has recorded spend. */
  spending: boolean;
}

export interface FunnelRow {
  client: string;
  campaign: string;
  generated: number;
  reviewed: number;
  authorized: number;
  spending: number;
}

/** The only facts the funnel takes from a record: no prompt text, no code. */
export function funnelFacts(rec: LedgerRecord): FunnelFacts {
  return {
    client: String(rec.client).trim(),
    campaign: String(rec.campaign).trim(),
    aiGenerated: String(rec.generationPrompt).trim() !== '',
    humanReviewed: rec.humanReviewed === true,
    authorized: String(rec.sparkCode).trim() !== '',
    spending: rec.status === 'Spending' || (typeof rec.spend === 'number' && rec.spend > 0),
  };
}

const byText = (a: string, b: string): number =>
  a.toLowerCase().localeCompare(b.toLowerCase()) || (a < b ? -1 : a > b ? 1 : 0);

/** One row per (client, campaign) with at least one generated video, sorted. */
export function funnelRows(facts: readonly FunnelFacts[]): FunnelRow[] {
  const map = new Map<string, FunnelRow>();
  for (const f of facts) {
    if (!f.aiGenerated) continue;
    const key = JSON.stringify([f.client, f.campaign]);
    let row = map.get(key);
    if (!row) {
      row = { client: f.client, campaign: f.campaign, generated: 0, reviewed: 0, authorized: 0, spending: 0 };
      map.set(key, row);
    }
    row.generated++;
    if (f.humanReviewed) row.reviewed++;
    if (f.authorized) row.authorized++;
    if (f.spending) row.spending++;
  }
  return [...map.values()].sort((a, b) => byText(a.client, b.client) || byText(a.campaign, b.campaign));
}

export function funnelTotal(rows: readonly FunnelRow[]): Omit<FunnelRow, 'client' | 'campaign'> {
  const t = { generated: 0, reviewed: 0, authorized: 0, spending: 0 };
  for (const r of rows) {
    t.generated += r.generated;
    t.reviewed += r.reviewed;
    t.authorized += r.authorized;
    t.spending += r.spending;
  }
  return t;
}

function rate(part: number, whole: number): number | '' {
  return whole > 0 ? part / whole : '';
}

export const FUNNEL_SHEET = 'AI funnel';
export const FUNNEL_STAGES = ['Generated', 'Human-reviewed', 'Spark-authorized', 'Spending'] as const;

/** The agency's own tab: every client's campaigns, with stage rates. */
export function agencyFunnelModel(records: readonly LedgerRecord[], generatedAt: string): SheetModel {
  const rows = funnelRows(records.map(funnelFacts));
  const g = new GridBuilder(9);
  g.add('title', [text('AI funnel · all clients')]);
  g.add('subtitle', [
    text(
      `Generated ${generatedAt}. Videos with a generation prompt, by client and campaign. Agency only: do not share this tab.`,
    ),
  ]);
  g.blank();
  const total = funnelTotal(rows);
  g.table(
    'funnel',
    'Funnel by client and campaign',
    [
      text('Client'),
      text('Campaign'),
      ...FUNNEL_STAGES.map((s) => ({ value: s, kind: 'int' as const })),
      { value: 'Reviewed %', kind: 'pct' },
      { value: 'Authorized %', kind: 'pct' },
      { value: 'Spending %', kind: 'pct' },
    ],
    rows.map((r) => [
      text(r.client),
      text(r.campaign),
      num(r.generated),
      num(r.reviewed),
      num(r.authorized),
      num(r.spending),
      num(rate(r.reviewed, r.generated), 'pct'),
      num(rate(r.authorized, r.generated), 'pct'),
      num(rate(r.spending, r.generated), 'pct'),
    ]),
    'No AI-generated videos in the ledger yet.',
    rows.length
      ? [
          text('Total'),
          text(''),
          num(total.generated),
          num(total.reviewed),
          num(total.authorized),
          num(total.spending),
          num(rate(total.reviewed, total.generated), 'pct'),
          num(rate(total.authorized, total.generated), 'pct'),
          num(rate(total.spending, total.generated), 'pct'),
        ]
      : undefined,
  );
  return g.build([180, 200, 100, 120, 130, 100, 90, 90, 90], { frozenRows: 2, rowHeights: [{ row: 1, height: 36 }] });
}
