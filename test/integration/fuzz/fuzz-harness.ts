// What every fuzz family asserts of every generated input, against a real API: a 4xx (never a 2xx,
// never a 5xx), application/problem+json with a title (and an errors array for event problems),
// an X-Request-Id, the API still live afterwards; and, per family, nothing new in Kafka.
import fc from 'fast-check';
import { RawAnswer, waitFor } from '@hub/testing';
import { TestLandscape, TOKENS } from '@test/support';

/** Fixed, so a failure is the same failure on every run and machine; bounded, so the suite stays under a minute. */
export const FUZZ_SEED = 20_261_201;
// A failure shrinks to its smallest case, but within a minute: a stuck run fails, it does not hang.
export const runs = (numRuns: number) => ({ seed: FUZZ_SEED, numRuns, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: true });

export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface Sent {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export async function send(l: TestLandscape, r: Sent): Promise<Answer> {
  const res = await fetch(`${l.hub.url}${r.path}`, { method: r.method ?? 'GET', headers: r.headers, body: r.body });
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k] = v));
  return { status: res.status, headers, text: await res.text() };
}

/** A structured-mode POST as a source system sends one, with the HR system's token unless told otherwise. */
export function post(body: string | Buffer, headers: Record<string, string> = {}, token: string | null = TOKENS.hr): Sent {
  return {
    method: 'POST',
    path: '/v1/events',
    headers: { 'content-type': 'application/cloudevents+json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body,
  };
}

/** The assertions every refused input must meet; `event`: a POST /v1/events, whose problems carry an errors array. */
export async function expectRefused(l: TestLandscape, a: Answer | RawAnswer, what: string, event = true): Promise<Record<string, unknown>> {
  const text = 'text' in a ? a.text : a.body;
  const where = `${what} → ${a.status} ${text.slice(0, 300)}`;
  expect({ where, fourxx: a.status >= 400 && a.status < 500 }).toEqual({ where, fourxx: true });
  expect(a.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(typeof body.title === 'string' && body.title.trim().length > 0).toBe(true);
  expect(body.status).toBe(a.status);
  if (event) expect(Array.isArray(body.errors)).toBe(true);
  expect((await fetch(`${l.hub.url}/health/live`)).status).toBe(200);
  return body;
}

/** The independent witness of what reached Kafka: messages in all of this landscape's topics. */
export function kafkaWitness(l: TestLandscape): () => Promise<number> {
  return () => l.messagesInKafka();
}

/** Runs one family's property and checks that none of its inputs reached Kafka. */
export async function family<T>(l: TestLandscape, witness: () => Promise<number>, arbitrary: fc.Arbitrary<T>, check: (input: T) => Promise<void>, numRuns: number): Promise<void> {
  const before = await witness();
  await fc.assert(fc.asyncProperty(arbitrary, check), runs(numRuns));
  expect(await witness()).toBe(before);
}
