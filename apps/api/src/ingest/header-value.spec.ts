import fc from 'fast-check';
import { decodeHeaderValue } from './header-value';

/** Percent-encoding as the HTTP binding 1.0.2 §3.1.3.2 says a sender MUST: space, ", % and everything outside U+0021–U+007E. */
const encode = (s: string) => [...s].map((ch) => (/^[\x21-\x7e]$/.test(ch) && ch !== '"' && ch !== '%' ? ch : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''))).join('');

describe('decodeHeaderValue', () => {
  it('leaves plain values alone and decodes the spec’s example', () => {
    expect(decodeHeaderValue('FEN-000001')).toBe('FEN-000001');
    expect(decodeHeaderValue('Euro%20%E2%82%AC%20%F0%9F%98%80')).toBe('Euro € 😀');
  });

  it('accepts lower-case hex and unnecessary encoding', () => {
    expect(decodeHeaderValue('%e2%82%ac%41')).toBe('€A');
  });

  it('unescapes a quoted-string first, then percent-decodes once', () => {
    expect(decodeHeaderValue('"a \\"b\\" %2541"')).toBe('a "b" %41');
  });

  it.each(['%', '%4', '%G0', '%C0%A0', '%ED%A0%80', '%F4%90%80%80', '%80', 'a"b', '"unterminated\\"', 'ü'])('refuses %p', (v) => {
    expect(decodeHeaderValue(v)).toBeUndefined();
  });

  it('keeps a decoded byte order mark: the value is what was sent', () => {
    expect(decodeHeaderValue('%EF%BB%BFx')).toBe('\ufeffx');
  });

  it('property: decodes whatever a conforming sender encodes, exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        expect(decodeHeaderValue(encode(s))).toBe(s);
      }),
      { seed: 12, numRuns: 500 },
    );
  });
});
