/**
 * MailApp with a recipients-per-day quota.
 * https://developers.google.com/apps-script/reference/mail/mail-app
 * Quota: consumer accounts 100 recipients/day, Workspace 1,500; "Quotas are per
 * user and reset 24 hours after the first request."
 * https://developers.google.com/apps-script/guides/services/quotas
 * Model: a 24-hour window opens at the first send; when it has passed, the
 * count starts again. Each to/cc/bcc address counts as one recipient.
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
}

const DAY = 24 * 60 * 60 * 1000;
const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

function splitAddresses(s: string | undefined): string[] {
  if (!s) return [];
  return String(s).split(',').map((x) => x.trim()).filter((x) => x.length > 0);
}

interface MessageOptions {
  to?: string; cc?: string; bcc?: string; subject?: string; body?: string; htmlBody?: string;
  name?: string; replyTo?: string; noReply?: boolean; attachments?: unknown[]; inlineImages?: unknown;
}

export class FakeMailApp {
  static gasName = 'MailApp';
  constructor(private readonly env: Env, readonly state: MailState) {}

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
    else m = { ...((d as MessageOptions) ?? {}), to: String(a), subject: b === undefined ? '' : String(b), body: c === undefined ? '' : String(c) };
    const to = splitAddresses(m.to), cc = splitAddresses(m.cc), bcc = splitAddresses(m.bcc);
    const all = [...to, ...cc, ...bcc];
    if (all.length === 0) throw gasError(this.env, 'Failed to send email: no recipient');
    for (const addr of all) {
      const bare = /<([^>]+)>$/.exec(addr)?.[1] ?? addr;
      if (!EMAIL.test(bare)) throw gasError(this.env, `Invalid email: ${addr}`);
    }
    if (m.subject === undefined || m.subject === null) m.subject = '';
    this.roll();
    if (this.state.used + all.length > this.state.quota) {
      // https://developers.google.com/apps-script/guides/services/quotas ("Service invoked too many times for one day: email.")
      throw gasError(this.env, 'Service invoked too many times for one day: email.');
    }
    if (this.state.windowStart === null) this.state.windowStart = this.env.clock.nowMs();
    this.state.used += all.length;
    const mail: SentMail = { to: to.join(','), subject: String(m.subject), body: m.body === undefined ? '' : String(m.body), sentAt: newDate(this.env, this.env.clock.nowMs()) };
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
