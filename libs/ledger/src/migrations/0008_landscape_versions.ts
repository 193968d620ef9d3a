// The staged ERP replacement. The landscape (tenants, sources, ops users, targets, routes, gateway
// entries) becomes versioned data: each change is a new row, validated exactly as the file is at
// boot, read by every api, router and worker process without a restart, and never changed after.
// A route can name a shadow target beside its primary (a parallel run); a shadow's deliveries are
// deliveries like any other, marked `role = 'shadow'`, so they are recorded apart and never count
// as the primary's. Each delivery remembers the landscape version it was routed by.
import type { MigrationBuilder } from 'node-pg-migrate/dist/bundle/index';

export function up(pgm: MigrationBuilder): void {
  pgm.sql(`
CREATE TABLE landscape_versions (
  version    bigint PRIMARY KEY CHECK (version > 0),
  landscape  jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  actor      text NOT NULL,
  reason     text NOT NULL,
  -- What the change was, as its author asked for it (a cutover, a route added, the boot file).
  change     jsonb NOT NULL
);

CREATE FUNCTION landscape_versions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'landscape_versions is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$;
CREATE TRIGGER landscape_versions_append_only BEFORE UPDATE OR DELETE ON landscape_versions
  FOR EACH ROW EXECUTE FUNCTION landscape_versions_refuse_change();

ALTER TABLE deliveries
  ADD COLUMN role text NOT NULL DEFAULT 'primary' CHECK (role IN ('primary', 'shadow')),
  ADD COLUMN landscape_version bigint;
CREATE INDEX deliveries_shadow ON deliveries (target, queued_at) WHERE role = 'shadow';
`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql(`
DROP INDEX deliveries_shadow;
ALTER TABLE deliveries DROP COLUMN role, DROP COLUMN landscape_version;
DROP TABLE landscape_versions;
DROP FUNCTION landscape_versions_refuse_change();
`);
}
