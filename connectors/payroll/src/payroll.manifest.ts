import type { ConnectorManifest } from '@hub/connector-sdk';

export const payrollManifest: ConnectorManifest = {
  name: 'payroll',
  description: 'Payroll bureau REST API: new starters become employee records.',
  direction: 'target',
  transport: 'http',
  credential: 'none',
  consumes: ['hr.employee.joined.v1', 'hr.employee.joined.v2'],
  produces: [],
};
