// Reconciliation (issue 14, the staged ERP replacement): finance signs a stage off when the hub's
// numbers reconcile, per tenant, type, target and day of acceptance.
// - events_by_tenant_accepted: the report reads one tenant's events of a window of days.
// - deliveries_unreconciled: the scrape-time gauge counts deliveries still open (queued, held,
//   retrying, replaying) past a grace period; partial, so settled deliveries never enter it.
// - file_totals: the control totals of the files that carry them, beside the hub's own numbers:
//   `written` by a target connector (the finance ledger's import files: one per event, so keyed by
//   target and event), recorded by the worker with the delivery; `read` by the gateway (the
//   duty-management exports' trailers), posted to the API by the gateway, which has no ledger.
// - file_total_events: the events a read file's records became, to count what the hub accepted of it.
// (0012: 0009-0011 belong to the other parts of issue 14.)
import type { MigrationBuilder } from 'node-pg-migrate/dist/bundle/index';

export function up(pgm: MigrationBuilder): void {
  pgm.sql(`
CREATE INDEX events_by_tenant_accepted ON events (tenant, accepted_at);
CREATE INDEX deliveries_unreconciled ON deliveries (tenant, target, role, queued_at)
  WHERE state IN ('queued', 'held', 'retrying', 'replaying');

CREATE TABLE file_totals (
  id                  bigserial PRIMARY KEY,
  tenant              text NOT NULL,
  direction           text NOT NULL CHECK (direction IN ('written', 'read')),
  -- The connector that wrote or read it (finance, dms), and where: a target, or a drop directory.
  system              text NOT NULL,
  target              text,
  drop_id             text,
  event_key           text,
  file_name           text NOT NULL,
  file_sha256         text,
  kind                text NOT NULL,
  records             integer NOT NULL CHECK (records >= 0),
  control_total       bigint NOT NULL,
  unit                text NOT NULL CHECK (unit IN ('minor-units', 'hundredths-of-an-hour')),
  currency            text,
  -- A read file: what the gateway did with its records (posted as events, or quarantined).
  posted_records      integer,
  posted_total        bigint,
  quarantined_records integer,
  quarantined_total   bigint,
  recorded_at         timestamptz NOT NULL,
  CHECK ((direction = 'written' AND target IS NOT NULL AND event_key IS NOT NULL)
      OR (direction = 'read' AND drop_id IS NOT NULL AND file_sha256 IS NOT NULL AND posted_records IS NOT NULL AND quarantined_records IS NOT NULL))
);
CREATE UNIQUE INDEX file_totals_written ON file_totals (event_key, target, file_name) WHERE direction = 'written';
CREATE UNIQUE INDEX file_totals_read ON file_totals (tenant, drop_id, file_sha256) WHERE direction = 'read';
CREATE INDEX file_totals_read_by_day ON file_totals (tenant, recorded_at) WHERE direction = 'read';

CREATE TABLE file_total_events (
  file_id   bigint NOT NULL REFERENCES file_totals (id) ON DELETE CASCADE,
  event_key text NOT NULL,
  PRIMARY KEY (file_id, event_key)
);
`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql(`
DROP TABLE file_total_events;
DROP TABLE file_totals;
DROP INDEX deliveries_unreconciled;
DROP INDEX events_by_tenant_accepted;
`);
}
