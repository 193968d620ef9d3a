// Secrets every replica of a role must share and no operator has to configure: the first process
// that needs one writes a random value, every other reads it (the API's dashboard form secret when
// DASHBOARD_SECRET is unset: docs/operations.md, "Several replicas"). Never updated, never returned
// by the API; deleting a row makes the next process write a new one (open dashboard pages go stale).
import type { MigrationBuilder } from 'node-pg-migrate/dist/bundle/index';

export function up(pgm: MigrationBuilder): void {
  pgm.sql(`
CREATE TABLE shared_secrets (
  name text PRIMARY KEY,
  value bytea NOT NULL CHECK (octet_length(value) >= 32),
  created_at timestamptz NOT NULL DEFAULT now()
);
`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql(`DROP TABLE shared_secrets;`);
}
