import type { SimAnswer, SimRequest } from './http-simulator';

/**
 * What a system's API does with the Idempotency-Key header, as the simulators of HTTP systems play
 * it: a call without a key is refused; a repeated key gets the first answer instead of a second
 * record (counted in `repeats`); only what the system took (a 2xx) is remembered, so a refusal may
 * be sent again under the same key once fixed (a dead letter replayed). Some systems also refuse a
 * key reused for another request (`reused`).
 */
export class IdempotencyKeys {
  private readonly answered = new Map<string, { request: string; answer: SimAnswer }>();
  /** How many requests repeated a key already answered. */
  repeats = 0;

  constructor(private readonly refusals: { missing: () => SimAnswer; reused?: (key: string) => SimAnswer }) {}

  /** The answer to `req`: the first answer to its key, or what `take` answers (remembered when 2xx). */
  answer(req: SimRequest, take: () => SimAnswer): SimAnswer {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key.length === 0) return this.refusals.missing();
    const request = `${req.path} ${JSON.stringify(req.body)}`;
    const previous = this.answered.get(key);
    if (previous && this.refusals.reused && previous.request !== request) return this.refusals.reused(key);
    if (previous) {
      this.repeats++;
      return previous.answer;
    }
    const answer = take();
    if (answer.status >= 200 && answer.status < 300) this.answered.set(key, { request, answer });
    return answer;
  }

  clear(): void {
    this.answered.clear();
    this.repeats = 0;
  }
}
