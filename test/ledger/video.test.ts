import fc from 'fast-check';
import {
  canonicalVideoUrl,
  completeVideoUrl,
  handlesConflict,
  handlesMatch,
  isShortLink,
  isValidSparkCode,
  maskSparkCode,
  parseVideoUrl,
  shortLinkTarget,
  videoIdOf,
} from '../../src/core/ledger/video';

describe('video URLs', () => {
  it('canonicalises the forms people paste and keeps the 19-digit id as text', () => {
    const id = '7412345678901234567';
    for (const form of [
      `https://www.tiktok.com/@Creator.One/video/${id}`,
      `https://www.tiktok.com/@creator.one/video/${id}/`,
      `https://www.tiktok.com/@creator.one/video/${id}?is_from_webapp=1&sender_device=pc`,
      `http://tiktok.com/@creator.one/video/${id}#comments`,
      `  m.tiktok.com/@creator.one/video/${id}  `,
    ]) {
      const p = parseVideoUrl(form);
      expect(p).toEqual({
        canonical: `https://www.tiktok.com/@creator.one/video/${id}`,
        handle: '@creator.one',
        videoId: id,
        kind: 'video',
      });
    }
  });

  it('refuses links that are not TikTok videos', () => {
    for (const bad of [
      '',
      'https://www.tiktok.com/@creator.one',
      'https://www.youtube.com/watch?v=abc',
      'https://evil.example/@creator.one/video/7412345678901234567',
      'https://www.tiktok.com/@creator one/video/7412345678901234567',
      'https://www.tiktok.com/@c/video/7412345678901234567',
      'https://www.tiktok.com/@creator.one/video/12ab',
      'javascript:alert(1)//www.tiktok.com/@creator.one/video/7412345678901234567',
    ]) {
      expect(parseVideoUrl(bad)).toBeNull();
    }
  });

  it('any 19-digit id survives canonicalisation digit for digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{18}$/), (id) => {
        expect(parseVideoUrl(`https://www.tiktok.com/@abc/video/${id}?x=1`)?.videoId).toBe(id);
        expect(canonicalVideoUrl(`tiktok.com/@abc/video/${id}/`)).toBe(`https://www.tiktok.com/@abc/video/${id}`);
      }),
    );
  });

  it('matches handles case-insensitively, with or without @', () => {
    expect(handlesMatch('@Creator.One', 'creator.one')).toBe(true);
    expect(handlesMatch('@creator.one', '@creator.two')).toBe(false);
  });

  it('keeps /photo/ for a photo post', () => {
    const id = '7412345678901234567';
    for (const form of [
      `https://www.tiktok.com/@Creator.One/photo/${id}`,
      `tiktok.com/@creator.one/photo/${id}/?is_from_webapp=1`,
      `https://m.tiktok.com/@creator.one/PHOTO/${id}#x`,
    ]) {
      expect(parseVideoUrl(form)).toEqual({
        canonical: `https://www.tiktok.com/@creator.one/photo/${id}`,
        handle: '@creator.one',
        videoId: id,
        kind: 'photo',
      });
    }
  });

  it('reads a mobile link, which names no handle', () => {
    const id = '7412345678901234567';
    for (const form of [
      `https://m.tiktok.com/v/${id}.html`,
      `m.tiktok.com/v/${id}.html`,
      `http://m.tiktok.com/v/${id}.html?u_code=abc&share_item_id=${id}&timestamp=1700000000`,
      `  HTTPS://M.TIKTOK.COM/v/${id}.html/  `,
    ]) {
      expect(parseVideoUrl(form)).toEqual({
        canonical: `https://m.tiktok.com/v/${id}.html`,
        handle: '',
        videoId: id,
        kind: 'video',
      });
    }
  });

  it('refuses the new forms on other hosts or with ids that are not digits', () => {
    const id = '7412345678901234567';
    for (const bad of [
      `https://evil.example/@creator.one/photo/${id}`,
      'https://www.tiktok.com/@creator.one/photo/12ab34567890123456',
      'https://www.tiktok.com/@creator.one/photo/',
      `https://www.tiktok.com/@creator.one/photos/${id}`,
      `https://www.tiktok.com/v/${id}.html`,
      `https://tiktok.com/v/${id}.html`,
      `https://vm.tiktok.com/v/${id}.html`,
      `https://evil.example/v/${id}.html`,
      `https://m.tiktok.com.evil.example/v/${id}.html`,
      'https://m.tiktok.com/v/74123abc.html',
      `https://m.tiktok.com/v/${id}`,
      `https://m.tiktok.com/v/${id}.htm`,
    ]) {
      expect(parseVideoUrl(bad)).toBeNull();
      expect(videoIdOf(bad)).toBeNull();
    }
  });

  it('finds the id, as text, in every accepted form', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{18}$/), (id) => {
        for (const form of [
          `https://www.tiktok.com/@abc/video/${id}`,
          `https://www.tiktok.com/@abc/photo/${id}?x=1`,
          `https://m.tiktok.com/v/${id}.html?y=2`,
        ]) {
          expect(videoIdOf(form)).toBe(id);
          expect(typeof videoIdOf(form)).toBe('string');
        }
      }),
    );
  });

  it('completes a mobile link with a valid Creator handle and leaves every other link alone', () => {
    const id = '7412345678901234567';
    const mobile = `https://m.tiktok.com/v/${id}.html`;
    expect(completeVideoUrl(mobile, '@Creator.One')).toBe(`https://www.tiktok.com/@creator.one/video/${id}`);
    expect(completeVideoUrl(mobile, 'creator.one')).toBe(`https://www.tiktok.com/@creator.one/video/${id}`);
    expect(completeVideoUrl(mobile, '')).toBe(mobile);
    expect(completeVideoUrl(mobile, '@c')).toBe(mobile);
    expect(completeVideoUrl(mobile, '@not a handle')).toBe(mobile);
    const full = `https://www.tiktok.com/@someone/video/${id}`;
    expect(completeVideoUrl(full, '@creator.one')).toBe(full);
    const photo = `https://www.tiktok.com/@someone/photo/${id}`;
    expect(completeVideoUrl(photo, '@creator.one')).toBe(photo);
    expect(completeVideoUrl('not a link', '@creator.one')).toBe('not a link');
    expect(completeVideoUrl('https://vm.tiktok.com/ZMabc123/', '@creator.one')).toBe('https://vm.tiktok.com/ZMabc123/');
  });

  it('compares handles only when the link names one', () => {
    expect(handlesConflict('', '@creator.one')).toBe(false);
    expect(handlesConflict('@creator.one', '')).toBe(false);
    expect(handlesConflict('@creator.one', 'Creator.One')).toBe(false);
    expect(handlesConflict('@creator.one', '@creator.two')).toBe(true);
  });
});

