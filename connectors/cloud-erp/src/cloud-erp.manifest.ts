import type { ConnectorManifest } from '@hub/connector-sdk';

export const cloudErpManifest: ConnectorManifest = {
  name: 'cloud-erp',
  description: "The SaaS ERP's HR and payroll modules: starters, moves, leavers and pay changes go to its JSON REST API (one ERP tenant per force, bearer token), to run beside the payroll bureau and then replace it.",
  direction: 'target',
  transport: 'http',
  // The ERP's API takes a bearer token per tenant (one tenant per force): credentialRef per target.
  credential: 'required',
  defaults: {
    // A job change, termination or pay change needs its worker hired first, and a correction must
    // land after what it corrects: one person's calls go in the order the hub accepted them.
    ordering: 'subject',
    // The ERP publishes 600 requests a minute per tenant, refused beyond with 429 and Retry-After.
    // 8 a second keeps each force's target under it with room for its own HR team's integrations
    // on the same tenant, and spreads a backlog instead of bursting into 429s.
    rateLimit: { max: 8, perMs: 1_000 },
    // Its gateway ends a request at 30 s with a 504, and a hire (worker, position and compensation
    // written together) answers in a few seconds at its slowest. 15 s gives a slow answer time
    // without holding a worker for the full 30 s; a call cut short is safe to send again, because
    // the ERP answers a repeated Idempotency-Key with its first answer.
    timeoutMs: 15_000,
  },
  // Joiners first: the contract kit delivers the first mappable fixture, and every other call
  // needs a worker the ERP already holds. The same types as the payroll bureau takes, so the two
  // can run side by side for a force's HR domain.
  consumes: ['hr.employee.joined.v1', 'hr.employee.joined.v2', 'hr.employee.moved.v1', 'hr.employee.left.v1', 'payroll.pay-change.requested.v1'],
  produces: [],
};
