import { ORGANIC_FOR_VERDICT, type LiveCode, type SyncFindings, planSync, syncKey } from '../../src/core/connect/sync';
import type { AuthorizedPost, VideoFigures } from '../../src/core/connect/tiktok';
import { ORGANIC_STATUSES } from '../../src/core/ledger/fields';

const TODAY = '2026-03-01';
const ACCOUNT = 'ACME-US-001';
const V = '7412345678901234567';

function code(o: Partial<LiveCode> = {}): LiveCode {
  return {
    videoId: V,
    adAccount: ACCOUNT,
    sparkCode: '#tDYPaG3Bqpz5XP1c7sFD6Bik0zk2qQbJ',
    status: 'Spending',
    organicStatus: 'Live',
    tiktokCheck: '',
    expiresOn: '2026-03-20',
    ...o,
  };
}

function post(o: Partial<AuthorizedPost> = {}): AuthorizedPost {
  return {
    itemId: V,
    itemType: 'VIDEO',
    postStatus: 'HESITATE_RECOMMEND',
    adAuthStatus: 'AUTHORIZED',
    authStartUtc: '2026-02-18 10:00:00',
    authEndUtc: '2026-03-20 09:59:59',
    ...o,
  };
}

function figures(o: Partial<VideoFigures> = {}): VideoFigures {
  return { spend: 120.5, conversions: 7, comments: 3, ads: 2, noValue: [], ...o };
}

function found(
  posts: [string, AuthorizedPost][] = [],
  figs: [string, VideoFigures][] = [],
  complete: { list?: string[]; figures?: string[] } = { list: [ACCOUNT], figures: [ACCOUNT] },
): SyncFindings {
  return {
    posts: new Map(posts),
    figures: new Map(figs),
    complete: { list: new Set(complete.list ?? []), figures: new Set(complete.figures ?? []) },
  };
}

/** The row as it reads after the changes are written. */
function applied(c: LiveCode, changes: ReturnType<typeof planSync>): LiveCode {
  const ch = changes.find((x) => x.videoId === c.videoId);
  if (!ch) return c;
  return { ...c, ...(ch.set as Partial<LiveCode>), ...(ch.status ? { status: ch.status } : {}) };
}

