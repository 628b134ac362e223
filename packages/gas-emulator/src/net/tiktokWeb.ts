/**
 * A fake of TikTok's public web: oEmbed at https://www.tiktok.com/oembed, the
 * share-sheet short links (vm.tiktok.com, vt.tiktok.com, www.tiktok.com/t/),
 * m.tiktok.com/v/<id>.html, and post pages.
 *
 * oEmbed (no key): `GET https://www.tiktok.com/oembed?url=<encoded post URL>`
 * answers version, type, title, author_url, author_name, width, height, html,
 * thumbnail_width/height/url, provider_url, provider_name (the response shown
 * in github.com/arthurkushman/tiktok-api README.md), author_unique_id (the
 * handle) and embed_product_id (the video id) (CONNECT.md).
 * A private or removed post: `HTTP 400 {"message":"Something went wrong","code":400}`
 * (one observation, CONNECT.md); an unknown id or a URL with no id
 * answers the same (**guess**). The post is found by its id whatever handle
 * the URL names (handles can be renamed; **guess**).
 *
 * Short links carry no id and answer 301 or 302 with a Location naming the
 * full link (CONNECT.md: "redirect (HTTP 301/302 Location) to the full
 * link"); the query string on it (`?_r=1&_t=<code>`) and the default status
 * 301 are a **guess**. An unknown short link: 404 (**guess**).
 */
import { jsonResponse } from './json';
import type { NetRequest, NetResponse, Network, RouteOptions } from './network';

export const TIKTOK_WEB_HOSTS = ['www.tiktok.com', 'vm.tiktok.com', 'vt.tiktok.com', 'm.tiktok.com'] as const;

export interface TikTokWebPost {
  videoId: string;
  handle: string;
  kind: 'video' | 'photo';
  public: boolean;
  title: string;
  authorName: string;
  /** Removed by its author or by TikTok. */
  removed: boolean;
}

export interface ShortLink {
  targetVideoId: string;
  status: 301 | 302;
  /** The query on the Location; default `_r=1&_t=<code>`. */
  query?: string;
}

