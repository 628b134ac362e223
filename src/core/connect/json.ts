/**
 * JSON that keeps long ids exact. TikTok's report rows carry `ad_id` as an
 * unquoted JSON number above 2^53 (/work/shared/CONNECT.md, "Spend, conversions,
 * comments per video"; TikTok's own example in Tiktok-OPS `Run_a_synchronous_report`
 * shows `"ad_id": 1678604629756978`), and `JSON.parse` rounds such a number, so
 * two ads could become one. Ids are text in the ledger (docs/product.md §1).
 */

/** Matches one JSON number token at a position (RFC 8259 §6). */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER);

/** Whether an integer literal's digits (no sign, no leading zero) name a number beyond Number.MAX_SAFE_INTEGER. */
function beyondSafe(digits: string): boolean {
  if (digits.length !== MAX_SAFE_DIGITS.length) return digits.length > MAX_SAFE_DIGITS.length;
  return digits > MAX_SAFE_DIGITS;
}

/**
 * JSON.parse, except integer literals beyond Number.MAX_SAFE_INTEGER in
 * absolute value become strings of their digits exactly as written (a minus
 * sign kept). Numbers with a fraction or an exponent stay numbers. Throws
 * SyntaxError on bad JSON, exactly where JSON.parse would.
 */
export function parseJsonLossless(text: string): unknown {
  const s = String(text);
  // The text is checked by JSON.parse first, so the scan below only ever sees valid JSON: outside strings,
  // a number token can only be a value, and quoting it keeps the document valid.
  const plain = JSON.parse(s) as unknown;
  const cuts: { at: number; end: number }[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0x22) {
      // A string: skip to its closing quote, past escapes.
      i++;
      while (i < s.length) {
        const d = s.charCodeAt(i);
        if (d === 0x5c) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
      i++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(s);
      const token = m ? m[0] : s[i];
      if (m && /^-?\d+$/.test(token) && beyondSafe(token.replace('-', ''))) cuts.push({ at: i, end: i + token.length });
      i += token.length;
    } else {
      i++;
    }
  }
  if (cuts.length === 0) return plain;
  let out = '';
  let from = 0;
  for (const { at, end } of cuts) {
    out += `${s.slice(from, at)}"${s.slice(at, end)}"`;
    from = end;
  }
  return JSON.parse(out + s.slice(from)) as unknown;
}
