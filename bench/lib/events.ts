import { randomBytes } from 'node:crypto';
import type { CanonicalEvent } from '@hub/events';
import { keyOfEvent } from '@hub/events';
import { deliveryJobId } from '@hub/delivery';
import { joiner } from '@hub/testing';

export const FORCES = ['fen', 'moor', 'vale'] as const;
export type Force = (typeof FORCES)[number];
export const BENCH_SOURCE = 'urn:erp-hub:source:hr';

/** Ids unique to one bench run and one scenario, valid as the schemas' record ids (upper case). */
export function idPrefix(scenario: string): string {
  return `${scenario.toUpperCase()}-${randomBytes(3).toString('hex').toUpperCase()}`;
}

/** A pay award for one officer: the pay-award scenario's event, and the one every throughput row posts. */
export function payAward(prefix: string, n: number, force: Force = FORCES[n % 3]): CanonicalEvent {
  const id = `${prefix}-${n}`;
  const employeeId = `${force.toUpperCase()}-${String(n).padStart(6, '0')}`;
  return {
    specversion: '1.0',
    id,
    source: BENCH_SOURCE,
    type: 'payroll.pay-change.requested.v1',
    subject: employeeId,
    tenant: force,
    time: new Date().toISOString(),
    data: {
      requestId: id,
      employeeId,
      changeType: 'pay-award',
      amount: { amountMinor: 3_116_400 + (n % 1000) * 100, currency: 'GBP' },
      basis: 'annual',
      grade: 'PC-2',
      authorisedBy: { employeeId: 'FEN-04410', forename: 'Daniel', surname: 'Hargreaves' },
      effectiveFrom: '2027-09-01',
    },
  };
}

/** A joiner (the test suite's), for the fan-out rows (routed to 1, 3 or 6 targets by force). */
export function benchJoiner(prefix: string, n: number, force: Force): CanonicalEvent {
  return joiner(force, { id: `${prefix}-${n}`, source: BENCH_SOURCE }, n);
}

/** The key under which the counting sink records the delivery of `event` to `target`. */
export function sinkKey(target: string, event: CanonicalEvent): string {
  return `${target}|${deliveryJobId(target, keyOfEvent(event))}`;
}
