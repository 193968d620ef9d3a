import { parseRetryAfter } from './retry-after';

const now = Date.parse('2026-11-23T02:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
  });

  it('reads an IMF-fixdate, and the obsolete RFC 850 and asctime forms, as GMT', () => {
    expect(parseRetryAfter('Mon, 23 Nov 2026 02:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Monday, 23-Nov-26 02:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Mon Nov 23 02:00:05 2026', now)).toBe(5_000);
  });

  it('answers 0 for a date already past', () => {
    expect(parseRetryAfter('Mon, 23 Nov 2026 01:59:00 GMT', now)).toBe(0);
  });

  it('takes the first of repeated headers', () => {
    expect(parseRetryAfter(['3', '60'], now)).toBe(3000);
  });

  it.each([undefined, '', 'soon', '-1', '1.5', '2 seconds', '23 Nov 2026 02:00:30', 'Mon, 23 Nov 2026 02:00:30 +0100', '99999999999'])('ignores %p', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
