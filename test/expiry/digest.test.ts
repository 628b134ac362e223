/**
 * The expiry email as a person reads it (docs/product.md §6): grouped by
 * client and urgency, counted in correct English, the code masked, one button
 * per code, a footer that says why this person gets it; cell text escaped and
 * kept on its own line; every part under the size limit it was cut for.
 */
import fc from 'fast-check';
import { addDays } from '../../src/core/ledger/dates';
import {
  DIGEST_BODY_BUDGET,
  estimateDigestBytes,
  renderDigest,
  renderDigestParts,
  rowLink,
  utf8Bytes,
} from '../../src/core/expiry/digest';
import {
  type DigestLine,
  type DigestSource,
  LEVEL,
  type OwnerRole,
  digestGroup,
  ownerRoles,
  planDelivery,
} from '../../src/core/expiry/plan';

const TODAY = '2026-03-02';
const CTX = {
  spreadsheetName: 'Spark ledger 2026',
  url: 'https://docs.google.com/spreadsheets/d/abc/edit',
  ledgerSheetId: 42,
  today: TODAY,
};
const CODE = '#Ab12Cd34Ef56Gh78Ij90';

let next = 1;
/** A digest line; `group` picks the level and decision that put it in that group. */
function line(group: 'expired' | 'renewal' | 'undecided', o: Partial<DigestLine> = {}): DigestLine {
  const n = next++;
  const id = `74${String(n).padStart(17, '0')}`;
  return {
    key: `k${n}`,
    level: group === 'expired' ? LEVEL.expired : LEVEL.h72,
    row: n + 1,
    videoUrl: `https://www.tiktok.com/@creator.one/video/${id}`,
    creatorHandle: '@creator.one',
    client: 'Acme Apps',
    campaign: 'Spring sale',
    sparkCode: CODE,
    status: group === 'expired' ? 'Expired' : 'Renewal needed',
    expiresOn: group === 'expired' ? '2026-03-01' : '2026-03-04',
    renewalDecision: group === 'renewal' ? 'Renew' : 'Undecided',
    market: 'US',
    roles: ['paid'],
    ...o,
  };
}

const bytesOf = (m: { body: string; htmlBody: string }) => utf8Bytes(m.body) + utf8Bytes(m.htmlBody);
const buttons = (html: string) => html.split('>Open in the ledger</a>').length - 1;

