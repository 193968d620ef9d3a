import { roleHealth } from '@hub/observability';
import { liveness, readiness, RoleStores } from './readiness';

/** A role's stores that answer, or fail, as told; `missing` ones are not held by the app at all. */
function stores(o: { redis?: Error; postgresql?: Error; kafka?: Error; missing?: 'ledger' } = {}): RoleStores & { adminsOpen: () => number } {
  let open = 0;
  const answer = (err?: Error) => async () => {
    if (err) throw err;
  };
  return {
    redis: () => ({ ping: answer(o.redis) }) as never,
    ledger: () => {
      if (o.missing === 'ledger') throw new Error('Nest could not find DeliveryLedger element');
      return { ping: answer(o.postgresql) } as never;
    },
    bus: () =>
      ({
        admin: () => {
          open++;
          return { ping: answer(o.kafka), close: async () => void open-- };
        },
      }) as never,
    adminsOpen: () => open,
  };
}

describe('readiness (what the API and the ops port both answer)', () => {
  it('is live with an empty check, in the shape terminus gave', () => {
    expect(liveness()).toEqual({ status: 200, body: { status: 'ok', info: {}, error: {}, details: {} } });
  });

  it('checks what each role needs: the API and the router Kafka, Redis and PostgreSQL, the worker Redis and PostgreSQL, the gateway nothing', async () => {
    expect(Object.keys((await readiness([['api', stores()]])).body.details)).toEqual(['kafka', 'redis', 'postgresql']);
    expect(Object.keys((await readiness([['router', stores()]])).body.details)).toEqual(['kafka', 'redis', 'postgresql']);
    expect(Object.keys((await readiness([['worker', stores()]])).body.details)).toEqual(['redis', 'postgresql']);
    expect(await readiness([['gateway', stores()]])).toEqual({ status: 200, body: { status: 'ok', info: {}, error: {}, details: {} } });
  });

  it('is 503 naming the store that did not answer, and up ones under info', async () => {
    const a = await readiness([['api', stores({ kafka: new Error('Kafka did not answer within 2000 ms') })]]);
    expect(a.status).toBe(503);
    expect(a.body).toEqual({
      status: 'error',
      info: { redis: { status: 'up' }, postgresql: { status: 'up' } },
      error: { kafka: { status: 'down', message: 'Kafka did not answer within 2000 ms' } },
      details: { kafka: { status: 'down', message: 'Kafka did not answer within 2000 ms' }, redis: { status: 'up' }, postgresql: { status: 'up' } },
    });
  });

  it('closes the Kafka admin it opened for the ping, answered or not', async () => {
    const ok = stores();
    const down = stores({ kafka: new Error('no broker') });
    await readiness([['router', ok], ['api', down]]);
    expect([ok.adminsOpen(), down.adminsOpen()]).toEqual([0, 0]);
  });

  it('counts a store down when any role hosted together finds it down, and one its app does not hold as down too', async () => {
    const a = await readiness([['router', stores()], ['worker', stores({ postgresql: new Error('ECONNREFUSED') })]]);
    expect(a.body.error).toEqual({ postgresql: { status: 'down', message: 'ECONNREFUSED' } });
    const b = await readiness([['worker', stores({ missing: 'ledger' })]]);
    expect(b.body.error.postgresql).toEqual({ status: 'down', message: 'Nest could not find DeliveryLedger element' });
  });

  it('is not ready while a role is still starting, and carries what a hosted role says of its own work', async () => {
    const remove = roleHealth().register('router', () => ({ up: false, message: 'no progress on t/0', details: { partitions: 1 } }));
    try {
      const a = await readiness([['worker', stores()]], ['router']);
      expect(a.status).toBe(503);
      expect(Object.keys(a.body.details)).toEqual(['startup', 'redis', 'postgresql', 'router']);
      expect(a.body.error).toEqual({ startup: { status: 'down', message: 'still starting: router' }, router: { status: 'down', message: 'no progress on t/0', partitions: 1 } });
    } finally {
      remove();
    }
  });
});
