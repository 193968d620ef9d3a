import type { ConnectorManifest } from '@hub/connector-sdk';

export const cloudErpManifest: ConnectorManifest = {
  name: 'cloud-erp',
  description: 'TODO: which system, and what it receives.',
  direction: 'target',
  transport: 'http',
  credential: 'none',
  consumes: ['hr.employee.joined.v1'],
  produces: [],
};
