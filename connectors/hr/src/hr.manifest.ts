import type { ConnectorManifest } from '@hub/connector-sdk';

export const hrManifest: ConnectorManifest = {
  name: 'hr',
  description: 'Shared HR system: its webhooks become canonical HR events; training and incidents reach its personnel records.',
  direction: 'both',
  transport: 'http',
  // The HR system's REST API takes a bearer token (per force).
  credential: 'required',
  // Personnel records apply changes in order (a leaver before its joiner is refused or wrong).
  defaults: { ordering: 'subject' },
  consumes: ['training.course.completed.v1', 'hs.incident.reported.v1'],
  produces: [
    'hr.employee.joined.v1',
    'hr.employee.moved.v1',
    'hr.employee.left.v1',
    'hr.employee.details-changed.v1',
    'hr.absence.recorded.v1',
    'payroll.pay-change.requested.v1',
  ],
};

/** The CloudEvents `source` of events the HR system emits. */
export const HR_SOURCE = 'urn:erp-hub:source:hr';