describe('grouping', () => {
  it('groups by client, A to Z with rows that have no client last, then expired, renewal needed, undecided', () => {
    const lines = [
      line('undecided', { client: 'northwind Foods', campaign: 'N undecided' }),
      line('expired', { client: '', campaign: 'No client expired' }),
      line('renewal', { client: 'Acme Apps', campaign: 'A renewal' }),
      line('undecided', { client: 'Acme Apps', campaign: 'A undecided' }),
      line('expired', { client: 'Acme Apps', campaign: 'A expired' }),
      line('expired', { client: 'Globex', campaign: 'G expired' }),
    ];
    const mail = renderDigest('a@x.example', lines, CTX);
    const order = [
      'Acme Apps · 3 codes',
      '1 code has expired',
      'A expired',
      'Renewal needed for 1 code',
      'A renewal',
      '1 decision is still undecided',
      'A undecided',
      'Globex · 1 code',
      'G expired',
      'northwind Foods · 1 code',
      'N undecided',
      'No client set · 1 code',
      'No client expired',
    ];
    for (const body of [mail.body, mail.htmlBody.replace(/<\/h2><div[^>]*>/g, ' · ')]) {
      const at = order.map((t) => body.indexOf(t));
      expect(at.every((i) => i >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
    }
    expect(buttons(mail.htmlBody)).toBe(lines.length);
    expect(mail.subject).toBe(
      'Spark Ledger: 3 expired, 1 renewal needed, 2 decisions still undecided (Spark ledger 2026)',
    );
  });

  it('lists the soonest expiry first within a group, and keeps each line in one group only', () => {
    const lines = [
      line('undecided', { expiresOn: '2026-03-05', campaign: 'later' }),
      line('undecided', { expiresOn: '2026-03-03', campaign: 'sooner' }),
    ];
    const { body } = renderDigest('a@x.example', lines, CTX);
    expect(body.indexOf('sooner')).toBeLessThan(body.indexOf('later'));
    expect(body).toContain('Expires tomorrow (2026-03-03)');
    expect(body).toContain('Expires 2026-03-05 (in 3 days)');
  });
});

describe('counts in English', () => {
  it('says 1 code, 1 decision is, and 2 codes, 3 decisions are', () => {
    const one = renderDigest('a@x.example', [line('expired'), line('renewal'), line('undecided')], CTX);
    expect(one.body).toContain('\nAcme Apps · 3 codes\n');
    expect(one.body).toContain('\n1 code has expired\n');
    expect(one.body).toContain('\nRenewal needed for 1 code\n');
    expect(one.body).toContain('\n1 decision is still undecided\n');
    expect(one.body).toContain('3 Spark codes need you');
    expect(one.subject).toContain('1 expired, 1 renewal needed, 1 decision still undecided');

    const many = renderDigest(
      'a@x.example',
      [line('expired'), line('expired'), line('renewal'), line('renewal'), ...[1, 2, 3].map(() => line('undecided'))],
      CTX,
    );
    expect(many.body).toContain('\n2 codes have expired\n');
    expect(many.body).toContain('\nRenewal needed for 2 codes\n');
    expect(many.body).toContain('\n3 decisions are still undecided\n');
    expect(many.subject).toContain('2 expired, 2 renewals needed, 3 decisions still undecided');
    for (const m of [one, many]) {
      expect(`${m.subject}\n${m.body}\n${m.htmlBody}`).not.toMatch(
        /\b(1 codes|1 decisions|[02-9] code\b|[02-9] decision\b)/,
      );
      expect(m.body).not.toMatch(/Undecided \(/);
    }
    const single = renderDigest('a@x.example', [line('undecided')], CTX);
    expect(single.body).toContain('1 Spark code needs you');
    expect(single.body).toContain('\nAcme Apps · 1 code\n');
  });
});

describe('each line', () => {
  it('leads with handle and campaign, then expiry in words, market and the masked code, with the video id and a button', () => {
    const l = line('renewal', { market: 'DE', campaign: 'Winter drop' });
    const mail = renderDigest('a@x.example', [l], CTX);
    const id = l.videoUrl.split('/').pop();
    const link = rowLink(CTX, l.row);
    expect(mail.body).toContain(
      [
        '- @creator.one · Winter drop',
        '  Expires 2026-03-04 (in 2 days) · DE · code #Ab12…90 · decision: Renew',
        `  Video id ${id} · row ${l.row} · Renewal needed`,
        '  Open in the ledger:',
        `  ${link}`,
      ].join('\n'),
    );
    expect(mail.htmlBody).toContain('>@creator.one · Winter drop</div>');
    // Short facts keep together on a phone: their spaces do not break.
    expect(mail.htmlBody).toContain(`>Video&nbsp;id&nbsp;${id} · row&nbsp;${l.row} · Renewal&nbsp;needed</div>`);
    expect(mail.htmlBody).toContain('· DE · code&nbsp;#Ab12…90 · decision:&nbsp;Renew</div>');
    expect(mail.htmlBody).toContain(`<a href="${link.replace(/&/g, '&amp;')}" style="display:inline-block;`);
    expect(buttons(mail.htmlBody)).toBe(1);
  });

  it('says the expiry in words', () => {
    const words = (expiresOn: string, group: 'expired' | 'undecided') =>
      renderDigest('a@x.example', [line(group, { expiresOn })], CTX).body;
    expect(words('2026-02-27', 'expired')).toContain('Expired 2026-02-27 (3 days ago) · US');
    expect(words('2026-03-01', 'expired')).toContain('Expired yesterday (2026-03-01) · US');
    expect(words('2026-03-02', 'expired')).toContain('Expired today (2026-03-02) · US');
    expect(words('2026-03-03', 'undecided')).toContain('Expires tomorrow (2026-03-03) · US');
    expect(words('2026-03-04', 'undecided')).toContain('Expires 2026-03-04 (in 2 days) · US');
  });

  it('falls back to the video link when handle and campaign are empty, and says when no code is recorded', () => {
    const mail = renderDigest(
      'a@x.example',
      [line('expired', { creatorHandle: '', campaign: '', sparkCode: '' })],
      CTX,
    );
    expect(mail.body).toMatch(/\n- https:\/\/www\.tiktok\.com\/@creator\.one\/video\/\d+\n/);
    expect(mail.body).toContain('· US · no code recorded');
  });

  it('never shows a Spark code in full, whatever it is', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^#?[A-Za-z0-9+/=_-]{6,80}$/), (code) => {
        const mail = renderDigest('a@x.example', [line('undecided', { sparkCode: code })], CTX);
        const body = code.replace(/^#/, '');
        for (const text of [mail.subject, mail.body, mail.htmlBody]) {
          expect(text).not.toContain(body);
          expect(text).not.toContain(body.slice(0, 8));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('puts every link on a line of its own in the plain text', () => {
    const mail = renderDigest('a@x.example', [line('expired'), line('renewal'), line('undecided')], CTX);
    const withUrl = mail.body.split('\n').filter((l) => l.includes('https://docs.google.com'));
    expect(withUrl.length).toBe(4);
    for (const l of withUrl) expect(l.trim()).toMatch(/^https:\/\/\S+$/);
  });
});

describe('why you get this email', () => {
  const why = (roles: OwnerRole[][]) =>
    renderDigest(
      'a@x.example',
      roles.map((r) => line('undecided', { roles: r })),
      CTX,
    ).body;

  it('names the roles the person holds on these rows, with the counts', () => {
    expect(why([['paid'], ['paid'], ['paid'], ['creator']])).toContain(
      'You get this email because you are the paid owner of 3 of these codes and the creator owner of 1.',
    );
    expect(why([['paid'], ['paid']])).toContain(
      'You get this email because you are the paid owner of all 2 of these codes.',
    );
    expect(why([['creator']])).toContain('You get this email because you are the creator owner of this code.');
    expect(why([['paid', 'creator'], ['creator']])).toContain(
      'because you are the paid owner of 1 of these codes and the creator owner of 2.',
    );
  });

  it('tells an approval owner they hear of it because no paid or creator owner is set yet', () => {
    expect(why([['approval']])).toContain(
      'You get this email because you are the approval owner of this code, because no paid or creator owner is set on it yet.',
    );
    expect(why([['approval'], ['approval'], ['approval']])).toContain(
      'the approval owner of all 3 of these codes, because no paid or creator owner is set on them yet.',
    );
    expect(why([['paid'], ['paid'], ['approval']])).toContain(
      'the paid owner of 2 of these codes and the approval owner of 1, because no paid or creator owner is set on it yet.',
    );
    expect(why([['approval']])).not.toContain('paid or creator owner of');
  });

  it('gets the roles from plan.ts: planDelivery works them out per recipient with the approval owner as fallback', () => {
    expect(
      ownerRoles(
        { paidOwner: 'A@x.example', creatorOwner: 'b@x.example', approvalOwner: 'a@x.example' },
        'a@x.example',
      ),
    ).toEqual(['paid']);
    expect(
      ownerRoles({ paidOwner: 'a@x.example', creatorOwner: 'a@x.example', approvalOwner: '' }, 'a@x.example'),
    ).toEqual(['paid', 'creator']);
    expect(ownerRoles({ paidOwner: '', creatorOwner: '', approvalOwner: 'a@x.example' }, 'A@X.example')).toEqual([
      'approval',
    ]);
    // Approval owner while a paid owner is set: not who the alert goes to, so no role.
    expect(
      ownerRoles({ paidOwner: 'b@x.example', creatorOwner: '', approvalOwner: 'a@x.example' }, 'a@x.example'),
    ).toEqual([]);

    const rows: Record<string, DigestSource> = {
      k1: { ...line('undecided'), paidOwner: 'a@x.example', creatorOwner: 'b@x.example', approvalOwner: 'c@x.example' },
      k2: { ...line('undecided'), paidOwner: '', creatorOwner: '', approvalOwner: 'a@x.example' },
    };
    const queue = [
      {
        to: 'a@x.example',
        since: TODAY,
        items: [
          { key: 'k1', level: LEVEL.h72 },
          { key: 'k2', level: LEVEL.h72 },
        ],
      },
    ];
    const [d] = planDelivery(queue, (k) => rows[k] ?? null, 5).send;
    expect(d.lines.map((l) => l.roles)).toEqual([['paid'], ['approval']]);
    // The owners' addresses stay out of the line.
    expect(d.lines.map((l) => Object.keys(l).filter((k) => k.endsWith('Owner')))).toEqual([[], []]);
    expect(renderDigest(d.to, d.lines, CTX).body).toContain(
      'the paid owner of 1 of these codes and the approval owner of 1, because no paid or creator owner is set on it yet.',
    );
  });

  it('says the alerts come once a day at most, links the spreadsheet, and what to do when the row has moved', () => {
    const mail = renderDigest('a@x.example', [line('expired')], CTX);
    expect(mail.body).toContain('Alerts come once a day at most');
    expect(mail.body).toContain(`\nLedger: Spark ledger 2026\n${CTX.url}`);
    expect(mail.htmlBody).toContain(`Ledger: <a href="${CTX.url}"`);
    expect(mail.body).toContain('open Extensions > Spark Ledger > Open sidebar, whose Today list shows these codes');
    expect(mail.htmlBody).toContain('open Extensions &gt; Spark Ledger &gt; Open sidebar');
  });
});

describe('hostile cell text', () => {
  const HOSTILE = '<img src=x onerror=alert(1)>';

  it('is escaped in the HTML, kept as text in the plain body, and never breaks a line', () => {
    const mail = renderDigest(
      'a@x.example',
      [
        line('undecided', {
          campaign: `${HOSTILE}\nhttps://evil.example`,
          client: `Acme" onmouseover="alert(1)\r\nBcc: x@evil.example`,
          creatorHandle: "@o'brien</div><script>alert(1)</script>",
          market: 'US\u2028- Row 99: https://evil.example/2',
          renewalDecision: 'Undecided',
        }),
      ],
      { ...CTX, spreadsheetName: `Ledger ${HOSTILE}\nBcc: y@evil.example` },
    );
    // The only tags are the email's own, with only its own attributes.
    const tags = [...mail.htmlBody.matchAll(/<([a-z0-9]+)([^>]*)>/gi)];
    expect([...new Set(tags.map((t) => t[1]))].sort()).toEqual([
      'a',
      'div',
      'h1',
      'h2',
      'h3',
      'p',
      'table',
      'td',
      'tr',
    ]);
    const attributes = tags.flatMap((t) => [...t[2].matchAll(/\s([a-z-]+)=/gi)].map((m) => m[1]));
    expect([...new Set(attributes)].sort()).toEqual([
      'border',
      'cellpadding',
      'cellspacing',
      'href',
      'role',
      'style',
      'width',
    ]);
    expect(mail.htmlBody).toContain('&lt;img src=x onerror=alert(1)&gt; https://evil.example');
    expect(mail.htmlBody).toContain('Acme&quot; onmouseover=&quot;alert(1) Bcc: x@evil.example');
    expect(mail.htmlBody).toContain('@o&#39;brien&lt;/div&gt;&lt;script&gt;');
    expect(mail.body).toContain(`\n- @o'brien</div><script>alert(1)</script> · ${HOSTILE} https://evil.example\n`);
    expect(mail.body).toContain('\nAcme" onmouseover="alert(1) Bcc: x@evil.example · 1 code\n');
    expect(mail.subject).toBe(`Spark Ledger: 1 decision still undecided (Ledger ${HOSTILE} Bcc: y@evil.example)`);
    for (const text of [mail.subject, mail.body, mail.htmlBody]) expect(text).not.toMatch(/[\r\u0085\u2028\u2029]/);
    for (const l of mail.body.split('\n')) expect(l.trim()).not.toMatch(/^(- Row 99|https:\/\/evil|Bcc:)/);
    // Only the add-on's own links are links.
    const hrefs = [...mail.htmlBody.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    for (const h of hrefs) expect(h.startsWith(CTX.url)).toBe(true);
  });

  it('is clipped: a 50,000-character cell shows 120 characters', () => {
    const mail = renderDigest('a@x.example', [line('expired', { campaign: 'x'.repeat(50000) })], CTX);
    expect(mail.body).toContain(`· ${'x'.repeat(119)}…\n`);
    expect(bytesOf(mail)).toBeLessThan(12000);
  });

  it('uses inline styles only: no style block, class or external stylesheet', () => {
    const mail = renderDigest('a@x.example', [line('expired'), line('undecided')], CTX);
    expect(mail.htmlBody).not.toMatch(/<style|<link|class=|<script/i);
    expect(mail.htmlBody).toContain('font-family:Arial,Helvetica,sans-serif');
    expect(mail.htmlBody).toContain('max-width:600px');
  });
});

describe('the size of a message', () => {
  const textArb = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.constantFrom('', '<img src=x onerror=alert(1)>', '"&\'<>'.repeat(40), '😀'.repeat(150), 'é\n\u2028ü'.repeat(50)),
  );
  type Spec = {
    group: 'expired' | 'renewal' | 'undecided';
    client: string;
    campaign: string;
    creatorHandle: string;
    market: string;
    sparkCode: string;
    roles: OwnerRole[];
    day: number;
  };
  const lineArb: fc.Arbitrary<Spec> = fc.record({
    group: fc.constantFrom('expired' as const, 'renewal' as const, 'undecided' as const),
    client: fc.oneof(fc.constantFrom('', 'Acme Apps', 'Globex', 'Ünïcödé & <Co>'), textArb),
    campaign: textArb,
    creatorHandle: textArb,
    market: fc.constantFrom('', 'US', 'DE', '日本'),
    sparkCode: fc.oneof(fc.constant(CODE), textArb),
    roles: fc.subarray(['paid', 'creator', 'approval'] as OwnerRole[]),
    day: fc.integer({ min: -20, max: 3 }),
  });

  const toLines = (specs: Spec[]) =>
    specs.map((s) =>
      line(s.group, {
        client: s.client,
        campaign: s.campaign,
        creatorHandle: s.creatorHandle,
        market: s.market,
        sparkCode: s.sparkCode,
        roles: s.roles,
        expiresOn:
          s.group === 'expired' ? addDays(TODAY, Math.min(s.day, 0)) : addDays(TODAY, 1 + (Math.abs(s.day) % 3)),
      }),
    );

  it('is estimated at never less than the real size, and not far above it', () => {
    const fewClients = lineArb.chain((s) =>
      fc.constantFrom('Acme Apps', 'Ünïcödé & <Co>', '').map((client) => ({ ...s, client })),
    );
    fc.assert(
      fc.property(
        fc.array(fewClients, { minLength: 1, maxLength: 250, size: 'max' }),
        fc.string({ unit: 'grapheme', maxLength: 250 }),
        (specs, name) => {
          const lines = toLines(specs);
          const ctx = { ...CTX, spreadsheetName: name };
          const real = bytesOf(renderDigest('a@x.example', lines, ctx));
          const estimate = estimateDigestBytes('a@x.example', lines, ctx);
          expect(estimate).toBeGreaterThanOrEqual(real);
          // Over-counted only: the longest footer and part label there can be, and per section the longest range.
          const sections = new Set(lines.map((l) => `${l.client}\n${digestGroup(l)}`)).size;
          expect(estimate - real).toBeLessThanOrEqual(700 + 60 * sections);
        },
      ),
      // No shrinking: a failing case of 250 lines would take minutes to shrink; the counterexample is printed as found.
      { numRuns: 80, endOnFailure: true },
    );
  });

  it('is never over the budget it was cut for: the estimate is an upper bound of the real size', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 120, size: 'max' }),
        fc.integer({ min: 9000, max: 40000 }),
        fc.string({ unit: 'grapheme', maxLength: 250 }),
        (specs, budget, name) => {
          const lines = toLines(specs);
          const parts = renderDigestParts('a@x.example', lines, { ...CTX, spreadsheetName: name }, budget);
          for (const p of parts) expect(bytesOf(p)).toBeLessThanOrEqual(budget);
          // Every line once, in order, and each part's button count matches its lines.
          expect(parts.flatMap((p) => p.lines.map((l) => l.key)).sort()).toEqual(lines.map((l) => l.key).sort());
          for (const p of parts) expect(buttons(p.htmlBody)).toBe(p.lines.length);
          // The estimate is not wildly above the real size either: a part is cut only when the next line would not fit.
          parts.slice(0, -1).forEach((p, i) => {
            const nextLine = parts[i + 1].lines[0];
            const withNext = [...p.lines, nextLine];
            // Over-counted: the longest footer and part label, and per section a heading with its longest range.
            const sections = new Set(withNext.map((l) => `${l.client.trim()}\n${digestGroup(l)}`)).size;
            const real = bytesOf(renderDigest('a@x.example', withNext, { ...CTX, spreadsheetName: name }));
            expect(real).toBeGreaterThan(budget - 1000 - 80 * sections);
          });
        },
      ),
      { numRuns: 60, endOnFailure: true },
    );
  });

  it('labels the parts and the part of a group each holds', () => {
    const lines = Array.from({ length: 60 }, () => line('expired'));
    const parts = renderDigestParts('a@x.example', lines, CTX, 30000);
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((p, i) => {
      expect(p.subject).toContain(`part ${i + 1} of ${parts.length}`);
      expect(p.body).toContain(`Part ${i + 1} of ${parts.length}: each part lists different codes.`);
      expect(p.body).toContain('\nAcme Apps · 60 codes\n');
      expect(p.body).toMatch(/\n60 codes have expired \(\d+–\d+ in this part\)\n/);
      expect(bytesOf(p)).toBeLessThanOrEqual(30000);
    });
    expect(renderDigestParts('a@x.example', lines, CTX)).toHaveLength(1);
    expect(bytesOf(renderDigestParts('a@x.example', lines, CTX)[0])).toBeLessThanOrEqual(DIGEST_BODY_BUDGET);
  });
});
