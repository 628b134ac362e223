/** One owner's expiry email: subject, HTML body and the same content as plain text. */
import { daysBetween } from '../ledger/dates';
import { type DigestGroup, type DigestLine, digestGroup } from './plan';
import { maskSparkCode } from '../ledger/video';
import { RENEWAL_WINDOW_HOURS } from '../lifecycle/lifecycle';

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

const GROUPS: { group: DigestGroup; title: string; advice: string }[] = [
  {
    group: 'expired',
    title: 'Expired',
    advice: 'Ads using these codes have stopped. Ask the creator for a new code and use Renew, or Retire the row.',
  },
  {
    group: 'renewal',
    title: 'Renewal needed',
    advice: 'A decision is recorded; record the new code (Renew) or the retirement before the code expires.',
  },
  {
    group: 'undecided',
    title: 'Decision still Undecided',
    advice: `These expire within ${RENEWAL_WINDOW_HOURS} hours and nobody has decided yet: renew or retire.`,
  },
];

/** Link that opens the Ledger at the row. */
export function rowLink(ctx: Pick<DigestContext, 'url' | 'ledgerSheetId'>, row: number): string {
  return oneLine(`${ctx.url}#gid=${ctx.ledgerSheetId}&range=A${row}`).replace(/ /g, '%20');
}

