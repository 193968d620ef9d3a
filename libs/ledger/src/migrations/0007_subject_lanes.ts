// Order per subject, per target. A target whose `ordering` is "subject" gets one lane per subject
// (the person or business object) on it: its deliveries are taken in acceptance order (order_key),
// one at a time. The router writes an ordered delivery `held`; the first delivery of a lane that is
// not done yet becomes `queued` (it is released) when every one before it is done, i.e. delivered or
// discarded by ops. A dead letter, or a delivery waiting to retry, keeps its successors held.
// Writers serialise per lane on a transaction-scoped advisory lock (ledger-lanes-sql.ts), not on
// rows here.
import type { MigrationBuilder } from 'node-pg-migrate/dist/bundle/index';

export function up(pgm: MigrationBuilder): void {
  pgm.sql(`
ALTER TABLE deliveries DROP CONSTRAINT deliveries_state_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_state_check
  CHECK (state IN ('queued', 'retrying', 'delivered', 'dead-lettered', 'replaying', 'discarded', 'held'));
ALTER TABLE deliveries
  ADD COLUMN subject   text,
  ADD COLUMN order_key bigint,
  ADD COLUMN ordered   boolean NOT NULL DEFAULT false;
UPDATE deliveries d SET subject = e.subject FROM events e WHERE e.event_key = d.event_key;
-- A lane's deliveries not yet done, in acceptance order: the next to release, what holds what.
CREATE INDEX deliveries_lane_open ON deliveries (target, subject, order_key)
  WHERE ordered AND state NOT IN ('delivered', 'discarded');
`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql(`
DROP INDEX deliveries_lane_open;
UPDATE deliveries SET state = 'queued' WHERE state = 'held';
ALTER TABLE deliveries DROP COLUMN subject, DROP COLUMN order_key, DROP COLUMN ordered;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_state_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_state_check
  CHECK (state IN ('queued', 'retrying', 'delivered', 'dead-lettered', 'replaying', 'discarded'));
`);
}