describe('planSync', () => {
  it('uses only Organic post options the ledger has', () => {
    for (const v of Object.values(ORGANIC_FOR_VERDICT)) expect(ORGANIC_STATUSES).toContain(v);
  });

  it('changes nothing for an ad account not read completely, whatever TikTok said', () => {
    const codes = [code(), code({ videoId: '7412345678901234568' })];
    const f = found(
      [[V, post({ postStatus: 'USER_DELETE', adAuthStatus: 'EXPIRED' })]],
      [[V, figures({ spend: 0, conversions: 0, comments: 0 })]],
      { list: ['OTHER'], figures: ['OTHER'] },
    );
    expect(planSync(codes, f, TODAY)).toEqual([]);
    expect(planSync(codes, found([], [], { list: [], figures: [] }), TODAY)).toEqual([]);
  });

  it('marks a removed post Removed and alerts once', () => {
    const c = code();
    const changes = planSync([c], found([[V, post({ postStatus: 'USER_DELETE' })]]), TODAY);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ videoId: V, alert: 'removed', set: { organicStatus: 'Removed' } });
    expect(changes[0].status).toBeUndefined();
    expect(changes[0].set.tiktokCheck).toMatch(/Post deleted by the creator/);
    expect(changes[0].auditNote).toMatch(/^TikTok sync 2026-03-01: Organic post Live → Removed/);
    const again = planSync([applied(c, changes)], found([[V, post({ postStatus: 'USER_DELETE' })]]), TODAY);
    expect(again).toEqual([]);
  });

  it('marks a post that is no longer public Unknown and alerts, unless the row says Ads only', () => {
    const f = found([[V, post({ postStatus: 'ONLY_AUTHOR_SEE' })]]);
    const [ch] = planSync([code()], f, TODAY);
    expect(ch).toMatchObject({ alert: 'private', set: { organicStatus: 'Unknown' } });
    expect(ch.set.tiktokCheck).toMatch(/visible to the creator only/);
    const adsOnly = planSync([code({ organicStatus: 'Ads only' })], f, TODAY);
    expect(adsOnly).toHaveLength(1);
    expect(adsOnly[0].alert).toBeUndefined();
    expect(adsOnly[0].set.organicStatus).toBeUndefined();
    expect(planSync([applied(code(), [ch])], f, TODAY)).toEqual([]);
  });

  it('marks a public post Live, but keeps a person\u2019s Edited', () => {
    const f = found([[V, post()]]);
    const [ch] = planSync([code({ organicStatus: 'Unknown' })], f, TODAY);
    expect(ch.set.organicStatus).toBe('Live');
    expect(ch.alert).toBeUndefined();
    const edited = planSync([code({ organicStatus: 'Edited' })], f, TODAY);
    expect(edited[0].set.organicStatus).toBeUndefined();
    expect(
      planSync([code({ organicStatus: 'Edited', tiktokCheck: edited[0].set.tiktokCheck as string })], f, TODAY),
    ).toEqual([]);
  });

  it('expires a code TikTok says expired while the ledger thinks it live', () => {
    const f = found([[V, post({ adAuthStatus: 'EXPIRED' })]]);
    const [ch] = planSync([code()], f, TODAY);
    expect(ch).toMatchObject({ status: 'Expired', alert: 'expired' });
    expect(ch.auditNote).toMatch(
      /Status Spending → Expired: TikTok reports the authorization expired, before the ledger's 2026-03-20/,
    );
    expect(planSync([applied(code(), [ch])], f, TODAY)).toEqual([]);
    const retired = planSync([code({ status: 'Retired' })], f, TODAY);
    expect(retired.every((x) => x.status === undefined && x.alert === undefined)).toBe(true);
  });

  it('never reads an unknown authorization status as revoked or expired', () => {
    const [ch] = planSync([code()], found([[V, post({ adAuthStatus: 'SOMETHING_NEW' })]]), TODAY);
    expect(ch.status).toBeUndefined();
    expect(ch.alert).toBeUndefined();
    expect(ch.set.tiktokCheck).toMatch(/authorization SOMETHING_NEW/);
  });

  it('alerts revoked for a code missing from a complete list, changing nothing else, once', () => {
    const f = found([['7412345678901234999', post({ itemId: '7412345678901234999' })]], [], { list: [ACCOUNT] });
    const [ch] = planSync([code()], f, TODAY);
    expect(ch.alert).toBe('revoked');
    expect(ch.status).toBeUndefined();
    expect(Object.keys(ch.set)).toEqual(['tiktokCheck']);
    expect(ch.auditNote).toMatch(/may have been revoked, or the code applied to another ad account/);
    expect(planSync([applied(code(), [ch])], f, TODAY)).toEqual([]);
  });

  it('does not call a code revoked when its own window has ended', () => {
    const [ch] = planSync([code({ expiresOn: TODAY })], found([], [], { list: [ACCOUNT] }), TODAY);
    expect(ch.alert).toBeUndefined();
    expect(ch.set.tiktokCheck).toMatch(/window has ended/);
  });

  it('replaces figures only where TikTok gave a value, and leaves a video without ads alone', () => {
    const other = '7412345678901234568';
    const f = found([], [[V, figures({ noValue: ['comments'] })]], { figures: [ACCOUNT] });
    const changes = planSync(
      [
        code({ spend: 100, conversions: 5, comments: 9 }),
        code({ videoId: other, spend: 50, conversions: 1, comments: 2 }),
      ],
      f,
      TODAY,
    );
    expect(changes).toHaveLength(1);
    expect(changes[0].set).toEqual({ spend: 120.5, conversions: 7, figuresFrom: 'TikTok, 2026-03-01' });
    expect(changes[0].auditNote).toMatch(/Spend 100 → 120.5, Conversions 5 → 7 \(TikTok, 2 ads\)/);
  });

  it('writes no figure that already matches', () => {
    const f = found([], [[V, figures()]], { figures: [ACCOUNT] });
    expect(planSync([code({ spend: '120.50', conversions: 7, comments: '3' })], f, TODAY)).toEqual([]);
    const [ch] = planSync([code({ spend: 120.5, conversions: 7, comments: 2 })], f, TODAY);
    expect(ch.set).toEqual({ comments: 3, figuresFrom: 'TikTok, 2026-03-01' });
  });

  it('reads each source on its own: figures complete, list not', () => {
    const f = found([[V, post({ postStatus: 'USER_DELETE' })]], [[V, figures()]], { list: [], figures: [ACCOUNT] });
    const [ch] = planSync([code()], f, TODAY);
    expect(ch.alert).toBeUndefined();
    expect(ch.set.organicStatus).toBeUndefined();
    expect(ch.set.spend).toBe(120.5);
  });

  it("prefers an ad account's own finding about a video", () => {
    const f = found([
      [V, post({ postStatus: 'USER_DELETE' })],
      [syncKey(ACCOUNT, V), post()],
    ]);
    const [ch] = planSync([code({ organicStatus: 'Unknown' })], f, TODAY);
    expect(ch.set.organicStatus).toBe('Live');
  });

  it('settles: a second sync over the written rows changes nothing', () => {
    const codes = [
      code(),
      code({ videoId: '7412345678901234568', organicStatus: '' }),
      code({ videoId: '7412345678901234569', status: 'Paused' }),
      code({ videoId: '7412345678901234570' }),
    ];
    const f = found(
      [
        [V, post({ postStatus: 'AUDIT_DELETE' })],
        ['7412345678901234568', post({ itemId: '7412345678901234568', postStatus: 'ONLY_FRIEND_SEE' })],
        ['7412345678901234569', post({ itemId: '7412345678901234569', adAuthStatus: 'EXPIRED' })],
      ],
      [[V, figures()]],
    );
    const first = planSync(codes, f, TODAY);
    expect(first.map((c) => c.alert)).toEqual(['removed', 'private', 'expired', 'revoked']);
    for (const ch of first) expect(ch.auditNote.length).toBeGreaterThan(20);
    const after = codes.map((c) => applied(c, first));
    expect(planSync(after, f, TODAY)).toEqual([]);
  });
});