function when(line: DigestLine, today: string): string {
  const days = daysBetween(today, line.expiresOn);
  if (days < 0) return `expired ${line.expiresOn}`;
  if (days === 0) return `expired today (${line.expiresOn})`;
  if (days === 1) return `expires tomorrow (${line.expiresOn})`;
  return `expires ${line.expiresOn} (in ${days} days)`;
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

function clip(s: string, n = FIELD_CHARS): string {
  const t = oneLine(s);
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

/** A digest line: every value in it comes from a cell, so the whole is flattened to one line. */
function describe(line: DigestLine, today: string): string {
  const what = [clip(line.creatorHandle), [clip(line.client), clip(line.campaign)].filter(Boolean).join(' / ')]
    .filter(Boolean)
    .join(' · ');
  const decision = line.renewalDecision || 'Undecided';
  return oneLine(
    `Row ${line.row}: ${what || clip(line.videoUrl, 300)} · code ${maskSparkCode(oneLine(line.sparkCode))} · ${when(line, today)} · ${line.status} · decision ${decision}`,
  );
}

function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function groupLines(
  lines: readonly DigestLine[],
): { group: DigestGroup; title: string; advice: string; lines: DigestLine[] }[] {
  return GROUPS.map((g) => ({
    ...g,
    lines: lines
      .filter((l) => digestGroup(l) === g.group)
      .sort((a, b) => a.expiresOn.localeCompare(b.expiresOn) || a.row - b.row),
  })).filter((g) => g.lines.length > 0);
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

const FOOTER = `You get this email because you are the paid or creator owner of these codes. Each code is alerted once at ${RENEWAL_WINDOW_HOURS} hours, once at 24 hours and once when it expires.`;

interface Section {
  title: string;
  advice: string;
  total: number;
  from: number;
  lines: DigestLine[];
}

function groupHeading(s: Section): string {
  return s.lines.length === s.total
    ? `${s.title} (${s.total})`
    : `${s.title} (${s.from}–${s.from + s.lines.length - 1} of ${s.total})`;
}

function renderSections(
  to: string,
  sections: Section[],
  counts: string,
  ctx: DigestContext,
  part: number,
  parts: number,
): DigestEmail {
  const name = clip(ctx.spreadsheetName, 200);
  const today = oneLine(ctx.today);
  const url = oneLine(ctx.url).replace(/ /g, '%20');
  const label = parts > 1 ? ` · part ${part} of ${parts}` : '';
  const subject = oneLine(`Spark Ledger: ${counts} (${name})${label}`);
  const partText = parts > 1 ? ` Part ${part} of ${parts}: each part lists different codes.` : '';
  const text: string[] = [`Spark codes that need you in "${name}" (${today}):${partText}`, ''];
  const html: string[] = [
    `<p>Spark codes that need you in <a href="${escapeHtml(url)}">${escapeHtml(name)}</a> (${escapeHtml(today)}):${escapeHtml(partText)}</p>`,
  ];
  for (const g of sections) {
    const heading = groupHeading(g);
    text.push(heading, g.advice);
    html.push(`<h3>${escapeHtml(heading)}</h3>`, `<p>${escapeHtml(g.advice)}</p>`, '<ul>');
    for (const l of g.lines) {
      const link = rowLink(ctx, l.row);
      text.push(`- ${describe(l, ctx.today)}`, `  ${link}`);
      html.push(`<li><a href="${escapeHtml(link)}">${escapeHtml(describe(l, ctx.today))}</a></li>`);
    }
    text.push('');
    html.push('</ul>');
  }
  text.push(FOOTER);
  html.push(`<p style="color:#666">${escapeHtml(FOOTER)}</p>`);
  return { to, subject, body: text.join('\n'), htmlBody: html.join('\n') };
}

/**
 * An owner's digest as one or more messages, each with body + htmlBody under
 * `budget` UTF-8 bytes, every line in exactly one part, in digest order. A
 * part's group heading says which lines of the group it holds ("Expired
 * (1201–2400 of 6000)"); subject and first line say "part 2 of 5".
 */
export function renderDigestParts(
  to: string,
  lines: readonly DigestLine[],
  ctx: DigestContext,
  budget: number = DIGEST_BODY_BUDGET,
): DigestPart[] {
  const groups = groupLines(lines);
  const counts = groups.map((g) => `${g.lines.length} ${g.title.toLowerCase()}`).join(', ');
  // Fixed cost of a message (intro with the longest part label, footer), and of a group heading, as upper bounds.
  const big = Math.max(lines.length, 1);
  const empty = renderSections(to, [], counts, ctx, big, big);
  const fixed = utf8Bytes(empty.body) + utf8Bytes(empty.htmlBody);
  const lineCost = (l: DigestLine): number => {
    const d = describe(l, ctx.today);
    const link = rowLink(ctx, l.row);
    // Text: "- d\n  link\n"; HTML: "<li><a href=\"link\">d</a></li>\n".
    return utf8Bytes(d) + utf8Bytes(link) + 6 + utf8Bytes(escapeHtml(d)) + utf8Bytes(escapeHtml(link)) + 25;
  };
  const headCost = (g: { title: string; advice: string; lines: DigestLine[] }): number => {
    const n = g.lines.length;
    const h = `${g.title} (${n}–${n} of ${n})`;
    // Text: heading, advice, blank line; HTML: h3, p, ul, /ul.
    return 2 * (utf8Bytes(h) + utf8Bytes(g.advice)) + 45;
  };
  const packs: Section[][] = [];
  let current: Section[] = [];
  let used = fixed;
  for (const g of groups) {
    let section: Section | null = null;
    g.lines.forEach((l, i) => {
      const cost = lineCost(l) + (section ? 0 : headCost(g));
      if (used + cost > budget && current.some((s) => s.lines.length > 0)) {
        packs.push(current);
        current = [];
        used = fixed;
        section = null;
      }
      if (!section) {
        section = { title: g.title, advice: g.advice, total: g.lines.length, from: i + 1, lines: [] };
        current.push(section);
        used += headCost(g);
      }
      section.lines.push(l);
      used += lineCost(l);
    });
  }
  if (current.length > 0 || packs.length === 0) packs.push(current);
  return packs.map((sections, i) => ({
    ...renderSections(to, sections, counts, ctx, i + 1, packs.length),
    lines: sections.flatMap((s) => s.lines),
    part: i + 1,
    parts: packs.length,
  }));
}

/** The whole digest as one message (no size limit applied). */
export function renderDigest(to: string, lines: readonly DigestLine[], ctx: DigestContext): DigestEmail {
  const groups = groupLines(lines);
  const counts = groups.map((g) => `${g.lines.length} ${g.title.toLowerCase()}`).join(', ');
  const sections = groups.map((g) => ({
    title: g.title,
    advice: g.advice,
    total: g.lines.length,
    from: 1,
    lines: g.lines,
  }));
  return renderSections(to, sections, counts, ctx, 1, 1);
}
