import type { ConnectorManifest } from '@hub/connector-sdk';

export const payrollManifest: ConnectorManifest = {
  name: 'payroll',
  description: 'Payroll bureau: starters, moves, leavers and pay changes go to its REST API; its pay-run results files become run totals and the payroll journal.',
  direction: 'both',
  // The target side's transport. The source side reads the bureau's pay-run files from a drop
  // directory (PayRunFileSource); a manifest has one transport, so that half is not declared here.
  transport: 'http',
  credential: 'none',
  // Personnel records apply changes in order (a leaver before its joiner is refused or wrong).
  defaults: { ordering: 'subject' },
  // Joiners first: the contract kit delivers the first mappable fixture, and every other call
  // needs an employee the bureau already knows.
  consumes: ['hr.employee.joined.v1', 'hr.employee.joined.v2', 'hr.employee.moved.v1', 'hr.employee.left.v1', 'payroll.pay-change.requested.v1'],
  produces: ['payroll.run.completed.v1', 'finance.journal.posted.v1'],
};

/** The CloudEvents `source` of events read from the bureau's files. */
export const PAYROLL_SOURCE = 'urn:erp-hub:source:payroll';
