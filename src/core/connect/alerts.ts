/**
 * The email a sync sends when TikTok says something owners must act on: a
 * post removed or no longer public, an authorization TikTok no longer lists
 * or reports expired, a saved code that belongs to another post. One email
 * per owner and run, grouped by client, each line linking to its row. Plain
 * data in, the email out.
 */
import { escapeHtml } from '../ledger/html';
import { maskSparkCode } from '../ledger/video';

export type SyncAlertKind = 'removed' | 'private' | 'revoked' | 'expired' | 'wrongPost';

export interface SyncAlertLine {
  kind: SyncAlertKind;
  client: string;
  creatorHandle: string;
  campaign: string;
  sparkCode: string;
  /** What TikTok said and what changed, a sentence. */
  detail: string;
  /** Link to the row. */
  link: string;
}

const WORDS: Record<SyncAlertKind, { title: string; advice: string }> = {
  removed: {
    title: 'Post removed',
    advice: 'The ad cannot run on a removed post: pause it in Ads Manager and decide whether to retire the code.',
  },
  private: {
    title: 'Post no longer public',
    advice: 'Ask the creator whether this was intended; a private post may stop the ad.',
  },
  revoked: {
    title: 'Authorization not listed',
    advice: 'TikTok no longer lists this code for its ad account: check the code in Ads Manager and with the creator.',
  },
  expired: {
    title: 'Authorization expired',
    advice: 'TikTok reports the authorization ended: ask the creator to extend it or for a new code.',
  },
  wrongPost: {
    title: 'Code for another post',
    advice: 'The saved code authorizes a different post: ask the creator for this video’s code.',
  },
};

export function syncAlertEmail(
  to: string,
  lines: readonly SyncAlertLine[],
  ctx: { spreadsheetName: string; today: string },
): { to: string; subject: string; body: string; htmlBody: string } {
  const n = lines.length;
  const subject = `Spark Ledger: TikTok reports ${n} ${n === 1 ? 'change' : 'changes'} to act on (${ctx.spreadsheetName})`;
  const clients = [...new Set(lines.map((l) => l.client || 'No client'))].sort((a, b) => a.localeCompare(b));
  const text: string[] = [
    `TikTok's daily sync on ${ctx.today} found ${n === 1 ? 'this' : 'these'} in ${ctx.spreadsheetName}:`,
    '',
  ];
  const html: string[] = [];
  for (const client of clients) {
    text.push(client);
    html.push(
      `<h2 style="margin:18px 0 6px;font-size:18px;line-height:24px;color:#202124;border-top:2px solid #202124;padding-top:10px">${escapeHtml(client)}</h2>`,
    );
    for (const l of lines.filter((x) => (x.client || 'No client') === client)) {
      const w = WORDS[l.kind];
      const lead = [l.creatorHandle, l.campaign].filter(Boolean).join(' · ') || 'A code';
      text.push(`- ${w.title}: ${lead} (${maskSparkCode(l.sparkCode)}). ${l.detail} ${w.advice} ${l.link}`);
      html.push(
        `<div style="padding:10px 0;border-bottom:1px solid #e0e0e0"><div style="font-size:13px;font-weight:bold;color:#c5221f">${escapeHtml(w.title)}</div>` +
          `<div style="font-size:16px;line-height:22px;font-weight:bold">${escapeHtml(lead)}</div>` +
          `<div style="font-size:13px;color:#5f6368">${escapeHtml(maskSparkCode(l.sparkCode))}</div>` +
          `<p style="margin:6px 0;font-size:14px;line-height:20px">${escapeHtml(l.detail)} ${escapeHtml(w.advice)}</p>` +
          `<a href="${escapeHtml(l.link)}" style="display:inline-block;padding:10px 16px;background:#1a73e8;color:#fff;text-decoration:none;border-radius:4px;font-size:14px">Open in the ledger</a></div>`,
      );
    }
    text.push('');
  }
  const footer = 'You get this email as the paid or creator owner of these codes in the ledger.';
  text.push(footer);
  const htmlBody =
    `<div style="max-width:600px;margin:0 auto;font-family:Arial,Helvetica,sans-serif;color:#202124">` +
    `<p style="font-size:14px;line-height:20px">TikTok’s daily sync on ${escapeHtml(ctx.today)} found ${n === 1 ? 'this' : 'these'} in ${escapeHtml(ctx.spreadsheetName)}:</p>` +
    html.join('') +
    `<p style="font-size:12px;color:#5f6368;margin-top:18px">${escapeHtml(footer)}</p></div>`;
  return { to, subject, body: text.join('\n'), htmlBody };
}
