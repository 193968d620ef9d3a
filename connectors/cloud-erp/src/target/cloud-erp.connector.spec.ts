import type { TargetConfig } from '@hub/config';
import { DeliveryErrorCode, PermanentDeliveryError, TransientDeliveryError } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { rejection } from '@hub/testing';
import { CloudErpConnector } from './cloud-erp.connector';
import { CloudErpSimulator } from '../simulator/cloud-erp-simulator';
import { canonicalEvent, canonicalSchemas } from '@hub/connector-sdk/testing';

const registry = canonicalSchemas();
const example = (type: string, o: Record<string, unknown> = {}) => ({ ...structuredClone((registry.get(type)!.schema.examples as Record<string, any>[])[0]), ...o });
const event = (type: string, data: Record<string, any>, id: string): CanonicalEvent => canonicalEvent(type, data, { id });

describe('CloudErpConnector against the ERP simulator', () => {
  const connector = new CloudErpConnector();
  const sim = new CloudErpSimulator('fen', 0, '127.0.0.1', { token: 'fen-erp-token' });
  let target: TargetConfig;
  beforeAll(async () => {
    await sim.start();
    target = { id: 'cloud-erp-fen', tenant: 'fen', connector: 'cloud-erp', endpoint: sim.url, timeoutMs: 2000, concurrency: 1, ordering: 'none', retry: { attempts: 1, backoffMs: 10, maxBackoffMs: 10 }, breaker: { failures: 5, probeMs: 5_000, maxProbeMs: 300_000 } };
  });
  afterAll(() => sim.stop());
  /** null: the target has no credential. */
  const deliver = (e: CanonicalEvent, credential: string | null = 'fen-erp-token') => connector.deliver(e, { target, idempotencyKey: `cloud-erp-fen.${e.id}`, attempt: 1, credential: credential ?? undefined, extensions: {} });

  it("delivers a joiner, then their move, pay change and leaving, each with the ERP's id, with the token and key on every call", async () => {
    const joined = await deliver(event('hr.employee.joined.v1', example('hr.employee.joined.v1'), 'j-1'));
    const moved = await deliver(event('hr.employee.moved.v1', example('hr.employee.moved.v1'), 'm-1'));
    const changed = await deliver(event('payroll.pay-change.requested.v1', example('payroll.pay-change.requested.v1'), 'p-1'));
    const left = await deliver(event('hr.employee.left.v1', example('hr.employee.left.v1', { employeeId: 'FEN-10234', effectiveFrom: '2027-05-01', lastWorkingDay: '2027-04-30' }), 'l-1'));

    expect([joined, moved, changed, left]).toEqual([
      { status: 201, reference: expect.stringMatching(/^wrk_fen_/) },
      { status: 201, reference: expect.stringMatching(/^jch_fen_/) },
      { status: 201, reference: expect.stringMatching(/^cmp_fen_/) },
      { status: 201, reference: expect.stringMatching(/^trm_fen_/) },
    ]);
    expect(sim.calls.map((c) => [c.request.path, c.request.headers.authorization, c.request.headers['idempotency-key']])).toEqual([
      ['/api/v1/workers', 'Bearer fen-erp-token', 'cloud-erp-fen.j-1'],
      ['/api/v1/workers/FEN-10234/job-changes', 'Bearer fen-erp-token', 'cloud-erp-fen.m-1'],
      ['/api/v1/compensation-changes', 'Bearer fen-erp-token', 'cloud-erp-fen.p-1'],
      ['/api/v1/workers/FEN-10234/terminations', 'Bearer fen-erp-token', 'cloud-erp-fen.l-1'],
    ]);
    expect(sim.jobChanges.get('FEN-10234')).toEqual([expect.objectContaining({ reason: 'PROMOTION', position: expect.objectContaining({ costCentre: 'FEN4520' }) })]);
    expect(sim.compensationChanges.get('FEN-PCR-2026-00318')).toMatchObject({ amount: { amountMinor: 3116400, currency: 'GBP' } });
    expect(sim.terminations.get('FEN-10234')).toMatchObject({ reason: 'RETIREMENT', terminationDate: '2027-04-30' });
  });

  it('makes a change for a worker the ERP does not hold a permanent rejection (404) naming the employee: the joiner must come first', async () => {
    const err = await rejection(deliver(event('hr.employee.moved.v1', example('hr.employee.moved.v1', { employeeId: 'FEN-77777' }), 'm-2')));
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetRejected, status: 404, field: '/data/employeeId' });
    expect(err.message).toContain('Worker FEN-77777 does not exist');
  });

  it('names the canonical field of a 422: a grade the catalogue does not hold, a currency the tenant does not pay', async () => {
    const grade = await rejection(deliver(event('hr.employee.moved.v1', example('hr.employee.moved.v1', { to: { ...example('hr.employee.moved.v1').to, grade: 'SC' } }), 'm-3')));
    expect(grade).toMatchObject({ code: DeliveryErrorCode.TargetRejected, status: 422, field: '/data/to/grade' });
    const joiner = example('hr.employee.joined.v1', { employeeId: 'FEN-20001' });
    joiner.employment.annualSalary = { amountMinor: 3000000, currency: 'EUR' };
    const currency = await rejection(deliver(event('hr.employee.joined.v1', joiner, 'j-2')));
    expect(currency).toMatchObject({ code: DeliveryErrorCode.TargetRejected, status: 422, field: '/data/employment/annualSalary/currency' });
  });

  it('refuses to call without a credential, and makes a wrong one a permanent 401', async () => {
    const calls = sim.calls.length;
    const none = await rejection(deliver(event('hr.employee.joined.v1', example('hr.employee.joined.v1', { employeeId: 'FEN-20002' }), 'j-3'), null));
    expect(none).toBeInstanceOf(PermanentDeliveryError);
    expect(none.message).toContain('no credential');
    expect(sim.calls.length).toBe(calls);

    const wrong = await rejection(deliver(event('hr.employee.joined.v1', example('hr.employee.joined.v1', { employeeId: 'FEN-20002' }), 'j-3'), 'moor-erp-token'));
    expect(wrong).toMatchObject({ code: DeliveryErrorCode.TargetRejected, status: 401, field: undefined });
  });

  it("makes the ERP's rate limit a transient failure carrying its Retry-After", async () => {
    sim.setFaults({ failNext: 1, failStatus: 429, retryAfter: '30' });
    const err = await rejection(deliver(event('hr.employee.joined.v1', example('hr.employee.joined.v1', { employeeId: 'FEN-20003' }), 'j-4')));
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetUnavailable, status: 429, retryAfterMs: 30_000 });
    // The retry, with the same key, goes through.
    expect(await deliver(event('hr.employee.joined.v1', example('hr.employee.joined.v1', { employeeId: 'FEN-20003' }), 'j-4'))).toMatchObject({ status: 201 });
  });

  it('makes an idempotency key reused for another body a permanent 409', async () => {
    await deliver(event('hr.employee.joined.v1', example('hr.employee.joined.v1', { employeeId: 'FEN-20004' }), 'j-5'));
    const err = await rejection(deliver(event('hr.employee.joined.v1', example('hr.employee.joined.v1', { employeeId: 'FEN-20005' }), 'j-5')));
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetRejected, status: 409 });
  });

  it('maps before it checks the credential, so a fact the ERP cannot hold fails as a mapping failure', async () => {
    const data = example('payroll.pay-change.requested.v1', { basis: 'one-off' });
    expect(await rejection(deliver(event('payroll.pay-change.requested.v1', data, 'p-2'), null))).toMatchObject({ code: DeliveryErrorCode.MappingFailed, field: '/data/basis' });
  });
});
