/**
 * MailApp with a recipients-per-day quota.
 * https://developers.google.com/apps-script/reference/mail/mail-app
 * Quota: consumer accounts 100 recipients/day, Workspace 1,500; "Quotas are per
 * user and reset 24 hours after the first request."
 * https://developers.google.com/apps-script/guides/services/quotas
 * Model: a 24-hour window opens at the first send; when it has passed, the
 * count starts again. Each to/cc/bcc address counts as one recipient.
 *
 * Per message (same quotas page, "Current limitations"): at most 50 recipients
 * ("Email recipients per message: 50/msg"), and an email body of at most
 * 200 KB for consumer accounts, 400 KB for Workspace ("Email body size:
 * 200 KB / msg" and "400 KB / msg"). Google does not say what it measures. The
 * emulator's choice, made strict on purpose: the UTF-8 bytes of `body` plus
 * those of `htmlBody` (both, since a message carries both parts), against
 * 200,000 / 400,000 bytes (KB read as 1,000 bytes, the smaller reading).
 * Subject, name and attachments are not counted. The size message is the one
 * the quotas page names: "Limit Exceeded: Email Body Size."; the recipients
 * message is a **guess** in the same form.
 * A sendEmail that throws sends nothing and uses no quota.
 */
import type { Env } from './env';
import { gasError, newDate } from './env';

export interface SentMail {
  to: string;
  cc?: string;
  bcc?: string;
  subject: string;
  body: string;
  htmlBody?: string;
  name?: string;
  replyTo?: string;
  noReply?: boolean;
  attachments?: unknown[];
  sentAt: Date;
}

export interface MailState {
  quota: number;
  used: number;
  windowStart: number | null;
  outbox: SentMail[];
  /** Bytes of body + htmlBody allowed per message; default from env.rules.account (200,000 consumer, 400,000 Workspace). */
  bodyLimit?: number;
}

export const BODY_LIMIT = { consumer: 200000, workspace: 400000 } as const;
export const RECIPIENTS_PER_MESSAGE = 50;

/** UTF-8 length of a string (Node's own count, independent of the add-on's; a lone surrogate counts 3 bytes). */
export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

const DAY = 24 * 60 * 60 * 1000;
const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;
/**
 * Beyond the shape above, an address whose local part or domain has an empty
 * dot-separated piece ("ann@agency..example", ".ann@x.example") or a domain
 * label starting or ending with "-" is refused (RFC 5321/1035 syntax). Google
 * documents no validator: **guess**, stricter than the add-on's own check on
 * purpose, so that the add-on meets an address it let through and Gmail refuses.
 */
function wellFormed(addr: string): boolean {
  if (!EMAIL.test(addr)) return false;
  const at = addr.lastIndexOf('@');
  const local = addr.slice(0, at).split('.');
  const domain = addr.slice(at + 1).split('.');
  if (local.some((p) => p === '') || domain.some((p) => p === '')) return false;
  return !domain.some((p) => p.startsWith('-') || p.endsWith('-'));
}

function splitAddresses(s: string | undefined): string[] {
  if (!s) return [];
  return String(s)
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}

interface MessageOptions {
  to?: string;
  cc?: string;
  bcc?: string;
  subject?: string;
  body?: string;
  htmlBody?: string;
  name?: string;
  replyTo?: string;
  noReply?: boolean;
  attachments?: unknown[];
  inlineImages?: unknown;
}

export class FakeMailApp {
  static gasName = 'MailApp';
  constructor(
    private readonly env: Env,
    readonly state: MailState,
  ) {}

  private roll(): void {
    const now = this.env.clock.nowMs();
    if (this.state.windowStart !== null && now - this.state.windowStart >= DAY) {
      this.state.used = 0;
      this.state.windowStart = null;
    }
  }
  // https://developers.google.com/apps-script/reference/mail/mail-app#getRemainingDailyQuota()
  getRemainingDailyQuota(): number {
    this.roll();
    return Math.max(0, this.state.quota - this.state.used);
  }
  // sendEmail(message) | sendEmail(recipient, subject, body[, options]) | sendEmail(to, replyTo, subject, body)
  // https://developers.google.com/apps-script/reference/mail/mail-app#sendEmail(Object)
  sendEmail(a: unknown, b?: unknown, c?: unknown, d?: unknown): void {
    let m: MessageOptions;
    if (a !== null && typeof a === 'object') m = { ...(a as MessageOptions) };
    else if (typeof d === 'string') m = { to: String(a), replyTo: String(b), subject: String(c), body: d };
    else
      m = {
        ...((d as MessageOptions) ?? {}),
        to: String(a),
        subject: b === undefined ? '' : String(b),
        body: c === undefined ? '' : String(c),
      };
    const to = splitAddresses(m.to),
      cc = splitAddresses(m.cc),
      bcc = splitAddresses(m.bcc);
    const all = [...to, ...cc, ...bcc];
    if (all.length === 0) throw gasError(this.env, 'Failed to send email: no recipient');
    if (all.length > RECIPIENTS_PER_MESSAGE) throw gasError(this.env, 'Limit Exceeded: Email Recipients Per Message.');
    for (const addr of all) {
      const bare = /<([^>]+)>$/.exec(addr)?.[1] ?? addr;
      if (!wellFormed(bare)) throw gasError(this.env, `Invalid email: ${addr}`);
    }
    const limit = this.state.bodyLimit ?? BODY_LIMIT[this.env.rules.account === 'consumer' ? 'consumer' : 'workspace'];
    const size =
      utf8Bytes(m.body === undefined || m.body === null ? '' : String(m.body)) +
      utf8Bytes(m.htmlBody === undefined || m.htmlBody === null ? '' : String(m.htmlBody));
    if (size > limit) throw gasError(this.env, 'Limit Exceeded: Email Body Size.');
    if (m.subject === undefined || m.subject === null) m.subject = '';
    this.roll();
    if (this.state.used + all.length > this.state.quota) {
      // https://developers.google.com/apps-script/guides/services/quotas ("Service invoked too many times for one day: email.")
      throw gasError(this.env, 'Service invoked too many times for one day: email.');
    }
    if (this.state.windowStart === null) this.state.windowStart = this.env.clock.nowMs();
    this.state.used += all.length;
    const mail: SentMail = {
      to: to.join(','),
      subject: String(m.subject),
      body: m.body === undefined ? '' : String(m.body),
      sentAt: newDate(this.env, this.env.clock.nowMs()),
    };
    if (cc.length) mail.cc = cc.join(',');
    if (bcc.length) mail.bcc = bcc.join(',');
    if (m.htmlBody !== undefined) mail.htmlBody = String(m.htmlBody);
    if (m.name !== undefined) mail.name = String(m.name);
    if (m.replyTo !== undefined) mail.replyTo = String(m.replyTo);
    if (m.noReply !== undefined) mail.noReply = !!m.noReply;
    if (m.attachments !== undefined) mail.attachments = m.attachments;
    this.state.outbox.push(mail);
  }
}
