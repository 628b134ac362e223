/**
 * What must never reach a client: every Spark code and every other client's
 * name, found and taken out of the free text a report shows.
 */
import { maskSparkCode, parseVideoUrl } from '../ledger/video';

/** What must never reach a client: every Spark code in the ledger and every other client's name. */
export interface Secrets {
  codes: readonly string[];
  clients: readonly string[];
}

const SCAN = 8;

/**
 * Finds any known code inside text, however it is surrounded. Codes are
 * looked up by their first characters, then by exact body per known length,
 * so the cost does not grow with the number of codes sharing a prefix.
 */
export class CodeScrubber {
  private bodies = new Set<string>();
  private lengthsByPrefix = new Map<string, number[]>();

  constructor(codes: readonly string[]) {
    for (const raw of codes) {
      const code = String(raw).trim();
      const body = code.startsWith('#') ? code.slice(1) : code;
      // Shorter strings are not codes (isValidSparkCode wants 16+) and would mask ordinary words.
      if (body.length < SCAN || this.bodies.has(body)) continue;
      this.bodies.add(body);
      const key = body.slice(0, SCAN);
      const lengths = this.lengthsByPrefix.get(key);
      if (!lengths) this.lengthsByPrefix.set(key, [body.length]);
      else if (!lengths.includes(body.length)) lengths.push(body.length);
    }
    for (const lengths of this.lengthsByPrefix.values()) lengths.sort((a, b) => b - a);
  }

  scrub(s: string): string {
    if (s.length < SCAN || this.bodies.size === 0) return s;
    let out = '';
    let i = 0;
    let copied = 0;
    while (i <= s.length - SCAN) {
      const lengths = this.lengthsByPrefix.get(s.substr(i, SCAN));
      const len = lengths?.find((n) => this.bodies.has(s.substr(i, n)));
      if (len) {
        const hashed = i > 0 && s[i - 1] === '#';
        const start = hashed ? i - 1 : i;
        out += s.slice(copied, start) + maskSparkCode((hashed ? '#' : '') + s.substr(i, len));
        i += len;
        copied = i;
      } else i++;
    }
    return copied === 0 ? s : out + s.slice(copied);
  }
}

/** Code-shaped words in free text (docs/product.md §1: codes usually begin with #). */
const CODE_LIKE = /#[A-Za-z0-9+/=_-]{16,}/g;
/** Any TikTok link: video, photo, mobile, short (which names no video, so is never known to be this report's). */
const TIKTOK_LINK = /(?:https?:\/\/)?(?:[a-z0-9-]+\.)*tiktok\.com\/[^\s]*/gi;

/**
 * A decision note as a client may read it: code-shaped words masked, links to
 * videos outside this report replaced, other clients' names replaced. The
 * client's own name is kept even where another client's name is part of it.
 */
export function scrubNote(
  note: string,
  client: string,
  ownVideoIds: ReadonlySet<string>,
  otherClients: readonly string[],
): string {
  let s = note.replace(CODE_LIKE, (m) => maskSparkCode(m));
  s = s.replace(TIKTOK_LINK, (m) => {
    const p = parseVideoUrl(m);
    return p && ownVideoIds.has(p.videoId) ? m : '[another video]';
  });
  return redactOtherNames(s, client, otherClients);
}

/**
 * Replaces other clients' names (any case) with "[another client]", reading
 * left to right and taking the longest name at each place, so "Acme Apps"
 * is caught in Acme's report and "Acme" is kept in Acme Apps'. The client's
 * own name, spelled exactly, wins a tie.
 */
export function redactOtherNames(s: string, client: string, otherClients: readonly string[]): string {
  const others = otherClients
    .filter((o) => o !== client && o.length > 0)
    .map((o) => ({ len: o.length, lower: o.toLowerCase() }));
  if (others.length === 0) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const ownLen = client !== '' && s.startsWith(client, i) ? client.length : 0;
    let otherLen = 0;
    for (const o of others) if (o.len > otherLen && s.substr(i, o.len).toLowerCase() === o.lower) otherLen = o.len;
    if (otherLen > ownLen) {
      out += '[another client]';
      i += otherLen;
    } else if (ownLen > 0) {
      out += s.slice(i, i + ownLen);
      i += ownLen;
    } else {
      out += s[i];
      i++;
    }
  }
  return out;
}
