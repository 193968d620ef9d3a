// Every connector the hub can run, declared once. A target naming a connector that is not here
// stops the hub at boot.
import type { TargetConnector } from '@hub/connector-sdk';
import { PayrollConnector } from '@connectors/payroll';

export function targetConnectors(): Map<string, TargetConnector> {
  const all: TargetConnector[] = [new PayrollConnector()];
  return new Map(all.map((c) => [c.manifest.name, c]));
}
