/** What of a note may reach a client's report: links to other videos, in every form TikTok links take, never. */
import { scrubNote } from '../../src/core/reports/secrets';

const OWN = '7412345678901234567';
const OTHER = '7498765432109876543';

describe('a note as a client reads it', () => {
  it.each([
    [`https://www.tiktok.com/@other.creator/video/${OTHER}?is_from_webapp=1`],
    [`https://www.tiktok.com/@other.creator/photo/${OTHER}`],
    [`https://m.tiktok.com/v/${OTHER}.html`],
    ['https://vm.tiktok.com/ZMabc123/'],
    ['vt.tiktok.com/ZSxyz789/'],
    ['https://www.tiktok.com/t/ZTdef456/'],
  ])('replaces %s, which is not one of this report’s videos', (link) => {
    expect(scrubNote(`Compare with ${link} before renewing.`, 'Acme', new Set([OWN]), [])).toBe(
      'Compare with [another video] before renewing.',
    );
  });

  it.each([
    [`https://www.tiktok.com/@lena/video/${OWN}`],
    [`https://www.tiktok.com/@lena/photo/${OWN}`],
    [`m.tiktok.com/v/${OWN}.html`],
  ])('keeps %s, a video of this report', (link) => {
    expect(scrubNote(`See ${link}`, 'Acme', new Set([OWN]), [])).toBe(`See ${link}`);
  });
});
