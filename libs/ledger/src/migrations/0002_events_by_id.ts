// Traces are asked for by the CloudEvent id a source knows, not by the hub's event key.
import type { MigrationBuilder } from 'node-pg-migrate/dist/bundle/index';

export function up(pgm: MigrationBuilder): void {
  pgm.sql('CREATE INDEX events_event_id ON events (event_id);');
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql('DROP INDEX events_event_id;');
}
