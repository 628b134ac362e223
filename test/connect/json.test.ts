import fc from 'fast-check';
import { parseJsonLossless } from '../../src/core/connect/json';

/** Whether every number in `v` is one JSON.parse reads exactly: a fraction, or an integer in the safe range. */
function exact(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isInteger(v) || Number.isSafeInteger(v);
  if (Array.isArray(v)) return v.every(exact);
  if (v && typeof v === 'object') return Object.values(v).every(exact);
  return true;
}

describe('parseJsonLossless', () => {
  it('reads an unquoted id beyond 2^53 digit for digit, where JSON.parse loses digits', () => {
    const body =
      '{"list":[{"dimensions":{"ad_id":7412345678901234567890}},{"dimensions":{"ad_id":7412345678901234567891}}]}';
    const plain = JSON.parse(body);
    expect(plain.list[0].dimensions.ad_id).toBe(plain.list[1].dimensions.ad_id);
    const exact = parseJsonLossless(body) as typeof plain;
    expect(exact.list[0].dimensions.ad_id).toBe('7412345678901234567890');
    expect(exact.list[1].dimensions.ad_id).toBe('7412345678901234567891');
  });

  it('turns only integers beyond the safe range into text, sign kept', () => {
    expect(parseJsonLossless(`[${Number.MAX_SAFE_INTEGER}, -${Number.MAX_SAFE_INTEGER}]`)).toEqual([
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
    ]);
    expect(parseJsonLossless('[9007199254740992, -9007199254740992, 1678604629756978]')).toEqual([
      '9007199254740992',
      '-9007199254740992',
      1678604629756978,
    ]);
    expect(parseJsonLossless('12345678901234567890')).toBe('12345678901234567890');
  });

  it('leaves fractions, exponents, small numbers and strings alone', () => {
    expect(
      parseJsonLossless(
        '{"spend":"76.73","f":12345678901234567890.5,"e":1e25,"n":0,"neg":-3,"s":"12345678901234567890","q":"a\\"12345678901234567890\\\\","t":true,"z":null}',
      ),
    ).toEqual({
      spend: '76.73',
      f: Number('12345678901234567890.5'),
      e: 1e25,
      n: 0,
      neg: -3,
      s: '12345678901234567890',
      q: 'a"12345678901234567890\\',
      t: true,
      z: null,
    });
  });

  it('throws SyntaxError on bad JSON, even where quoting an id would make it valid', () => {
    for (const bad of [
      '',
      '{',
      '{"a": 12345678901234567890,}',
      '{12345678901234567890: 1}',
      '[012345678901234567890]',
      '<html>502 Bad Gateway</html>',
      '{"a": 1} x',
    ]) {
      expect(() => parseJsonLossless(bad)).toThrow(SyntaxError);
    }
  });

  it('agrees with JSON.parse wherever JSON.parse is exact', () => {
    fc.assert(
      fc.property(fc.jsonValue().filter(exact), (v) => {
        const text = JSON.stringify(v);
        expect(parseJsonLossless(text)).toEqual(JSON.parse(text));
      }),
    );
  });

  it('keeps any big id exact, in any position', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{16,24}$/), fc.jsonValue().filter(exact), (id, other) => {
        const text = `{"x":${JSON.stringify(other)},"ids":[${id},{"ad_id":-${id}}],"s":"${id}"}`;
        expect(parseJsonLossless(text)).toEqual({
          x: JSON.parse(JSON.stringify(other)),
          ids: [id, { ad_id: `-${id}` }],
          s: id,
        });
      }),
    );
  });
});
