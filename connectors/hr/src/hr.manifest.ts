import type { ConnectorManifest } from '@hub/connector-sdk';

export const hrManifest: ConnectorManifest = {
  name: 'hr',
  description: 'Shared HR system: its webhooks become canonical HR events.',
  direction: 'source',
  transport: 'http',
  credential: 'none',
  consumes: [],
  produces: ['hr.employee.joined.v1'],
};

/** The CloudEvents `source` of events the HR system emits. */
export const HR_SOURCE = 'urn:erp-hub:source:hr';
