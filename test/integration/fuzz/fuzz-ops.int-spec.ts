// Fuzzing the ops endpoints' query parameters: bad filters, limits and cursors, repeated
// parameters, control characters, wrong credentials, on GET /v1/dead-letters, /groups, /v1/audit,
// /v1/events/{id} and /v1/reconciliation (and /drift). Every one a 4xx problem naming the parameter, the API live after it.
import { TestLandscape } from '@test/support';
import { expectRefused, family, kafkaWitness, send } from './fuzz-harness';
import { Case, opsCases } from './fuzz-inputs';

describe('fuzzing the ops query parameters', () => {
  let l: TestLandscape;
  let witness: () => Promise<number>;
  beforeAll(async () => {
    l = await TestLandscape.start({ roles: ['api'] });
    witness = kafkaWitness(l);
  });
  afterAll(async () => {
    await l?.close();
  });

  it('refuses every bad read with the 4xx it must get, naming the parameter', () =>
    family(
      l,
      witness,
      opsCases,
      async (c: Case) => {
        if ('raw' in c.sent) throw new Error('ops cases go through fetch');
        const a = await send(l, c.sent);
        const body = await expectRefused(l, a, c.name, false);
        expect({ case: c.name, status: a.status }).toEqual({ case: c.name, status: c.status });
        if (c.paths) expect({ case: c.name, paths: (body.errors as { path: string }[]).map((e) => e.path) }).toEqual({ case: c.name, paths: [expect.stringMatching(c.paths)] });
      },
      200,
    ));
});
