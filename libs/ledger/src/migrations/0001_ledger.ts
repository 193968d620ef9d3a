// The ledger's first schema: events, their deliveries per target, and the ops audit log.
// Run by runLedgerMigrations with search_path set to the ledger's schema, so names are unqualified.
import type { MigrationBuilder } from 'node-pg-migrate/dist/bundle/index';

export function up(pgm: MigrationBuilder): void {
  pgm.sql(`
CREATE TABLE events (
  event_key   text PRIMARY KEY,
  tenant      text NOT NULL,
  type        text NOT NULL,
  source      text NOT NULL,
  event_id    text NOT NULL,
  subject     text NOT NULL,
  accepted_at timestamptz NOT NULL,
  event       jsonb NOT NULL
);
CREATE INDEX events_subject ON events (subject);

-- No foreign key to events: the router and the worker write from other processes than the API,
-- and a missing event row must not make a whole Kafka batch fail to record.
CREATE TABLE deliveries (
  event_key          text NOT NULL,
  target             text NOT NULL,
  tenant             text NOT NULL,
  state              text NOT NULL CHECK (state IN ('queued', 'retrying', 'delivered', 'dead-lettered', 'replaying', 'discarded')),
  attempts           integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error_code    text,
  last_error_message text,
  last_status        integer,
  last_field         text,
  fingerprint        text,
  reference          text,
  queued_at          timestamptz,
  updated_at         timestamptz NOT NULL,
  delivered_at       timestamptz,
  dead_lettered_at   timestamptz,
  discarded_at       timestamptz,
  discard_reason     text,
  replays            integer NOT NULL DEFAULT 0 CHECK (replays >= 0),
  PRIMARY KEY (event_key, target)
);
-- Dead-letter reads only: partial, so the delivered majority never enters them.
CREATE INDEX deliveries_dead_letters_by_state ON deliveries (state, dead_lettered_at DESC) WHERE dead_lettered_at IS NOT NULL;
CREATE INDEX deliveries_dead_letters_by_tenant ON deliveries (tenant, state, dead_lettered_at DESC) WHERE dead_lettered_at IS NOT NULL;
CREATE INDEX deliveries_dead_letters_by_target ON deliveries (target, state, dead_lettered_at DESC) WHERE dead_lettered_at IS NOT NULL;
CREATE INDEX deliveries_dead_letters_by_fingerprint ON deliveries (fingerprint, dead_lettered_at DESC) WHERE dead_lettered_at IS NOT NULL;

CREATE TABLE audit_log (
  id      bigserial PRIMARY KEY,
  at      timestamptz NOT NULL DEFAULT now(),
  actor   text NOT NULL,
  roles   text[] NOT NULL DEFAULT '{}',
  action  text NOT NULL,
  tenants text[] NOT NULL CHECK (cardinality(tenants) > 0),
  filter  jsonb,
  counts  jsonb,
  detail  text
);
CREATE INDEX audit_log_at ON audit_log (at DESC);
CREATE INDEX audit_log_actor_at ON audit_log (actor, at DESC);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql(`
DROP TABLE audit_log;
DROP FUNCTION audit_log_refuse_change();
DROP TABLE deliveries;
DROP TABLE events;
`);
}
