/** docs/product.md §5: the request a creator receives, built only from the row's own fields. */
import type { LedgerRecord } from './fields';

type MessageFields = Pick<
  LedgerRecord,
  | 'creatorHandle'
  | 'videoUrl'
  | 'campaign'
  | 'brand'
  | 'market'
  | 'requestedDays'
  | 'adAccount'
  | 'usageNotes'
  | 'usageRights'
>;

/**
 * Plain text, ready to paste into a DM or an email. Where to tap follows
 * TikTok's own help: "tapping the three dots on the video, tapping on the Ad
 * settings icon, and tapping Generate"
 * https://ads.tiktok.com/help/article/how-to-create-spark-ads-for-smart-campaigns-on-tiktok-ads-manager
 */
export function creatorRequestMessage(rec: MessageFields): string {
  const days = rec.requestedDays === '' ? '' : String(rec.requestedDays);
  const window = days ? `${days} day${days === '1' ? '' : 's'}` : 'the window we agreed';
  const campaign = [rec.campaign, rec.brand && rec.brand !== rec.campaign ? `(${rec.brand})` : '']
    .filter(Boolean)
    .join(' ');
  const usage = [rec.usageNotes, rec.usageRights]
    .map((s) => String(s ?? '').trim())
    .filter(Boolean)
    .join(' — ');
  const lines = [
    `Hi ${rec.creatorHandle || 'there'},`,
    '',
    'We would like to run this video of yours as a Spark Ad:',
    rec.videoUrl,
    '',
    `Campaign: ${campaign || '—'}`,
    `Market: ${rec.market || '—'}`,
    `Authorization window: ${window}`,
    `Advertiser (ad account): ${rec.adAccount || '—'}`,
  ];
  if (usage) lines.push(`Usage: ${usage}`);
  lines.push(
    '',
    `To authorize it: open the video in the TikTok app, tap ··· › Ad settings, turn on ad authorization, choose ${window} and tap Generate. Please send us the whole code and the date you generated it.`,
    '',
    'Please keep the post live and do not edit its caption or replace it while the ad runs: that would stop the ad.',
    '',
    'Thank you!',
  );
  return lines.join('\n');
}
