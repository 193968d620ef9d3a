// Retry-After (RFC 9110 §10.2.3): a number of seconds, or an HTTP-date. A target answering 429 or
// 503 with it says when to ask again; the worker holds the target's queue that long.

const SECONDS = /^\s*(\d{1,10})\s*$/;
// asctime-date has no zone and means GMT; Date.parse would read it as local time.
const ASCTIME = /^\s*[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}\s*$/;
// IMF-fixdate and the obsolete RFC 850 form both name GMT.
const HTTP_DATE = /^\s*[A-Z][a-z]{2,8}, \d\d[ -][A-Z][a-z]{2}[ -]\d{2,4} \d\d:\d\d:\d\d GMT\s*$/;

/**
 * Milliseconds from `now` until the time a Retry-After value names: 0 for a date already past,
 * undefined for anything that is neither delta-seconds nor an HTTP-date (ignored, as RFC 9110 lets
 * a recipient do). Not capped here: the worker caps the wait by the target's breaker settings.
 */
export function parseRetryAfter(value: string | readonly string[] | undefined, now: number = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string') return undefined;
  const seconds = SECONDS.exec(raw);
  if (seconds) return Number(seconds[1]) * 1000;
  if (!HTTP_DATE.test(raw) && !ASCTIME.test(raw)) return undefined;
  const at = Date.parse(ASCTIME.test(raw) ? `${raw.trim()} GMT` : raw);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
