// With tracing on, the router records with each delivery the W3C trace context of the route span
// that routed it, so a delivery queued from the ledger later (an ordered lane's next one, released
// when the one before it is delivered) continues the event's trace, as one queued by the router at
// once does through its job. Null with tracing off, and for deliveries a backfill made.
import type { MigrationBuilder } from 'node-pg-migrate/dist/bundle/index';

export function up(pgm: MigrationBuilder): void {
  pgm.sql(`ALTER TABLE deliveries ADD COLUMN trace jsonb;`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql(`ALTER TABLE deliveries DROP COLUMN trace;`);
}
