// Event keys become tenant-scoped: sha256(tenant NUL source NUL id), first 32 hex digits, as
// eventKey() in libs/events computes them. Before, the key was sha256(source NUL id), so one force
// could post another force's source and id and have the real event refused as a duplicate.
// Rows are rekeyed in place; a delivery whose event row is missing keeps its old key (nothing can
// recompute it). Upgrade with the queues drained: BullMQ job ids and Redis duplicate-detection
// keys written before carry old keys (docs/operations.md, "Upgrading to tenant-scoped event keys").
import type { MigrationBuilder } from 'node-pg-migrate/dist/bundle/index';

const newKey = (e: string) =>
  `left(encode(sha256(convert_to(${e}.tenant, 'UTF8') || '\\x00'::bytea || convert_to(${e}.source, 'UTF8') || '\\x00'::bytea || convert_to(${e}.event_id, 'UTF8')), 'hex'), 32)`;

export function up(pgm: MigrationBuilder): void {
  pgm.sql(`
CREATE TEMP TABLE rekey ON COMMIT DROP AS
  SELECT e.event_key AS old_key, ${newKey('e')} AS new_key FROM events e;
DELETE FROM rekey WHERE old_key = new_key;
UPDATE deliveries d SET event_key = r.new_key FROM rekey r WHERE d.event_key = r.old_key;
UPDATE events e SET event_key = r.new_key FROM rekey r WHERE e.event_key = r.old_key;
`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql(`
CREATE TEMP TABLE rekey ON COMMIT DROP AS
  SELECT e.event_key AS new_key, left(encode(sha256(convert_to(e.source, 'UTF8') || '\\x00'::bytea || convert_to(e.event_id, 'UTF8')), 'hex'), 32) AS old_key FROM events e;
UPDATE deliveries d SET event_key = r.old_key FROM rekey r WHERE d.event_key = r.new_key;
UPDATE events e SET event_key = r.old_key FROM rekey r WHERE e.event_key = r.new_key;
`);
}
