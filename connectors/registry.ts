// Every connector the hub can run, declared once. A target naming a connector that is not here
// stops the hub at boot. `npm run connector:new` adds new ones at the markers.
import type { TargetConnector } from '@hub/connector-sdk';
import { PayrollConnector } from '@connectors/payroll';
// connector imports: connector:new adds here

export function targetConnectors(): Map<string, TargetConnector> {
  const all: TargetConnector[] = [new PayrollConnector(), /* connector instances: connector:new adds here */];
  return new Map(all.map((c) => [c.manifest.name, c]));
}
