/** The seal's hashing, in plain JavaScript: checked against FIPS 180-4 and RFC 4231 vectors, Node's crypto, and the Utilities path. */
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { base64Url, macFor, utf8 } from '../../src/core/ledger/seal';
import { hmacSha256, sha256 } from '../../src/core/ledger/sha256';
import { createEmulator } from '@spark-ledger/gas-emulator';

const hex = (b: number[]): string => b.map((x) => x.toString(16).padStart(2, '0')).join('');
const bytes = (s: string): number[] => [...Buffer.from(s, 'utf8')];

describe('sha256 and hmacSha256', () => {
  it('match the published vectors', () => {
    expect(hex(sha256([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(sha256(bytes('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha256(bytes('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    // RFC 4231 test cases 1, 2 and 6 (a key longer than the block).
    expect(hex(hmacSha256(new Array(20).fill(0x0b), bytes('Hi There')))).toBe(
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    );
    expect(hex(hmacSha256(bytes('Jefe'), bytes('what do ya want for nothing?')))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(
      hex(hmacSha256(new Array(131).fill(0xaa), bytes('Test Using Larger Than Block-Size Key - Hash Key First'))),
    ).toBe('60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
  });

  it('agree with Node on any text, of any length around the block boundaries', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ maxLength: 100 }), (message, key) => {
        expect(utf8(message)).toEqual(bytes(message));
        expect(hex(sha256(utf8(message)))).toBe(createHash('sha256').update(message, 'utf8').digest('hex'));
        expect(hex(hmacSha256(utf8(key), utf8(message)))).toBe(
          createHmac('sha256', key).update(message, 'utf8').digest('hex'),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('give the MAC the Utilities calls would: computeHmacSha256Signature, base64EncodeWebSafe, first 16 bytes', () => {
    const g = createEmulator().globals as unknown as { Utilities: GoogleAppsScript.Utilities.Utilities };
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 80 }),
        fc.string({ minLength: 1, maxLength: 72 }),
        (message, key) => {
          const sig = g.Utilities.computeHmacSha256Signature(message, key, g.Utilities.Charset.UTF_8).slice(0, 16);
          expect(macFor(key)(message)).toBe(g.Utilities.base64EncodeWebSafe(sig).replace(/=+$/, ''));
          expect(base64Url(sig)).toBe(Buffer.from(sig.map((b) => b & 255)).toString('base64url'));
        },
      ),
      { numRuns: 200 },
    );
  });
});
