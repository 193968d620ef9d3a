import type { TargetConfig } from '@hub/config';
import { DeliveryErrorCode, PermanentDeliveryError, SimAnswer, SimRequest, TransientDeliveryError } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { rejection } from '@hub/testing';
import { HrConnector } from './hr.connector';
import { HrSimulator } from '../simulator/hr-simulator';
import { canonicalSchemas, schemaExample } from '@hub/connector-sdk/testing';

const registry = canonicalSchemas();
const example = (type: string) => schemaExample(type);
const eventOf = (type: string, data: Record<string, any>, tenant: string): CanonicalEvent => ({ specversion: '1.0', id: 'e-1', source: 'urn:erp-hub:source:x', type, subject: 'S-1', tenant, data });

/** Answers 503 to the next call on each path in `failOn`: a failure in the middle of an incident's calls. */
class FlakyHrSimulator extends HrSimulator {
  readonly failOn = new Set<string>();
  protected override handle(req: SimRequest): SimAnswer {
    if (this.failOn.delete(req.path)) return { status: 503, body: { error: 'busy' } };
    return super.handle(req);
  }
}

describe('HrConnector.deliver', () => {
  const hr = new HrConnector();
  let sim: FlakyHrSimulator;
  let target: TargetConfig;
  const start = async (tenant: string) => {
    sim = await new FlakyHrSimulator(tenant).start();
    target = { id: `hr-${tenant}`, tenant, connector: 'hr', endpoint: sim.url, timeoutMs: 1000, concurrency: 1, ordering: 'none', retry: { attempts: 3, backoffMs: 10, maxBackoffMs: 10 }, breaker: { failures: 5, probeMs: 5_000, maxProbeMs: 300_000 } };
  };
  const ctx = (idempotencyKey: string, credential: string | null = 'hr-api-token') => ({ target, idempotencyKey, attempt: 1, credential: credential ?? undefined, extensions: {} });
  afterEach(() => sim.stop());

  it("files a training completion on the worker's record with the bearer token and the delivery's idempotency key", async () => {
    await start('fen');
    const receipt = await hr.deliver(eventOf('training.course.completed.v1', example('training.course.completed.v1'), 'fen'), ctx('hr-fen.k1'));

    expect(receipt).toEqual({ status: 201, reference: 'HR-FEN-TRN-000001' });
    expect(sim.calls.map((c) => [c.request.path, c.request.headers['idempotency-key'], c.request.headers.authorization])).toEqual([
      ['/api/v1/workers/FEN-10234/training-records', 'hr-fen.k1', 'Bearer hr-api-token'],
    ]);
    expect(sim.trainingRecords.get('FEN-10234')).toEqual([expect.objectContaining({ externalReference: 'FEN-TRN-2026-118204', outcome: 'PASSED' })]);
  });

  it('files an incident on the record of each person involved, each call with its own key', async () => {
    await start('vale');
    const receipt = await hr.deliver(eventOf('hs.incident.reported.v1', example('hs.incident.reported.v1'), 'vale'), ctx('hr-vale.k1'));

    expect(receipt).toEqual({ status: 201, reference: 'HR-VALE-INC-000001,HR-VALE-INC-000002' });
    expect(sim.calls.map((c) => c.request.headers['idempotency-key'])).toEqual(['hr-vale.k1.VALE-30561', 'hr-vale.k1.VALE-31002']);
    expect([...sim.incidentRecords.keys()]).toEqual(['VALE-30561', 'VALE-31002']);
  });

  it('a retry after a failure half-way through files the rest, and nobody twice', async () => {
    await start('vale');
    const event = eventOf('hs.incident.reported.v1', example('hs.incident.reported.v1'), 'vale');
    sim.failOn.add('/api/v1/workers/VALE-31002/incident-records');

    const err = await rejection(hr.deliver(event, ctx('hr-vale.k2')));
    expect(err).toBeInstanceOf(TransientDeliveryError);
    await hr.deliver(event, { ...ctx('hr-vale.k2'), attempt: 2 });

    expect(sim.calls.map((c) => c.status)).toEqual([201, 503, 201, 201]);
    expect(sim.repeats).toBe(1);
    expect([...sim.incidentRecords.values()].map((records) => records.length)).toEqual([1, 1]);
  });

  it('makes no call for an incident nobody of the force was part of', async () => {
    await start('fen');
    const data = example('hs.incident.reported.v1');
    delete data.people;
    expect(await hr.deliver(eventOf('hs.incident.reported.v1', data, 'fen'), ctx('hr-fen.k3'))).toEqual({ status: 204 });
    expect(sim.calls).toEqual([]);
  });

  it('refuses, without a call, a target that has no credential', async () => {
    await start('fen');
    const err = await rejection(hr.deliver(eventOf('training.course.completed.v1', example('training.course.completed.v1'), 'fen'), ctx('hr-fen.k4', null)));
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetRejected, message: expect.stringContaining('no credential') });
    expect(sim.calls).toEqual([]);
  });

  it('makes a token the HR API refuses a permanent rejection (401)', async () => {
    await start('fen');
    const err = await rejection(hr.deliver(eventOf('training.course.completed.v1', example('training.course.completed.v1'), 'fen'), ctx('hr-fen.k5', 'expired-token')));
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetRejected, status: 401 });
  });

  it("refuses, without a call, a completion of another force's worker", async () => {
    await start('moor');
    const err = await rejection(hr.deliver(eventOf('training.course.completed.v1', example('training.course.completed.v1'), 'moor'), ctx('hr-moor.k6')));
    expect(err).toMatchObject({ code: DeliveryErrorCode.MappingFailed, field: '/data/employeeId' });
    expect(sim.calls).toEqual([]);
  });
});
