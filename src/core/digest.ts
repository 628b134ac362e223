/** One owner's expiry email: subject, HTML body and the same content as plain text. */
import { daysBetween } from './dates';
import { DigestGroup, DigestLine, digestGroup } from './expiry';
import { maskSparkCode } from './video';

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
  { group: 'expired', title: 'Expired', advice: 'Ads using these codes have stopped. Ask the creator for a new code and use Renew, or Retire the row.' },
  { group: 'renewal', title: 'Renewal needed', advice: 'A decision is recorded; record the new code (Renew) or the retirement before the code expires.' },
  { group: 'undecided', title: 'Decision still Undecided', advice: 'These expire within 72 hours and nobody has decided yet: renew or retire.' },
];

/** Link that opens the Ledger at the row. */
export function rowLink(ctx: Pick<DigestContext, 'url' | 'ledgerSheetId'>, row: number): string {
  return `${ctx.url}#gid=${ctx.ledgerSheetId}&range=A${row}`;
}

function when(line: DigestLine, today: string): string {
  const days = daysBetween(today, line.expiresOn);
  if (days < 0) return `expired ${line.expiresOn}`;
  if (days === 0) return `expired today (${line.expiresOn})`;
  if (days === 1) return `expires tomorrow (${line.expiresOn})`;
  return `expires ${line.expiresOn} (in ${days} days)`;
}

function describe(line: DigestLine, today: string): string {
  const what = [line.creatorHandle, [line.client, line.campaign].filter(Boolean).join(' / ')].filter(Boolean).join(' · ');
  const decision = line.renewalDecision || 'Undecided';
  return `Row ${line.row}: ${what || line.videoUrl} · code ${maskSparkCode(line.sparkCode)} · ${when(line, today)} · ${line.status} · decision ${decision}`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function groupLines(lines: readonly DigestLine[]): { group: DigestGroup; title: string; advice: string; lines: DigestLine[] }[] {
  return GROUPS.map((g) => ({ ...g, lines: lines.filter((l) => digestGroup(l) === g.group).sort((a, b) => a.expiresOn.localeCompare(b.expiresOn) || a.row - b.row) }))
    .filter((g) => g.lines.length > 0);
}

export function renderDigest(to: string, lines: readonly DigestLine[], ctx: DigestContext): DigestEmail {
  const groups = groupLines(lines);
  const counts = groups.map((g) => `${g.lines.length} ${g.title.toLowerCase()}`).join(', ');
  const subject = `Spark Ledger: ${counts} (${ctx.spreadsheetName})`;

  const text: string[] = [`Spark codes that need you in "${ctx.spreadsheetName}" (${ctx.today}):`, ''];
  const html: string[] = [
    `<p>Spark codes that need you in <a href="${escapeHtml(ctx.url)}">${escapeHtml(ctx.spreadsheetName)}</a> (${escapeHtml(ctx.today)}):</p>`,
  ];
  for (const g of groups) {
    text.push(`${g.title} (${g.lines.length})`, g.advice);
    html.push(`<h3>${escapeHtml(g.title)} (${g.lines.length})</h3>`, `<p>${escapeHtml(g.advice)}</p>`, '<ul>');
    for (const l of g.lines) {
      const link = rowLink(ctx, l.row);
      text.push(`- ${describe(l, ctx.today)}`, `  ${link}`);
      html.push(`<li><a href="${escapeHtml(link)}">${escapeHtml(describe(l, ctx.today))}</a></li>`);
    }
    text.push('');
    html.push('</ul>');
  }
  const footer = 'You get this email because you are the paid or creator owner of these codes. Each code is alerted once at 72 hours, once at 24 hours and once when it expires.';
  text.push(footer);
  html.push(`<p style="color:#666">${escapeHtml(footer)}</p>`);
  return { to, subject, body: text.join('\n'), htmlBody: html.join('\n') };
}
