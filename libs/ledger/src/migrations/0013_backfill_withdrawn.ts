// A backfill counts the deliveries its cancel withdrew by deleting them (never attempted), so that
// its progress is counted from the few deliveries not yet delivered, not from all of them: the
// run counts every second, and counting a backfill of 100,000 deliveries took 280 ms of the
// ledger's CPU each time (bench: `npm run bench -- --only backfill`, pg_stat_statements).
// delivered = enqueued − withdrawn − (deliveries in any other state).
// Also drops events_by_tenant_accepted (0012), the same index as events_tenant_accepted (0011):
// every event the router records was written to both.
import type { MigrationBuilder } from 'node-pg-migrate/dist/bundle/index';

export function up(pgm: MigrationBuilder): void {
  pgm.sql(`
ALTER TABLE backfills ADD COLUMN withdrawn integer NOT NULL DEFAULT 0;
-- Deliveries withdrawn before this column existed: those the backfill created and no longer has.
UPDATE backfills b SET withdrawn = GREATEST(0, b.enqueued - (SELECT count(*) FROM deliveries d WHERE d.backfill_id = b.id));
DROP INDEX events_by_tenant_accepted;
`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql(`
CREATE INDEX events_by_tenant_accepted ON events (tenant, accepted_at);
ALTER TABLE backfills DROP COLUMN withdrawn;
`);
}
