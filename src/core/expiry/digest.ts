/**
 * One owner's expiry email (docs/product.md §6): subject, HTML body and the
 * same content as plain text.
 *
 * The HTML is for mail clients, not browsers: inline styles only (Gmail and
 * most clients drop <style> blocks and external CSS,
 * https://developers.google.com/workspace/gmail/design/css), a table layout
 * one column wide, fluid up to 600 px, so that it reads the same in a phone's
 * mail app and on a desktop. Every value that comes from a cell is flattened
 * to one line, clipped and escaped.
 */
import { daysBetween } from '../ledger/dates';
import { type DigestGroup, type DigestLine, type OwnerRole, digestGroup } from './plan';
import { escapeHtml } from '../ledger/html';
import { maskSparkCode, parseVideoUrl } from '../ledger/video';
import { RENEWAL_WINDOW_HOURS } from '../lifecycle/lifecycle';
import { MENU_ITEMS, MENU_TITLE } from '../setup/menu';

export interface DigestContext {
  spreadsheetName: string;
  /** The spreadsheet's URL (…/edit). */
  url: string;
  /** Sheet id of the Ledger tab, for links to a row. */
  ledgerSheetId: number;
  today: string;
}

export interface DigestEmail {
  to: string;
  subject: string;
  body: string;
  htmlBody: string;
}

/** "1 code", "2 codes". */
function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

interface GroupDef {
  group: DigestGroup;
  /** Sentence case, for the plain list of groups. */
  title: string;
  /** The group's heading in the email, with its count in words. */
  heading: (n: number) => string;
  /** Its part of the subject line. */
  short: (n: number) => string;
  advice: string;
  /** Accent of its heading and of its lines' left edge. */
  color: string;
}

const GROUPS: GroupDef[] = [
  {
    group: 'expired',
    title: 'Expired',
    heading: (n) => (n === 1 ? '1 code has expired' : `${n} codes have expired`),
    short: (n) => `${n} expired`,
    advice: 'Ads using an expired code have stopped. Ask the creator for a new code and use Renew, or retire the row.',
    color: '#c5221f',
  },
  {
    group: 'renewal',
    title: 'Renewal needed',
    heading: (n) => `Renewal needed for ${count(n, 'code', 'codes')}`,
    short: (n) => `${count(n, 'renewal', 'renewals')} needed`,
    advice: 'A decision is recorded: record the new code (Renew) or the retirement before the code expires.',
    color: '#b06000',
  },
  {
    group: 'undecided',
    title: 'Still undecided',
    heading: (n) => (n === 1 ? '1 decision is still undecided' : `${n} decisions are still undecided`),
    short: (n) => `${count(n, 'decision', 'decisions')} still undecided`,
    advice: `Within ${RENEWAL_WINDOW_HOURS} hours of expiry and nobody has decided yet: renew or retire.`,
    color: '#1967d2',
  },
];

/** Link that opens the Ledger at the row. */
export function rowLink(ctx: Pick<DigestContext, 'url' | 'ledgerSheetId'>, row: number): string {
  return oneLine(`${ctx.url}#gid=${ctx.ledgerSheetId}&range=A${row}`).replace(/ /g, '%20');
}

/** The expiry in words, sentence case: "Expires tomorrow (2026-03-03)". */
function when(line: DigestLine, today: string): string {
  const on = clip(line.expiresOn, 40);
  const days = daysBetween(today, line.expiresOn);
  if (days === -1) return `Expired yesterday (${on})`;
  if (days < 0) return `Expired ${on} (${-days} days ago)`;
  if (days === 0) return `Expired today (${on})`;
  if (days === 1) return `Expires tomorrow (${on})`;
  return `Expires ${on} (in ${days} days)`;
}

/** A cell holds up to 50,000 characters; a digest line shows at most this many of each free-text field, so one line can never fill a message. */
const FIELD_CHARS = 120;

