import fc from 'fast-check';
import {
  canonicalVideoUrl,
  handlesMatch,
  isShortLink,
  isValidSparkCode,
  maskSparkCode,
  parseVideoUrl,
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
    for (const l of ['https://www.tiktok.com/@creator.one/video/7412345678901234567', 'https://example.com/t/abc', ''])
      expect(isShortLink(l)).toBe(false);
  });
});