function shortKey(pathOrUrl: string): string {
  let s = String(pathOrUrl).trim();
  if (!s.includes('://')) s = s.startsWith('/') ? `https://www.tiktok.com${s}` : `https://${s}`;
  const m = /^https?:\/\/([^/?#]+)(\/[^?#]*)?/i.exec(s);
  if (!m) throw new Error(`Not a short link: ${pathOrUrl}`);
  return `${m[1].toLowerCase()}${(m[2] ?? '/').replace(/\/+$/, '')}`;
}

export class FakeTikTokWeb {
  readonly posts = new Map<string, TikTokWebPost>();
  readonly shortLinks = new Map<string, ShortLink>();
  private clockMs: () => number = () => Date.now();

  /** Mounts the fake on www.tiktok.com, vm.tiktok.com, vt.tiktok.com and m.tiktok.com. */
  install(net: Network, opts: RouteOptions = {}): this {
    this.clockMs = () => net.clock.nowMs();
    for (const host of TIKTOK_WEB_HOSTS) net.route(host, this.handler, opts);
    return this;
  }

  addPost(p: {
    videoId: string;
    handle: string;
    kind?: 'video' | 'photo';
    public?: boolean;
    title?: string;
    authorName?: string;
  }): TikTokWebPost {
    const post: TikTokWebPost = {
      videoId: String(p.videoId),
      handle: p.handle.replace(/^@/, ''),
      kind: p.kind ?? 'video',
      public: p.public ?? true,
      title: p.title ?? `Post ${p.videoId}`,
      authorName: p.authorName ?? p.handle.replace(/^@/, ''),
      removed: false,
    };
    this.posts.set(post.videoId, post);
    return post;
  }

  setPublic(videoId: string, on: boolean): void {
    this.must(videoId).public = on;
  }

  removePost(videoId: string): void {
    this.must(videoId).removed = true;
  }

  /** The handle was renamed: old links keep the old handle, oEmbed answers the new one. */
  renameHandle(videoId: string, handle: string): void {
    this.must(videoId).handle = handle.replace(/^@/, '');
  }

  /** A share link: 'https://vm.tiktok.com/ZMabc123/', 'vt.tiktok.com/ZSabc/', '/t/ZTabc/' (on www.tiktok.com). */
  addShortLink(pathOrUrl: string, targetVideoId: string, opts: { status?: 301 | 302; query?: string } = {}): void {
    this.shortLinks.set(shortKey(pathOrUrl), {
      targetVideoId: String(targetVideoId),
      status: opts.status ?? 301,
      query: opts.query,
    });
  }

  /** The full link of a post: https://www.tiktok.com/@handle/video/<id>. */
  canonicalUrl(videoId: string): string {
    const p = this.must(videoId);
    return `https://www.tiktok.com/@${p.handle}/${p.kind}/${p.videoId}`;
  }

  private must(videoId: string): TikTokWebPost {
    const p = this.posts.get(String(videoId));
    if (!p) throw new Error(`No post ${videoId}: addPost first`);
    return p;
  }

  private visible(p: TikTokWebPost | undefined): p is TikTokWebPost {
    return !!p && p.public && !p.removed;
  }

  readonly handler = (req: NetRequest): NetResponse => {
    if (req.method !== 'GET')
      return { status: 405, headers: { 'Content-Type': 'text/plain' }, body: 'Method Not Allowed' };
    if (req.host === 'www.tiktok.com' && req.path.replace(/\/+$/, '') === '/oembed') return this.oembed(req);
    const key = `${req.host}${req.path.replace(/\/+$/, '')}`;
    const link = this.shortLinks.get(key);
    if (link) {
      const target = this.posts.get(link.targetVideoId);
      const code = key.slice(key.lastIndexOf('/') + 1);
      const base = target
        ? this.canonicalUrl(target.videoId)
        : `https://www.tiktok.com/@unknown/video/${link.targetVideoId}`;
      return {
        status: link.status,
        headers: { Location: `${base}?${link.query ?? `_r=1&_t=${code}`}`, 'Content-Type': 'text/html' },
        body: '',
      };
    }
    // https://m.tiktok.com/v/<id>.html (a link people paste) → the full link (**guess**: 301).
    const mobile = req.host === 'm.tiktok.com' ? /^\/v\/(\d+)\.html$/.exec(req.path) : null;
    if (mobile) {
      const p = this.posts.get(mobile[1]);
      if (p) return { status: 301, headers: { Location: this.canonicalUrl(p.videoId) }, body: '' };
      return { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<html><body>Not found</body></html>' };
    }
    const page = req.host === 'www.tiktok.com' ? /^\/@([^/]+)\/(video|photo)\/(\d+)\/?$/.exec(req.path) : null;
    if (page && this.visible(this.posts.get(page[3]))) {
      const p = this.posts.get(page[3]) as TikTokWebPost;
      return {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
        body: `<!DOCTYPE html><html><head><title>${escapeHtml(p.title)} | TikTok</title></head><body></body></html>`,
      };
    }
    return { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<html><body>Not found</body></html>' };
  };

  private oembed(req: NetRequest): NetResponse {
    const target = req.query.url ?? '';
    const m = /^https?:\/\/(?:www\.|m\.)?tiktok\.com\/(?:@[^/]+\/(?:video|photo)\/(\d+)|v\/(\d+)\.html)/i.exec(target);
    const id = m ? (m[1] ?? m[2]) : undefined;
    const p = id === undefined ? undefined : this.posts.get(id);
    if (!this.visible(p)) return jsonResponse(400, { message: 'Something went wrong', code: 400 });
    const url = this.canonicalUrl(p.videoId);
    const expires = Math.floor(this.clockMs() / 1000) + 6 * 3600;
    return jsonResponse(200, {
      version: '1.0',
      type: 'video',
      title: p.title,
      author_url: `https://www.tiktok.com/@${p.handle}`,
      author_name: p.authorName,
      width: '100%',
      height: '100%',
      html: `<blockquote class="tiktok-embed" cite="${url}" data-video-id="${p.videoId}" style="max-width: 605px;min-width: 325px;" > <section> <a target="_blank" title="@${p.handle}" href="https://www.tiktok.com/@${p.handle}?refer=embed">@${p.handle}</a> ${escapeHtml(p.title)} </section> </blockquote> <script async src="https://www.tiktok.com/embed.js"></script>`,
      thumbnail_width: 720,
      thumbnail_height: 1280,
      // Signed and expiring (CONNECT.md): never keep it.
      thumbnail_url: `https://p16-sign.tiktokcdn-us.com/obj/${p.videoId}~tplv-noop.image?x-expires=${expires}&x-signature=fake${p.videoId.slice(-6)}`,
      provider_url: 'https://www.tiktok.com',
      provider_name: 'TikTok',
      author_unique_id: p.handle,
      embed_product_id: p.videoId,
      embed_type: 'video',
    });
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}
