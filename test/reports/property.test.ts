/**
 * The breach test: over many random ledgers with clients whose names nest,
 * differ by case or look like formulas, a client's report never holds another
 * client's row, name, video, creator or campaign, no internal field (the
 * decision note included), and no full Spark code (not even the client's own).
 */
import fc from 'fast-check';
import { type LedgerRecord, STATUSES, emptyRecord } from '../../src/core/ledger/fields';
import { buildClientReport, modelText } from '../../src/core/reports/report';
import { clientKey, clientsWithRows, isClientRow } from '../../src/core/reports/clients';
import { videoUrl } from '../support/fixtures';

const NAMES = [
  'Acme',
  'Acme Apps',
  'ACME',
  'acme apps',
  'Acme Apps Europe',
  '=HYPERLINK("https://evil.example","Acme")',
  '+1 Mobile',
  'Glob',
  'Globex',
  "O'Brien & Co",
  'Northwind Foods',
];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ctx = { today: '2026-03-02', generatedAt: '2026-03-02 10:00', timeZone: 'America/New_York' };

interface Spec {
  client: number;
  status: number;
  expiresIn: number;
  codeBody: string;
  note: number[];
  spend: number | null;
  currency: string;
  ai: boolean;
  reviewed: boolean;
  decision: number;
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  client: fc.nat({ max: 10 }),
  status: fc.nat({ max: STATUSES.length - 1 }),
  expiresIn: fc.integer({ min: -20, max: 20 }),
  codeBody: fc.string({ unit: fc.constantFrom(...B64.split('')), minLength: 16, maxLength: 40 }),
  note: fc.array(fc.nat({ max: 5 }), { maxLength: 4 }),
  spend: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: null }),
  currency: fc.constantFrom('USD', 'EUR', 'JPY', ''),
  ai: fc.boolean(),
  reviewed: fc.boolean(),
  decision: fc.nat({ max: 2 }),
});

const ledgerArb = fc.record({
  names: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 2, maxLength: 6 }),
  specs: fc.array(specArb, { minLength: 1, maxLength: 40 }),
});

function addDaysYmd(ymd: string, d: number): string {
  const t = Date.UTC(+ymd.slice(0, 4), +ymd.slice(5, 7) - 1, +ymd.slice(8, 10)) + d * 86400000;
  return new Date(t).toISOString().slice(0, 10);
}

function buildLedger(names: string[], specs: Spec[]): LedgerRecord[] {
  const recs: LedgerRecord[] = specs.map((s, n) => {
    const handle = `c${n}.x`;
    return {
      ...emptyRecord(),
      row: n + 2,
      videoUrl: videoUrl(n, handle),
      creatorHandle: `@${handle}`,
      client: names[s.client % names.length],
      brand: `SECRET-BRAND-${n}`,
      campaign: `[cmp-${n}]`,
      objective: 'Reach',
      adAccount: `SECRET-ACCOUNT-${n}`,
      market: ['US', 'DE', 'BR'][n % 3],
      currency: s.currency,
      approvalOwner: `secret-approver-${n}@agency.example`,
      paidOwner: `secret-paid-${n}@agency.example`,
      creatorOwner: `secret-creator-${n}@agency.example`,
      invoiceOwner: `secret-invoice-${n}@agency.example`,
      sparkCode: `#${s.codeBody}${n.toString(36)}`,
      authorizedOn: '2026-02-01',
      authDays: 30,
      expiresOn: addDaysYmd(ctx.today, s.expiresIn),
      status: STATUSES[s.status],
      renewalDecision: ['Undecided', 'Renew', 'Retire'][s.decision],
      retirementReason: s.decision === 2 ? 'Campaign ended' : '',
      usageRights: `SECRET usage rights ${n}`,
      usageNotes: `SECRET usage notes ${n}`,
      contract: `SECRET contract ${n}`,
      proofUrl: `https://drive.example/SECRET-proof-${n}`,
      generationPrompt: s.ai ? `SECRET prompt ${n}` : '',
      humanReviewed: s.reviewed,
      spend: s.spend ?? '',
      conversions: n,
      comments: 2 * n,
    } as LedgerRecord;
  });
  // Notes mention other clients, other rows' codes and videos, and the row's own code.
  specs.forEach((s, n) => {
    const other = recs[(n + 1) % recs.length];
    const bits = s.note.map(
      (k) =>
        [
          other.client,
          other.sparkCode,
          other.videoUrl,
          recs[n].sparkCode,
          `${other.client} wanted it`,
          `code ${other.sparkCode.slice(1)} here`,
        ][k],
    );
    recs[n].clientNote = bits.join(' ');
    // Internal: never in a report, whoever's row it is.
    recs[n].decisionNote = `SECRET decision note ${n}`;
  });
  return recs;
}

/** Every occurrence of `needle` in `hay` lies inside an occurrence of `own`. */
function onlyInsideOwn(hay: string, needle: string, own: string): boolean {
  const ownSpans: [number, number][] = [];
  for (let i = hay.indexOf(own); i >= 0; i = hay.indexOf(own, i + 1)) ownSpans.push([i, i + own.length]);
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
    if (!ownSpans.some(([a, b]) => a <= i && i + needle.length <= b)) return false;
  }
  return true;
}

describe('client report never leaks (property)', () => {
  it("holds only the client's rows and safe fields, and never a full code", () => {
    fc.assert(
      fc.property(ledgerArb, ({ names, specs }) => {
        const recs = buildLedger(names, specs);
        const secrets = { codes: recs.map((r) => r.sparkCode), clients: clientsWithRows(recs.map((r) => r.client)) };
        for (const client of secrets.clients) {
          const report = buildClientReport(recs, client, ctx, secrets);
          const cells = modelText(report.model);
          const all = cells.join('\n');
          const own = recs.filter((r) => isClientRow(r.client, client));
          const others = recs.filter((r) => clientKey(r.client) !== client);

          expect(report.rows).toBe(own.length);
          for (const r of recs) expect(all.includes(r.sparkCode)).toBe(false);
          for (const r of recs) expect(all.includes(r.sparkCode.slice(1))).toBe(false);
          expect(all).not.toMatch(/SECRET|secret-/);
          for (const r of others) {
            expect(all.includes(r.videoUrl)).toBe(false);
            expect(all.includes(r.videoUrl.split('/').pop()!)).toBe(false);
            expect(all.includes(r.creatorHandle)).toBe(false);
            expect(all.includes(r.campaign)).toBe(false);
          }
          for (const other of secrets.clients.filter((c) => c !== client)) {
            expect(onlyInsideOwn(all, other, client)).toBe(true);
          }
          // The list of videos is exactly the client's own.
          const videos = report.model.blocks.find((b) => b.id === 'videos')!;
          const listed = report.model.values
            .slice(videos.firstDataRow - 1, videos.lastRow)
            .map((r) => r[0])
            .filter((v) => v !== '' && !String(v).startsWith('No videos'));
          expect(listed.sort()).toEqual(own.map((r) => r.videoUrl).sort());
        }
      }),
      { numRuns: 300 },
    );
  });
});
