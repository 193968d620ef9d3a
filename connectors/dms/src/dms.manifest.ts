import type { ConnectorManifest } from '@hub/connector-sdk';

export const dmsManifest: ConnectorManifest = {
  name: 'dms',
  description: 'Legacy duty management (rostering) system, fixed-width files only: its exports become shift and leave events; joiners and leavers become its import files.',
  direction: 'both',
  transport: 'files',
  credential: 'none',
  consumes: ['hr.employee.joined.v1', 'hr.employee.joined.v2', 'hr.employee.left.v1'],
  produces: ['dms.shift.rostered.v1', 'dms.leave.booked.v1'],
  // The importer takes one file at a time and may only pick files up every few seconds; when its
  // job is down (overnight batch, maintenance) files wait, so retries are spread over about an hour,
  // and once its breaker opens a probe file goes in every 30 s at first, then at most every 10 minutes.
  // The importer applies a person's joiner and leaver files in the order it gets them.
  defaults: {
    ordering: 'subject',
    timeoutMs: 30_000,
    concurrency: 1,
    retry: { attempts: 10, backoffMs: 30_000, maxBackoffMs: 600_000 },
    breaker: { probeMs: 30_000, maxProbeMs: 600_000 },
  },
};

/** The CloudEvents `source` of events read from DMS exports. */
export const DMS_SOURCE = 'urn:erp-hub:source:dms';