describe('spark codes', () => {
  it('accepts base64-like codes and refuses fragments and prose', () => {
    expect(isValidSparkCode('#tDYPaG3Bqpz5XP1c7sFD6Bik0zk2qQbJPZy/Gp6y39SN3+jjZ5U8Nzr48ZbrsLo=')).toBe(true);
    expect(isValidSparkCode('#abc')).toBe(false);
    expect(isValidSparkCode('hello world this is not a code')).toBe(false);
    expect(isValidSparkCode('=HYPERLINK("http://x")')).toBe(false);
  });

  it('masks a code so at most a short hint is shown', () => {
    const code = '#tDYPaG3Bqpz5XP1c7sFD6Bik0zk2qQbJPZy/Gp6y39SN3+jjZ5U8Nzr48ZbrsLo=';
    const masked = maskSparkCode(code);
    expect(masked).toBe('#tDYP…o=');
    expect(code.includes(masked)).toBe(false);
  });
});

describe('short links', () => {
  it('are told apart from full links, which parse', () => {
    for (const l of [
      'https://vm.tiktok.com/ZMabc123/',
      'vt.tiktok.com/ZSxyz9',
      'https://www.tiktok.com/t/ZT8abc/',
      'https://vm.tiktok.com/ZMabc123/?k=1',
    ]) {
      expect(isShortLink(l)).toBe(true);
      expect(parseVideoUrl(l)).toBeNull();
    }
    for (const l of [
      'https://www.tiktok.com/@creator.one/video/7412345678901234567',
      'https://www.tiktok.com/@creator.one/photo/7412345678901234567',
      'https://m.tiktok.com/v/7412345678901234567.html',
      'https://example.com/t/abc',
      '',
    ])
      expect(isShortLink(l)).toBe(false);
  });

  it('reads where a short link leads from its Location header', () => {
    const id = '7412345678901234567';
    expect(
      shortLinkTarget(`https://www.tiktok.com/@Creator.One/video/${id}?_t=8abc&_r=1&is_from_webapp=v1&item_id=${id}`),
    ).toEqual({
      canonical: `https://www.tiktok.com/@creator.one/video/${id}`,
      handle: '@creator.one',
      videoId: id,
      kind: 'video',
    });
    expect(shortLinkTarget(`//www.tiktok.com/@creator.one/photo/${id}?_r=1`)?.canonical).toBe(
      `https://www.tiktok.com/@creator.one/photo/${id}`,
    );
    expect(shortLinkTarget(`https://m.tiktok.com/v/${id}.html?_d=secCgYIASAHKAE&share_item_id=${id}`)).toEqual({
      canonical: `https://m.tiktok.com/v/${id}.html`,
      handle: '',
      videoId: id,
      kind: 'video',
    });
    expect(shortLinkTarget(`/@creator.one/video/${id}`)?.videoId).toBe(id);
    expect(shortLinkTarget(`  https://www.tiktok.com/@creator.one/video/${id}  `)?.videoId).toBe(id);
  });

  it('finds nothing where a short link leads somewhere that is not a post', () => {
    for (const loc of [
      '',
      'https://www.tiktok.com/',
      'https://www.tiktok.com/login?redirect_url=x',
      'https://vm.tiktok.com/ZMabc123/',
      'https://evil.example/@creator.one/video/7412345678901234567',
      '//evil.example/v/7412345678901234567.html',
      'www.tiktok.com/@creator.one/video/7412345678901234567',
      'javascript:alert(1)',
    ])
      expect(shortLinkTarget(loc)).toBeNull();
  });
});
