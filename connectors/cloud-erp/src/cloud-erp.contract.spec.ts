import { describeTargetContract } from '@hub/testing';
import { CloudErpConnector } from './cloud-erp.connector';
import { CloudErpSimulator } from './simulator/cloud-erp-simulator';

describeTargetContract({
  connector: new CloudErpConnector(),
  simulator: (tenant) => new CloudErpSimulator(tenant),
  tenant: 'fen',
  checkRecord: (record, event) => expect(record.reference).toBe(event.subject),
});
