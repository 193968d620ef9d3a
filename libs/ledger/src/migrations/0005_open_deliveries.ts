// The worker's sweeper asks, every 30 s, which deliveries are still open (queued, retrying,
// replaying) and have not moved for a while. A partial index keeps that cheap however large the
// ledger grows: a delivery enters it when queued and leaves it when delivered or dead-lettered.
// (0005: 0004 is taken by the router's quarantine of poison events.)
import type { MigrationBuilder } from 'node-pg-migrate/dist/bundle/index';

export function up(pgm: MigrationBuilder): void {
  pgm.sql(`
CREATE INDEX deliveries_open_by_age ON deliveries (updated_at, event_key, target)
  WHERE state IN ('queued', 'retrying', 'replaying');
`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql(`DROP INDEX deliveries_open_by_age;`);
}
