// CloudEvents extension attributes on the real stack: every one a source sends, in any HTTP mode,
// reaches the target connector's delivery context unchanged (in its canonical string form), through
// Kafka's ce_ headers, the router, the ledger and the BullMQ job; one that is not a CloudEvents
// attribute is a 400 naming it; an empty batch is accepted with nothing in it.
import type { DeliveryContext, TargetConnector } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { TARGET_CONNECTORS } from '@hub/runtime';
import { joiner, waitFor } from '@hub/testing';
import { TestLandscape } from '@test/support';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b9c7c989f97918e1-01';

describe('CloudEvents extension attributes, ingest → target', () => {
  let l: TestLandscape;
  /** Event id → the context the payroll connector was given for it. */
  const contexts = new Map<string, DeliveryContext>();
  beforeAll(async () => {
    l = await TestLandscape.start();
    const payroll = l.hub.apps.worker!.get<ReadonlyMap<string, TargetConnector>>(TARGET_CONNECTORS).get('payroll')!;
    const deliver = payroll.deliver.bind(payroll);
    jest.spyOn(payroll, 'deliver').mockImplementation((event: CanonicalEvent, ctx: DeliveryContext) => {
      contexts.set(event.id, ctx);
      return deliver(event, ctx);
    });
  });
  afterAll(async () => {
    await l?.close();
  });

  const contextOf = (e: CanonicalEvent) => waitFor(`the delivery context of ${e.id}`, () => contexts.get(e.id), 30_000);

  it('carries every extension of a structured event to the delivery context, typed values as their canonical strings', async () => {
    const e = joiner('fen');
    const sent = { ...e, traceparent: TRACEPARENT, tracestate: 'rojo=00f067aa0ba902b7', partitionkey: 'other-than-subject', comexampleextensionattribute: 'a name past 20', sampled: true, priority: 3 };
    expect((await l.post(sent)).status).toBe(202);
    const ctx = await contextOf(e);
    expect(ctx.extensions).toEqual({ traceparent: TRACEPARENT, tracestate: 'rojo=00f067aa0ba902b7', partitionkey: 'other-than-subject', comexampleextensionattribute: 'a name past 20', sampled: 'true', priority: '3' });
    await l.waitForTrace(e, 'delivered');
    // The hub's key stays the subject: one person's events stay in order whatever partitionkey says.
    expect(l.payroll.fen.employees.has(e.subject)).toBe(true);
    // Tracing is off here (no OTLP endpoint): the target call carries no traceparent of the hub's,
    // and the source's attribute is not turned into one.
    const call = l.payroll.fen.calls.find((c) => JSON.stringify(c.request.body).includes(e.subject))!;
    expect(call.request.headers).not.toHaveProperty('traceparent');
  });

  it('carries a binary-mode ce-* extension, percent-decoded, and gives {} for an event without any', async () => {
    const withExt = joiner('moor');
    const res = await l.post(withExt.data, {
      'content-type': 'application/json',
      'ce-specversion': '1.0', 'ce-id': withExt.id, 'ce-source': withExt.source, 'ce-type': withExt.type, 'ce-subject': withExt.subject, 'ce-tenant': withExt.tenant,
      'ce-comexampleext': 'Euro%20%E2%82%AC',
    });
    expect(res.status).toBe(202);
    const plain = joiner('moor');
    expect((await l.post(plain)).status).toBe(202);
    expect((await contextOf(withExt)).extensions).toEqual({ comexampleext: 'Euro €' });
    expect((await contextOf(plain)).extensions).toEqual({});
  });

  it('refuses an extension that is not a CloudEvents attribute with a 400 naming it, and a malformed traceparent', async () => {
    const bad = await l.post({ ...joiner('fen'), Com_Example: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: '/Com_Example', message: expect.stringContaining('not a CloudEvents attribute name') })]);
    const trace = await l.post({ ...joiner('fen'), traceparent: 'not-a-traceparent' });
    expect(trace.status).toBe(400);
    expect(trace.body.errors).toEqual([expect.objectContaining({ path: '/traceparent', message: expect.stringContaining('W3C traceparent') })]);
  });

  it('accepts an empty batch with 202 and nothing accepted, and writes nothing to Kafka', async () => {
    const before = await l.messagesInKafka();
    const res = await l.post([], { 'content-type': 'application/cloudevents-batch+json' });
    expect(res).toMatchObject({ status: 202, body: { accepted: [] } });
    expect(await l.messagesInKafka()).toBe(before);
    expect((await l.post([], { 'content-type': 'application/cloudevents-batch+json' }, null)).status).toBe(401);
  });
});
