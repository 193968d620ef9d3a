import type { PayrollPayChangeRequestedV1Data } from '@hub/canonical-types';
import { mappingFailed } from '../errors/mapping-failed';

/**
 * What a pay system needs of a canonical pay change before it can be paid at all, whatever its own
 * format: a one-off basis goes with a one-off payment and nothing else (a rate is never paid once,
 * a one-off sum has no rate), and an allowance names its allowance code. Throws a mapping failure
 * naming the field; `system` names the system in the reason ("payroll", "the ERP").
 */
export function assertPayablePayChange(d: PayrollPayChangeRequestedV1Data, system: string): void {
  if ((d.basis === 'one-off') !== (d.changeType === 'one-off-payment')) {
    throw mappingFailed(`${system} pays a one-off basis only as a one-off payment, not "${d.changeType}" on "${d.basis}"`, '/data/basis');
  }
  if (d.changeType === 'allowance' && !d.allowanceCode) throw mappingFailed('an allowance needs its allowance code', '/data/allowanceCode');
}
