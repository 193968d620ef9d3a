import type { TargetConfig } from '@hub/config';
import { DeliveryErrorCode, PermanentDeliveryError } from '@hub/connector-sdk';
import type { CanonicalEvent } from '@hub/events';
import { PayrollConnector } from './payroll.connector';
import { PayrollSimulator } from '../simulator/payroll-simulator';
import { canonicalEvent, canonicalSchemas } from '@hub/connector-sdk/testing';

const registry = canonicalSchemas();
const example = (type: string, o: Record<string, unknown> = {}) => ({ ...structuredClone((registry.get(type)!.schema.examples as Record<string, any>[])[0]), ...o });
const event = (type: string, data: Record<string, any>, id: string): CanonicalEvent => canonicalEvent(type, data, { id });

describe('PayrollConnector against the bureau simulator', () => {
  const connector = new PayrollConnector();
  const sim = new PayrollSimulator('fen');
  let target: TargetConfig;
  beforeAll(async () => {
    await sim.start();
    target = { id: 'payroll-fen', tenant: 'fen', connector: 'payroll', endpoint: sim.url, timeoutMs: 2000, concurrency: 1, ordering: 'none', retry: { attempts: 1, backoffMs: 10, maxBackoffMs: 10 }, breaker: { failures: 5, probeMs: 5_000, maxProbeMs: 300_000 } };
  });
  afterAll(() => sim.stop());
  const deliver = (e: CanonicalEvent) => connector.deliver(e, { target, idempotencyKey: `payroll-fen.${e.id}`, attempt: 1, extensions: {} });

  it("delivers a joiner, then its move, pay change and leaving, each with the bureau's reference", async () => {
    const joined = await deliver(event('hr.employee.joined.v1', example('hr.employee.joined.v1'), 'j-1'));
    const moved = await deliver(event('hr.employee.moved.v1', example('hr.employee.moved.v1'), 'm-1'));
    const changed = await deliver(event('payroll.pay-change.requested.v1', example('payroll.pay-change.requested.v1'), 'p-1'));
    const left = await deliver(event('hr.employee.left.v1', example('hr.employee.left.v1', { employeeId: 'FEN-10234' }), 'l-1'));

    expect([joined, moved, changed, left]).toEqual([
      { status: 201, reference: expect.stringMatching(/^PAY-FEN-/) },
      { status: 201, reference: expect.stringMatching(/^ASG-FEN-/) },
      { status: 201, reference: expect.stringMatching(/^PCH-FEN-/) },
      { status: 201, reference: expect.stringMatching(/^LVR-FEN-/) },
    ]);
    expect(sim.assignments.get('FEN-10234')).toEqual([expect.objectContaining({ reasonCode: 'PRM', costCentre: 'FEN4520' })]);
    expect(sim.payChanges.get('FEN-PCR-2026-00318')).toMatchObject({ amount: '31164.00', employeeRef: 'FEN-10234' });
    expect(sim.leavers.get('FEN-10234')).toMatchObject({ reasonCode: 'RET', offPayrollFrom: '2027-01-01' });
  });

  it('makes a change for an employee the bureau does not know a permanent rejection (404): the joiner must come first', async () => {
    let err: unknown;
    try {
      await deliver(event('hr.employee.moved.v1', example('hr.employee.moved.v1', { employeeId: 'FEN-77777' }), 'm-2'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err).toMatchObject({ code: DeliveryErrorCode.TargetRejected, status: 404 });
    expect((err as Error).message).toContain('FEN-77777 is not on this payroll');
  });
});
