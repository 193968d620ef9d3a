const NEEDS_DECODING = /[%"\u0080-\uffff]/;
const HEX = /^[0-9a-fA-F]{2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * One ce-* header value as the CloudEvents HTTP binding 1.0.2 §3.1.3.2 reads it: first unescaped as
 * an RFC 7230 §3.2.6 quoted-string if it is one, then one round of percent-decoding, whose bytes
 * must be UTF-8 ("encoded byte sequences which are invalid in UTF-8 MUST be rejected", overlong
 * forms such as %C0%A0 included). Characters outside printable ASCII must come percent-encoded.
 * Answers undefined for a value that cannot be read so; what the decoded value may hold (no CR LF,
 * no controls) is the attribute rules' to say.
 */
export function decodeHeaderValue(raw: string): string | undefined {
  if (!NEEDS_DECODING.test(raw)) return raw;
  let value = raw;
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    let unquoted = '';
    for (let i = 1; i < value.length - 1; i++) {
      const c = value[i];
      if (c === '"') return undefined;
      if (c === '\\') {
        if (i + 1 >= value.length - 1) return undefined;
        unquoted += value[++i];
      } else unquoted += c;
    }
    value = unquoted;
  } else if (value.includes('"')) {
    return undefined;
  }
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x25) {
      const hex = value.slice(i + 1, i + 3);
      if (!HEX.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (code < 0x80) {
      bytes.push(code);
    } else {
      return undefined;
    }
  }
  try {
    return utf8.decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}
