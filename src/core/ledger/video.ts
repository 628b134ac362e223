/** TikTok video URL rules (docs/product.md §1, §3). Ids are 19 digits: always text. */

export interface ParsedVideoUrl {
  canonical: string;
  handle: string; // with the leading @, lower-case as TikTok serves it
  videoId: string;
}

const HOSTS = new Set(['tiktok.com', 'www.tiktok.com', 'm.tiktok.com', 'vm.tiktok.com']);
const HANDLE_BODY = /^[A-Za-z0-9_.]{2,24}$/;

/**
 * Accepts the forms people paste (with or without scheme or www, a mobile host,
 * query string, fragment, trailing slash) and returns the canonical form, or
 * null when it is not a TikTok video link.
 */
export function parseVideoUrl(input: string): ParsedVideoUrl | null {
  let s = String(input).trim();
  if (s === '' || /\s/.test(s)) return null;
  s = s.replace(/[?#].*$/, '');
  const m = /^(?:https?:\/\/)?([^/]+)\/@([^/]+)\/video\/(\d+)\/?$/i.exec(s);
  if (!m) return null;
  const host = m[1].toLowerCase();
  if (!HOSTS.has(host)) return null;
  const handleBody = m[2];
  if (!HANDLE_BODY.test(handleBody)) return null;
  const videoId = m[3];
  if (!/^\d{15,20}$/.test(videoId)) return null;
  const handle = `@${handleBody.toLowerCase()}`;
  return { canonical: `https://www.tiktok.com/${handle}/video/${videoId}`, handle, videoId };
}

/** Canonical URL or the trimmed input when it cannot be parsed (for lookups). */
export function canonicalVideoUrl(input: string): string {
  const p = parseVideoUrl(input);
  return p ? p.canonical : String(input).trim();
}

/** Adds the @ people often leave out; leaves anything else as typed. */
export function normalizeHandle(input: string): string {
  const s = String(input).trim();
  if (s === '') return '';
  return s.startsWith('@') ? s : `@${s}`;
}

export function isValidHandle(handle: string): boolean {
  return /^@[A-Za-z0-9_.]{2,24}$/.test(handle);
}

export function handlesMatch(a: string, b: string): boolean {
  return normalizeHandle(a).toLowerCase() === normalizeHandle(b).toLowerCase();
}

/** A Spark code: optional leading #, then 16–512 base64-like characters, no spaces. */
export function isValidSparkCode(code: string): boolean {
  return /^#?[A-Za-z0-9+/=_-]{16,512}$/.test(code);
}

/** Client reports show at most a hint: the first 4 characters after # and the last 2. */
export function maskSparkCode(code: string): string {
  const s = String(code);
  if (s === '') return '';
  const body = s.startsWith('#') ? s.slice(1) : s;
  if (body.length < 10) return '••••';
  return `${s.startsWith('#') ? '#' : ''}${body.slice(0, 4)}…${body.slice(-2)}`;
}

/** The video id a cell's link names, or null for a cell that holds no video link. */
export function videoIdOf(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  return parseVideoUrl(String(v))?.videoId ?? null;
}

/**
 * A share-sheet short link (vm.tiktok.com/…, vt.tiktok.com/…, tiktok.com/t/…):
 * it names no video until TikTok resolves it, so the ledger cannot key on it.
 */
export function isShortLink(input: unknown): boolean {
  const s = String(input ?? '').trim();
  return (
    /^(?:https?:\/\/)?(?:vm|vt)\.tiktok\.com\/[A-Za-z0-9]+\/?(?:\?.*)?$/i.test(s) ||
    /^(?:https?:\/\/)?(?:www\.)?tiktok\.com\/t\/[A-Za-z0-9]+\/?(?:\?.*)?$/i.test(s)
  );
}
