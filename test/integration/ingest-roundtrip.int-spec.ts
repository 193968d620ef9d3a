// Property: whatever the API accepts (202) can be carried all the way: through Kafka and the router
// into the ledger, exactly as posted. Generated events put arbitrary Unicode (controls, surrogates,
// astral characters, NUL), huge numbers and odd extension values where sources put text and numbers
// (an extension the API accepts arrives too, as its canonical string);
// the API may refuse any of them with a 4xx, never a 5xx, and every one it accepts must arrive
// intact, while the router keeps routing (a final ordinary event is still recorded).
import fc from 'fast-check';
import { CanonicalEvent, keyOfEvent } from '@hub/events';
import { DeliveryLedger } from '@hub/ledger';
import { joiner, waitFor } from '@hub/testing';
import { SOURCE_URIS, TestLandscape } from '@test/support';

const RUNS = 80;

/** Text a careless or hostile source might send: any code unit, surrogates and NUL included. */
const anyText = (max: number) =>
  fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: max }),
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: max }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }),
    fc.constantFrom('FEN-1\u0000', 'x\ud800', 'a\r\nb', '\u0085', 'ok-id', "O'Brien; DROP TABLE events;--", '${jndi:ldap://x}', '../../etc/passwd'),
  );

const anyNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(2 ** 53, 2 ** 53 + 2, 1e30, -1e30, Number.MAX_SAFE_INTEGER, 0.1));

const anyEvent = fc.record({
  id: anyText(40),
  subject: anyText(40),
  surname: anyText(60),
  jobTitle: anyText(30),
  amountMinor: anyNumber,
  extension: fc.option(fc.oneof(anyText(20), fc.integer(), fc.boolean(), fc.constant({ nested: true }), fc.constant([1, 2])), { nil: undefined }),
});

describe('ingest round trip (property)', () => {
  let l: TestLandscape;
  let ledger: DeliveryLedger;
  beforeAll(async () => {
    l = await TestLandscape.start();
    ledger = l.hub.apps.router!.get(DeliveryLedger);
  });
  afterAll(async () => {
    await l?.close();
  });

  it('carries every event it accepts into the ledger exactly as posted, and answers the rest with a 4xx', async () => {
    const accepted: CanonicalEvent[] = [];
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(anyEvent, async (g) => {
        const base = joiner('fen');
        const event = {
          ...base,
          id: g.id,
          subject: g.subject,
          source: SOURCE_URIS.hr,
          data: {
            ...(base.data as object),
            name: { forename: 'Sam', surname: g.surname },
            employment: { ...(base.data as any).employment, jobTitle: g.jobTitle, annualSalary: { amountMinor: g.amountMinor, currency: 'GBP' } },
          },
          ...(g.extension !== undefined ? { hubtestext: g.extension } : {}),
        };
        const body = JSON.stringify(event);
        const res = await l.post(body);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) throw new Error(`5xx for ${JSON.stringify(event)}: ${JSON.stringify(res.body)}`);
        if (res.status === 202) {
          // What was posted is the JSON text (JSON has no -0, for one), so that is what must come back.
          if (!res.body.accepted[0].duplicate) accepted.push(JSON.parse(body) as CanonicalEvent);
        } else {
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        }
      }),
      { numRuns: RUNS, seed: 20261201 },
    );
    // Something must have been accepted, or the property says nothing about the round trip.
    expect(accepted.length).toBeGreaterThan(5);
    for (const e of accepted) {
      const trace = await waitFor(`event ${JSON.stringify(e.id)} in the ledger`, () => ledger.trace(keyOfEvent(e), '*'), 30_000);
      const { data, ...attributes } = trace.event;
      const { data: posted, hubtestext: ext, ...postedAttributes } = e as CanonicalEvent & { hubtestext?: string | number | boolean };
      expect(data).toEqual(posted);
      expect(attributes).toMatchObject(postedAttributes);
      // The extension too, in its canonical string form (as Kafka's ce_ headers carry it).
      expect(attributes.extensions).toEqual(ext === undefined ? undefined : { hubtestext: String(ext) });
    }
    // The router is still routing everyone's events.
    const last = joiner('vale');
    expect((await l.post(last)).status).toBe(202);
    await l.waitForTrace(last, 'delivered');
    expect([...statuses.keys()].every((s) => s === 202 || (s >= 400 && s < 500))).toBe(true);
  });
});
