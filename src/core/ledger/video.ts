/**
 * TikTok video URL rules (docs/product.md §1, §3). Ids are 19 digits: always text.
 *
 * The forms people paste (/work/shared/CONNECT.md, "Links people paste"):
 * `https://www.tiktok.com/@handle/video/<id>`, photo posts
 * `https://www.tiktok.com/@handle/photo/<id>`, mobile links
 * `https://m.tiktok.com/v/<id>.html` (no handle in them), and share-sheet short
 * links (vm.tiktok.com, vt.tiktok.com, tiktok.com/t/) that carry no id and
 * redirect with a `Location` header to one of the others.
 */

export interface ParsedVideoUrl {
  canonical: string;
  /** With the leading @, lower-case as TikTok serves it; '' for a link that names no handle (a mobile link). */
  handle: string;
  videoId: string;
  /** A photo post (TikTok's item_type CAROUSEL) keeps `/photo/` in its link. A mobile link is taken as a video. */
  kind: 'video' | 'photo';
}

const HOSTS = new Set(['tiktok.com', 'www.tiktok.com', 'm.tiktok.com', 'vm.tiktok.com']);
/** The one host that serves the handle-less `/v/<id>.html` form. */
const MOBILE_HOST = 'm.tiktok.com';
const HANDLE_BODY = /^[A-Za-z0-9_.]{2,24}$/;
const VIDEO_ID = /^\d{15,20}$/;

/**
 * Accepts the forms people paste (with or without scheme or www, a mobile host,
 * query string, fragment, trailing slash) and returns the canonical form, or
 * null when it is not a TikTok video or photo link. A mobile link's canonical
 * form is `https://m.tiktok.com/v/<id>.html` with handle '': `completeVideoUrl`
 * turns it into a full link once the creator's handle is known.
 */
export function parseVideoUrl(input: string): ParsedVideoUrl | null {
  let s = String(input).trim();
  if (s === '' || /\s/.test(s)) return null;
  s = s.replace(/[?#].*$/, '');
  const full = /^(?:https?:\/\/)?([^/]+)\/@([^/]+)\/(video|photo)\/([^/]+)\/?$/i.exec(s);
  if (full) {
    if (!HOSTS.has(full[1].toLowerCase())) return null;
    const handleBody = full[2];
    if (!HANDLE_BODY.test(handleBody)) return null;
    const videoId = full[4];
    if (!VIDEO_ID.test(videoId)) return null;
    const kind = full[3].toLowerCase() === 'photo' ? 'photo' : 'video';
    const handle = `@${handleBody.toLowerCase()}`;
    return { canonical: `https://www.tiktok.com/${handle}/${kind}/${videoId}`, handle, videoId, kind };
  }
  const mobile = /^(?:https?:\/\/)?([^/]+)\/v\/([^/]+)\.html\/?$/i.exec(s);
  if (mobile) {
    if (mobile[1].toLowerCase() !== MOBILE_HOST) return null;
    const videoId = mobile[2];
    if (!VIDEO_ID.test(videoId)) return null;
    return { canonical: `https://${MOBILE_HOST}/v/${videoId}.html`, handle: '', videoId, kind: 'video' };
  }
  return null;
}

/**
 * A link that names no handle (a mobile link) made whole with the row's
 * Creator handle: `https://www.tiktok.com/@handle/video/<id>`. Any other link,
 * and a handle-less one when the handle is not a valid handle, comes back
 * unchanged. The id stays the key (docs/product.md §1); the handle is the
 * row's, as the sidebar and Validate ledger already require them to agree.
 */
export function completeVideoUrl(videoUrl: string, creatorHandle: string): string {
  const p = parseVideoUrl(videoUrl);
  // Only a link that names no handle is completed.
  if (p?.handle !== '') return videoUrl;
  const h = normalizeHandle(String(creatorHandle ?? ''));
  if (!isValidHandle(h)) return videoUrl;
  return `https://www.tiktok.com/${h.toLowerCase()}/video/${p.videoId}`;
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

/**
 * Where a short link leads: the `Location` header of TikTok's 301/302 answer to
 * it, fetched without following redirects (/work/shared/CONNECT.md, "Links people
 * paste"). Takes an absolute (`https://www.tiktok.com/@h/video/<id>?_r=1…`) or
 * protocol-relative (`//www.tiktok.com/…`) location, or a path on TikTok's own
 * host (`/@h/video/<id>`), and parses it. Null when it leads somewhere that is
 * not a video or photo post (a login page, the home page, another short link):
 * the caller then asks the person for the full link.
 */
export function shortLinkTarget(location: string): ParsedVideoUrl | null {
  let s = String(location ?? '').trim();
  if (s === '') return null;
  // Headers are ASCII: a handle or query with other characters arrives percent-encoded; the handle rule takes none of them.
  if (s.startsWith('//')) s = `https:${s}`;
  else if (s.startsWith('/')) s = `https://www.tiktok.com${s}`;
  else if (!/^https?:\/\//i.test(s)) return null;
  return parseVideoUrl(s);
}

/** Whether a link's handle and a Creator handle disagree: a link that names no handle (a mobile link) has nothing to compare. */
export function handlesConflict(linkHandle: string, creatorHandle: string): boolean {
  if (String(linkHandle ?? '').trim() === '' || String(creatorHandle ?? '').trim() === '') return false;
  return !handlesMatch(linkHandle, creatorHandle);
}
