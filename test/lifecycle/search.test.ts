import { type LedgerRecord, emptyRecord } from '../../src/core/ledger/fields';
import { creatorRequestMessage } from '../../src/core/ledger/message';
import { DEFAULT_SEARCH_LIMIT, parseQuery, searchRecords } from '../../src/core/lifecycle/search';
import { videoUrl } from '../support/fixtures';

function rec(n: number, over: Partial<LedgerRecord> = {}): LedgerRecord {
  const url = videoUrl(n);
  return {
    ...emptyRecord(),
    row: n + 1,
    videoUrl: url,
    videoId: url.split('/').pop()!,
    creatorHandle: '@creator.one',
    client: 'Acme Apps',
    campaign: `Spring ${n}`,
    status: 'Requested',
    market: 'US',
    ...over,
  } as LedgerRecord;
}

describe('parseQuery', () => {
  it('takes a bare string as the search text and fills defaults', () => {
    expect(parseQuery('  acme ')).toEqual({
      ok: true,
      value: { text: 'acme', client: '', status: '', market: '', limit: DEFAULT_SEARCH_LIMIT },
    });
    expect(parseQuery(undefined)).toMatchObject({ ok: true, value: { text: '' } });
  });

  it('names what is wrong with a query', () => {
    const r = parseQuery({ text: 5, limit: 0, colour: 'red' });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => e.message)).toEqual([
        '"colour" is not something a search can filter on.',
        'Search text must be text.',
        'Search limit must be a whole number from 1 to 200.',
      ]);
    expect(parseQuery([1]).ok).toBe(false);
  });
});

describe('searchRecords', () => {
  const rows = [
    rec(1, { updatedAt: '2026-03-01T10:00:00.000Z' }),
    rec(2, { client: 'Globex Games', status: 'Spending', updatedAt: '2026-03-02T10:00:00.000Z' }),
    rec(3, { campaign: 'Summer drop', market: 'DE', updatedAt: '2026-03-02T10:00:00.000Z' }),
    rec(4, { videoUrl: '' }),
  ];
  const q = (over: object) => (parseQuery(over) as { value: Parameters<typeof searchRecords>[1] }).value;

  it('matches every word anywhere in the identifying fields, ignoring case, newest first', () => {
    expect(searchRecords(rows, q({ text: 'SPRING creator' })).map((r) => r.row)).toEqual([3, 2]);
    expect(searchRecords(rows, q({ text: 'spring nobody' }))).toEqual([]);
  });

  it('lists every row with a video when nothing is asked, ties going to the later row, up to the limit', () => {
    expect(searchRecords(rows, q({})).map((r) => r.row)).toEqual([4, 3, 2]);
    expect(searchRecords(rows, q({ limit: 1 })).map((r) => r.row)).toEqual([4]);
  });

  it('filters on client, status and market as whole values, ignoring case', () => {
    expect(searchRecords(rows, q({ client: 'globex games' })).map((r) => r.row)).toEqual([3]);
    expect(searchRecords(rows, q({ status: 'SPENDING' })).map((r) => r.row)).toEqual([3]);
    expect(searchRecords(rows, q({ market: 'de', text: 'summer' })).map((r) => r.row)).toEqual([4]);
    expect(searchRecords(rows, q({ client: 'Acme' }))).toEqual([]);
  });

  it('finds a pasted link by its video id, whatever form it was pasted in', () => {
    const pasted = `${videoUrl(2).replace('https://www.tiktok.com/@creator.one', 'm.tiktok.com/@Creator.One')}/?lang=en`;
    expect(searchRecords(rows, q({ text: pasted })).map((r) => r.row)).toEqual([3]);
  });
});

describe('creatorRequestMessage', () => {
  it('names the handle, video, campaign, market, window, advertiser and usage', () => {
    const m = creatorRequestMessage({
      ...rec(1),
      brand: 'Acme',
      requestedDays: 60,
      adAccount: 'ACME-US-001',
      usageNotes: 'US paid social only',
      usageRights: '',
    });
    expect(m.split('\n').slice(0, 10)).toEqual([
      'Hi @creator.one,',
      '',
      'We would like to run this video of yours as a Spark Ad:',
      videoUrl(1),
      '',
      'Campaign: Spring 1 (Acme)',
      'Market: US',
      'Authorization window: 60 days',
      'Advertiser (ad account): ACME-US-001',
      'Usage: US paid social only',
    ]);
    expect(m).toContain('choose 60 days and tap Generate');
  });

  it('leaves out what the row does not have rather than printing blanks', () => {
    const m = creatorRequestMessage({
      ...rec(1),
      campaign: '',
      brand: '',
      market: '',
      requestedDays: '',
      adAccount: '',
      usageNotes: '',
      usageRights: '',
    });
    expect(m).toContain('Campaign: —');
    expect(m).toContain('Authorization window: the window we agreed');
    expect(m).not.toContain('Usage:');
    expect(m).not.toMatch(/undefined|null/);
  });
});
