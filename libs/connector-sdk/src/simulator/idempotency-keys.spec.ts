import type { SimRequest } from './http-simulator';
import { IdempotencyKeys } from './idempotency-keys';

const req = (key: string | undefined, body: unknown = { a: 1 }): SimRequest => ({ method: 'POST', path: '/x', headers: key ? { 'idempotency-key': key } : {}, body });

describe('IdempotencyKeys', () => {
  it('answers a repeated key with the first answer, without taking it again', () => {
    const keys = new IdempotencyKeys({ missing: () => ({ status: 400 }) });
    let taken = 0;
    const take = () => ({ status: 201, body: { n: ++taken } });
    expect(keys.answer(req('k'), take)).toEqual({ status: 201, body: { n: 1 } });
    expect(keys.answer(req('k'), take)).toEqual({ status: 201, body: { n: 1 } });
    expect([taken, keys.repeats]).toEqual([1, 1]);
    keys.clear();
    expect(keys.answer(req('k'), take)).toEqual({ status: 201, body: { n: 2 } });
    expect(keys.repeats).toBe(0);
  });

  it('refuses a call without a key, and remembers no refusal', () => {
    const keys = new IdempotencyKeys({ missing: () => ({ status: 400, body: 'key!' }) });
    expect(keys.answer(req(undefined), () => ({ status: 201 }))).toEqual({ status: 400, body: 'key!' });
    expect(keys.answer(req('k'), () => ({ status: 422 }))).toEqual({ status: 422 });
    expect(keys.answer(req('k'), () => ({ status: 201 }))).toEqual({ status: 201 });
  });

  it('refuses a key reused for another request when the system does', () => {
    const keys = new IdempotencyKeys({ missing: () => ({ status: 400 }), reused: (k) => ({ status: 409, body: k }) });
    keys.answer(req('k'), () => ({ status: 201 }));
    expect(keys.answer(req('k', { a: 2 }), () => ({ status: 201 }))).toEqual({ status: 409, body: 'k' });
  });
});
