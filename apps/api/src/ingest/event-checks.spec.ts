import { join } from 'node:path';
import { SchemaRegistry } from '@hub/schema-registry';
import { joiner } from '@hub/testing';
import { ProblemException } from '@hub/http-problem';
import type { SourcePrincipal } from '../auth/principal';
import { checkEvents } from './event-checks';
import { readCloudEvents } from './cloudevent-reader';

const registry = SchemaRegistry.load(join(__dirname, '..', '..', '..', '..', 'schemas'));
const hr: SourcePrincipal = { kind: 'source', id: 'hr', tenants: ['fen', 'moor'], types: ['hr.*'], sourceUris: new Set(['urn:erp-hub:source:hr']) };

/** The problem a structured-mode body gets, through the reader as the controller calls it. */
function problemOf(text: string): ProblemException {
  try {
    const read = readCloudEvents({ 'content-type': 'application/cloudevents+json' }, Buffer.from(text, 'utf8'));
    checkEvents(registry, hr, read.candidates, false, read.mayHoldUncarriable);
  } catch (err) {
    if (err instanceof ProblemException) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('checkEvents: data the hub cannot carry is a schema violation (422)', () => {
  const e = joiner('fen', { id: 'e-1' });

  it('takes a valid joiner', () => {
    expect(checkEvents(registry, hr, [e], false)).toHaveLength(1);
  });

  it.each([
    ['an escaped NUL', '"Tester\\u0000"', '/data/name/surname', /NUL/],
    ['an escaped lone surrogate', '"Tester\\ud800"', '/data/name/surname', /lone surrogate \(U\+D800\)/],
  ])('refuses %s in data, naming its path', (_, literal, path, message) => {
    const text = JSON.stringify(e).replace(/"Tester\d*"/, literal);
    const p = problemOf(text);
    expect(p).toMatchObject({ status: 422, problemType: 'schema-violation' });
    expect(p.errors).toContainEqual({ eventId: 'e-1', path, message: expect.stringMatching(message) });
  });

  it.each([
    ['1e30', '1e30'],
    ['2^53 + 1', '9007199254740993'],
    ['1e400 (Infinity to JSON.parse)', '1e400'],
  ])('refuses %s as amountMinor, which the schema calls an integer', (_, literal) => {
    const text = JSON.stringify(e).replace('"amountMinor":3150000', `"amountMinor":${literal}`);
    const p = problemOf(text);
    expect(p).toMatchObject({ status: 422, problemType: 'schema-violation' });
    expect(p.errors.filter((x) => x.path === '/data/employment/annualSalary/amountMinor')).toHaveLength(1);
  });

  it('refuses control characters in attributes first, as an invalid envelope (400), before scope (403) and data (422)', () => {
    const p = problemOf(JSON.stringify({ ...e, tenant: 'wales', subject: 'FEN\n1', data: { bad: true } }));
    expect(p).toMatchObject({ status: 400, problemType: 'invalid-envelope' });
    expect(p.errors).toEqual([{ eventId: 'e-1', path: '/subject', message: expect.stringContaining('U+000A') }]);
  });

  it('names every event of a batch by index and refuses it whole', () => {
    const data = e.data as { name: object };
    const bad = { ...e, id: 'e-2', data: { ...data, name: { ...data.name, surname: 'X\u0000' } } };
    try {
      checkEvents(registry, hr, [e, bad], true);
      throw new Error('accepted');
    } catch (err) {
      expect((err as ProblemException).errors).toContainEqual({ eventId: 'e-2', index: 1, path: '/data/name/surname', message: 'must not contain NUL (U+0000)' });
    }
  });
});