/**
 * Control characters (CR, LF, tab, NEL U+0085 and the rest of C0 and C1),
 * the line and paragraph separators U+2028 and U+2029, and the bidirectional
 * embeddings, overrides and isolates. Any of them in a cell would start a new
 * line of a digest (a campaign "Spring\nhttps://evil.example" would put a
 * link of its own on a line of the alert) or reorder what a line shows.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are taken out.
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;

/** Text as one line: every run of control or line-breaking characters becomes one space. */
export function oneLine(s: unknown): string {
  return String(s ?? '').replace(LINE_BREAKING, ' ');
}

function clip(s: unknown, n = FIELD_CHARS): string {
  const t = oneLine(s).trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

/** What a line shows, every part from a cell flattened, clipped and never holding the full code. */
interface LineView {
  /** Creator handle and campaign ("@ana · Spring sale"), or the video link when both are empty. */
  lead: string;
  /** Expiry in words, market, masked code, and the decision where one is recorded. */
  facts: string[];
  /** Video id (or the link, when it is not a TikTok video link and not the lead already), row and status, in small print. */
  small: string[];
  link: string;
}

function view(line: DigestLine, ctx: DigestContext): LineView {
  const named = [clip(line.creatorHandle), clip(line.campaign)].filter(Boolean).join(' · ');
  const lead = named || clip(line.videoUrl, 300);
  const code = maskSparkCode(oneLine(line.sparkCode).trim());
  const decision = clip(line.renewalDecision, 40);
  const facts = [
    when(line, ctx.today),
    clip(line.market, 40),
    code ? `code ${code}` : 'no code recorded',
    decision && decision !== 'Undecided' ? `decision: ${decision}` : '',
  ].filter(Boolean);
  const id = parseVideoUrl(oneLine(line.videoUrl))?.videoId;
  const video = id ? `Video id ${id}` : named ? `Video ${clip(line.videoUrl, 300)}` : '';
  const small = [video, `row ${line.row}`, clip(line.status, 40)].filter(Boolean);
  return { lead, facts, small, link: rowLink(ctx, line.row) };
}

/** Facts joined for HTML: a short one ("code #Ab12…90", "row 57") never breaks across lines on a phone. */
function factsHtml(facts: readonly string[]): string {
  return facts.map((f) => (f.length <= 30 ? escapeHtml(f).replace(/ /g, '&nbsp;') : escapeHtml(f))).join(' · ');
}

export function groupLines(lines: readonly DigestLine[]): {
  group: DigestGroup;
  title: string;
  advice: string;
  lines: DigestLine[];
}[] {
  return GROUPS.map((g) => ({
    group: g.group,
    title: g.title,
    advice: g.advice,
    lines: lines
      .filter((l) => digestGroup(l) === g.group)
      .sort((a, b) => a.expiresOn.localeCompare(b.expiresOn) || a.row - b.row),
  })).filter((g) => g.lines.length > 0);
}

/** One client's lines, by urgency group. */
interface ClientBlock {
  /** The heading: the client as the ledger spells it, or "No client set". */
  label: string;
  total: number;
  groups: { def: GroupDef; lines: DigestLine[] }[];
}

const NO_CLIENT = 'No client set';

/** Lines by client (A to Z, rows with no client last), then by group, soonest expiry first. */
function clientBlocks(lines: readonly DigestLine[]): ClientBlock[] {
  const byClient = new Map<string, DigestLine[]>();
  for (const l of lines) {
    const c = clip(l.client);
    const list = byClient.get(c);
    if (list) list.push(l);
    else byClient.set(c, [l]);
  }
  const names = [...byClient.keys()].sort((a, b) => {
    if ((a === '') !== (b === '')) return a === '' ? 1 : -1;
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });
  return names.map((name) => {
    const own = byClient.get(name) as DigestLine[];
    return {
      label: name || NO_CLIENT,
      total: own.length,
      groups: groupLines(own).map((g) => ({
        def: GROUPS.find((d) => d.group === g.group) as GroupDef,
        lines: g.lines,
      })),
    };
  });
}

/** One message of a digest split under the body-size limit, with the lines it carries. */
export interface DigestPart extends DigestEmail {
  lines: DigestLine[];
  part: number;
  parts: number;
}

/**
 * Bytes of body + htmlBody one digest message may use. Google allows 200 KB
 * (consumer) or 400 KB (Workspace) per message without saying what it
 * measures (https://developers.google.com/apps-script/guides/services/quotas).
 * The add-on cannot tell the account kind cheaply, so it always uses the
 * consumer figure, read as 200,000 bytes, counts both parts in UTF-8 bytes
 * (the strictest reading), and keeps a 10% margin: safe under every reading.
 */
export const DIGEST_BODY_BUDGET = 180000;

/** UTF-8 length of a string. */
export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** How many lines of a message name the recipient in each role (a line may count in two). */
type RoleTally = Record<OwnerRole, number> & { lines: number };

function tally(lines: readonly DigestLine[]): RoleTally {
  const t: RoleTally = { paid: 0, creator: 0, approval: 0, lines: lines.length };
  for (const l of lines) for (const r of new Set(l.roles ?? [])) t[r]++;
  return t;
}

const ROLE_NAMES: Record<OwnerRole, string> = { paid: 'paid', creator: 'creator', approval: 'approval' };

/**
 * Why this person gets the email, from what they are on its rows: "You get
 * this email because you are the paid owner of 3 of these codes and the
 * creator owner of 1." The approval owner hears of a code only while the row
 * names no paid or creator owner (plan.ts alertOwners), and is told so.
 */
function whyText(t: RoleTally): string {
  const roles = (['paid', 'creator', 'approval'] as OwnerRole[]).filter((r) => t[r] > 0);
  if (roles.length === 0) return 'You get this email because you are named as an owner of these codes in the ledger.';
  const phrases = roles.map((r, i) => {
    const k = t[r];
    const of =
      i > 0 ? `${k}` : t.lines === 1 ? 'this code' : k === t.lines ? `all ${k} of these codes` : `${k} of these codes`;
    return `the ${ROLE_NAMES[r]} owner of ${of}`;
  });
  const list =
    phrases.length === 1 ? phrases[0] : `${phrases.slice(0, -1).join(', ')} and ${phrases[phrases.length - 1]}`;
  const fallback =
    t.approval > 0 ? `, because no paid or creator owner is set on ${t.approval === 1 ? 'it' : 'them'} yet` : '';
  return `You get this email because you are ${list}${fallback}.`;
}

const SIDEBAR_PATH = `Extensions > ${MENU_TITLE} > ${MENU_ITEMS.find((m) => m?.fn === 'showSidebar')?.caption ?? 'Open sidebar'}`;

/**
 * Google has no link that opens an add-on's sidebar or searches a sheet, so a
 * button can only open the row where the code was when the email was sent.
 */
function stalenessText(what: 'button' | 'link'): string {
  return `Each ${what} opens its row as it stood when this email was sent; if the ledger was sorted or archived since, open ${SIDEBAR_PATH}, whose Today list shows these codes for you by video id.`;
}

const CADENCE = `Alerts come once a day at most: each code once at ${RENEWAL_WINDOW_HOURS} hours, once at 24 hours and once when it expires.`;

/** A piece of both bodies: each entry is one line of the joined text. */
interface Piece {
  text: string[];
  html: string[];
}

/** Bytes a piece adds to a message: its lines and the newline that joins each. */
function pieceBytes(p: Piece): number {
  let n = 0;
  for (const s of p.text) n += utf8Bytes(s) + 1;
  for (const s of p.html) n += utf8Bytes(s) + 1;
  return n;
}

// Inline styles, as Gmail needs them. Font sizes of 12 px and more, buttons 44 px tall.
const FONT = 'font-family:Arial,Helvetica,sans-serif';
const WRAP = 'overflow-wrap:anywhere;word-break:break-word';
/** 12 px above and below 20 px of text: a 44 px tap target. */
const BUTTON =
  'display:inline-block;margin-top:12px;padding:12px 20px;background:#1a73e8;border-radius:6px;color:#ffffff;font-size:15px;line-height:20px;font-weight:bold;text-decoration:none';
const MUTED = '#5f6368';
const RULE = '1px solid #dadce0';
const LINK_STYLE = 'color:#1a73e8;text-decoration:underline';
const TABLE = 'role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"';

function clientPiece(c: ClientBlock): Piece {
  const label = c.label;
  const n = count(c.total, 'code', 'codes');
  const head = `${label} · ${n}`;
  return {
    text: ['', head, '='.repeat(Math.min(head.length, 60))],
    html: [
      `<tr><td style="padding:22px 16px 0;${WRAP}"><div style="border-top:2px solid #202124;padding-top:14px"><h2 style="margin:0;font-size:20px;line-height:26px;font-weight:bold;color:#202124">${escapeHtml(label)}</h2><div style="font-size:13px;line-height:18px;color:${MUTED}">${escapeHtml(n)}</div></div></td></tr>`,
    ],
  };
}

/** A group's heading; `from` set when the message holds only some of the group's lines, from that one on. */
function groupPiece(def: GroupDef, total: number, from: number | null, shown: number): Piece {
  const heading =
    from === null ? def.heading(total) : `${def.heading(total)} (${from}–${from + shown - 1} in this part)`;
  return {
    text: ['', heading, def.advice],
    html: [
      `<tr><td style="padding:16px 16px 4px"><h3 style="margin:0;font-size:16px;line-height:22px;font-weight:bold;color:${def.color}">${escapeHtml(heading)}</h3><p style="margin:2px 0 0;font-size:14px;line-height:20px;color:#3c4043">${escapeHtml(def.advice)}</p></td></tr>`,
    ],
  };
}

function linePiece(line: DigestLine, def: GroupDef, ctx: DigestContext): Piece {
  const v = view(line, ctx);
  return {
    text: [
      '',
      `- ${v.lead}`,
      `  ${v.facts.join(' · ')}`,
      `  ${v.small.join(' · ')}`,
      '  Open in the ledger:',
      `  ${v.link}`,
    ],
    html: [
      `<tr><td style="padding:8px 16px"><div style="padding:12px 14px;border:${RULE};border-left:4px solid ${def.color};border-radius:6px;${WRAP}">` +
        `<div style="font-size:16px;line-height:22px;font-weight:bold">${escapeHtml(v.lead)}</div>` +
        `<div style="margin-top:4px;font-size:14px;line-height:20px;color:#3c4043">${factsHtml(v.facts)}</div>` +
        `<div style="margin-top:4px;font-size:12px;line-height:18px;color:${MUTED}">${factsHtml(v.small)}</div>` +
        `<a href="${escapeHtml(v.link)}" style="${BUTTON}">Open in the ledger</a>` +
        '</div></td></tr>',
    ],
  };
}

interface Section {
  client: ClientBlock;
  def: GroupDef;
  total: number;
  from: number;
  lines: DigestLine[];
}

/** What every part of a digest says about the whole: the counts per group and the number of codes. */
interface Summary {
  counts: string;
  total: number;
}

function summaryOf(lines: readonly DigestLine[]): Summary {
  const counts = GROUPS.map((g) => ({ g, n: lines.filter((l) => digestGroup(l) === g.group).length }))
    .filter((x) => x.n > 0)
    .map((x) => x.g.short(x.n))
    .join(', ');
  return { counts, total: lines.length };
}

/**
 * One message. `why` is what the footer says about the recipient's roles:
 * the tally of the message's own lines unless given (the size estimate
 * passes the longest tallies there can be).
 */
function renderSections(
  to: string,
  sections: Section[],
  summary: Summary,
  ctx: DigestContext,
  part: number,
  parts: number,
  why: RoleTally = tally(sections.flatMap((s) => s.lines)),
): DigestEmail {
  const name = clip(ctx.spreadsheetName, 200);
  const today = oneLine(ctx.today);
  const url = oneLine(ctx.url).replace(/ /g, '%20');
  const label = parts > 1 ? ` · part ${part} of ${parts}` : '';
  const subject = oneLine(`Spark Ledger: ${summary.counts} (${name})${label}`);
  const headline = `${count(summary.total, 'Spark code needs', 'Spark codes need')} you`;
  const partText = parts > 1 ? `Part ${part} of ${parts}: each part lists different codes.` : '';
  const whyLine = whyText(why);
  const text: string[] = [
    `Spark Ledger · ${today}`,
    `${headline} in "${name}":`,
    `${summary.counts}.`,
    ...(partText ? [partText] : []),
  ];
  const html: string[] = [
    `<div style="margin:0;padding:16px 8px;background:#f1f3f4;${FONT}">`,
    `<table ${TABLE} style="width:100%;max-width:600px;margin:0 auto;table-layout:fixed;background:#ffffff;border-radius:8px;${FONT};color:#202124">`,
    `<tr><td style="padding:20px 16px 4px;${WRAP}"><div style="font-size:13px;line-height:18px;color:${MUTED}">Spark Ledger · ${escapeHtml(today)}</div>` +
      `<h1 style="margin:6px 0 8px;font-size:22px;line-height:28px;font-weight:bold;color:#202124">${escapeHtml(headline)}</h1>` +
      `<p style="margin:0;font-size:16px;line-height:22px">${escapeHtml(summary.counts)}.</p>` +
      `<p style="margin:6px 0 0;font-size:14px;line-height:20px;color:${MUTED}">In <a href="${escapeHtml(url)}" style="${LINK_STYLE}">${escapeHtml(name)}</a></p>` +
      (partText
        ? `<p style="margin:8px 0 0;font-size:14px;line-height:20px;color:${MUTED}">${escapeHtml(partText)}</p>`
        : '') +
      '</td></tr>',
  ];
  let client: ClientBlock | null = null;
  for (const s of sections) {
    const pieces: Piece[] = [];
    if (s.client !== client) pieces.push(clientPiece(s.client));
    client = s.client;
    pieces.push(groupPiece(s.def, s.total, s.lines.length === s.total ? null : s.from, s.lines.length));
    for (const l of s.lines) pieces.push(linePiece(l, s.def, ctx));
    for (const p of pieces) {
      text.push(...p.text);
      html.push(...p.html);
    }
  }
  text.push('', '--', whyLine, stalenessText('link'), CADENCE, `Ledger: ${name}`, url);
  html.push(
    `<tr><td style="padding:20px 16px 24px;${WRAP}"><div style="border-top:${RULE};padding-top:16px;font-size:13px;line-height:20px;color:${MUTED}">` +
      `<p style="margin:0 0 8px">${escapeHtml(whyLine)}</p>` +
      `<p style="margin:0 0 8px">${escapeHtml(stalenessText('button'))}</p>` +
      `<p style="margin:0 0 8px">${escapeHtml(CADENCE)}</p>` +
      `<p style="margin:0">Ledger: <a href="${escapeHtml(url)}" style="${LINK_STYLE}">${escapeHtml(name)}</a></p>` +
      '</div></td></tr>',
    '</table>',
    '</div>',
  );
  return { to, subject, body: text.join('\n'), htmlBody: html.join('\n') };
}

/**
 * The most bytes the parts of a message other than its codes can take: the
 * intro with the longest part label, and the footer with the longest role
 * sentence. That sentence changes with the roles present (every set of them
 * is tried) and grows with its numbers and plurals, so each set is tried at
 * the largest count (`big`, every line of the digest).
 */
function fixedBytes(to: string, summary: Summary, ctx: DigestContext, big: number): number {
  let most = 0;
  for (let mask = 0; mask < 8; mask++) {
    const t: RoleTally = {
      paid: mask & 1 ? big : 0,
      creator: mask & 2 ? big : 0,
      approval: mask & 4 ? big : 0,
      lines: big,
    };
    const m = renderSections(to, [], summary, ctx, big, big, t);
    most = Math.max(most, utf8Bytes(m.body) + utf8Bytes(m.htmlBody));
  }
  return most;
}

/** A digest cut into messages, with the byte count each message was packed by. */
interface Packing {
  summary: Summary;
  packs: { sections: Section[]; estimate: number }[];
}

/**
 * Cuts a digest into messages of at most `budget` bytes as counted before
 * rendering: the most its fixed parts can take (fixedBytes), and the pieces
 * it holds, each rendered on its own (group headings with the longest range
 * they can show). Every piece is a whole number of lines of the joined
 * bodies, so a message's real size is never above that count.
 */
function pack(to: string, lines: readonly DigestLine[], ctx: DigestContext, budget: number): Packing {
  const summary = summaryOf(lines);
  const fixed = fixedBytes(to, summary, ctx, Math.max(lines.length, 1));
  const packs: Packing['packs'] = [];
  let current: Section[] = [];
  let used = fixed;
  for (const c of clientBlocks(lines)) {
    const clientCost = pieceBytes(clientPiece(c));
    for (const g of c.groups) {
      const total = g.lines.length;
      // The longest heading the group can have: a range whose numbers are as long as the total's.
      const headCost = pieceBytes(groupPiece(g.def, total, total, 1));
      let section: Section | null = null;
      for (let i = 0; i < total; i++) {
        const l = g.lines[i];
        const lineCost = pieceBytes(linePiece(l, g.def, ctx));
        const opening = (section ? 0 : headCost) + (current.some((s) => s.client === c) ? 0 : clientCost);
        if (used + lineCost + opening > budget && current.some((s) => s.lines.length > 0)) {
          packs.push({ sections: current, estimate: used });
          current = [];
          used = fixed;
          section = null;
        }
        if (!section) {
          if (!current.some((s) => s.client === c)) used += clientCost;
          section = { client: c, def: g.def, total, from: i + 1, lines: [] };
          current.push(section);
          used += headCost;
        }
        section.lines.push(l);
        used += lineCost;
      }
    }
  }
  if (current.length > 0 || packs.length === 0) packs.push({ sections: current, estimate: used });
  return { summary, packs };
}

/**
 * The byte count (body + htmlBody, UTF-8) renderDigestParts works with for
 * the message holding all of `lines`: never below the real size of
 * renderDigest's message. Exported for its test.
 */
export function estimateDigestBytes(to: string, lines: readonly DigestLine[], ctx: DigestContext): number {
  return pack(to, lines, ctx, Number.POSITIVE_INFINITY).packs[0].estimate;
}

/**
 * An owner's digest as one or more messages, each with body + htmlBody under
 * `budget` UTF-8 bytes (as pack counts them), every line in exactly one part,
 * in digest order (client, then group). A part's group heading says which
 * lines of the group it holds ("6000 codes have expired (1201–2400 in this
 * part)"); subject and first line say "part 2 of 5".
 */
export function renderDigestParts(
  to: string,
  lines: readonly DigestLine[],
  ctx: DigestContext,
  budget: number = DIGEST_BODY_BUDGET,
): DigestPart[] {
  const { summary, packs } = pack(to, lines, ctx, budget);
  return packs.map(({ sections }, i) => ({
    ...renderSections(to, sections, summary, ctx, i + 1, packs.length),
    lines: sections.flatMap((s) => s.lines),
    part: i + 1,
    parts: packs.length,
  }));
}

/** The whole digest as one message (no size limit applied). */
export function renderDigest(to: string, lines: readonly DigestLine[], ctx: DigestContext): DigestEmail {
  const sections: Section[] = clientBlocks(lines).flatMap((c) =>
    c.groups.map((g) => ({ client: c, def: g.def, total: g.lines.length, from: 1, lines: g.lines })),
  );
  return renderSections(to, sections, summaryOf(lines), ctx, 1, 1);
}
