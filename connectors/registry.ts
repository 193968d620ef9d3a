// Every connector the hub can run, declared once. A target or gateway entry naming a connector
// that is not here stops the hub at boot. `npm run connector:new` adds connectors at the markers.
import type { FileSourceConnector, SourceConnector, TargetConnector } from '@hub/connector-sdk';
import { DmsConnector, DmsExportFileSource } from '@connectors/dms';
import { FinanceConnector, FinanceSourceConnector } from '@connectors/finance';
import { HrConnector, HrSourceConnector } from '@connectors/hr';
import { PayrollConnector, PayRunFileSource } from '@connectors/payroll';
import { TrainingCompletionsFileSource } from '@connectors/training';
import { CloudErpConnector } from '@connectors/cloud-erp';
// connector imports: connector:new adds here

export function targetConnectors(): Map<string, TargetConnector> {
  const all: TargetConnector[] = [new PayrollConnector(), new HrConnector(), new FinanceConnector(), new DmsConnector(), new CloudErpConnector(), /* connector instances: connector:new adds here */];
  return new Map(all.map((c) => [c.manifest.name, c]));
}

/** Source connectors the gateway runs: webhook readers and file readers, by connector name. */
export function sourceConnectors(): Map<string, SourceConnector | FileSourceConnector> {
  const all: (SourceConnector | FileSourceConnector)[] = [
    new HrSourceConnector(),
    new FinanceSourceConnector(),
    new PayRunFileSource(),
    new DmsExportFileSource(),
    new TrainingCompletionsFileSource(),
    /* source connector instances: connector:new adds here */
  ];
  return new Map(all.map((c) => [c.manifest.name, c]));
}
