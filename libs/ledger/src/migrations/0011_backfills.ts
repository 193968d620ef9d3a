// The staged ERP replacement, item 3: a new system is seeded with a force's history before it runs
// beside the old one. A backfill delivers already-accepted events again, from the ledger, to one
// named target. `backfills` is the job (what was asked, by whom, its state, how far it got);
// `backfill_items` is the selection it took at its start, numbered in acceptance order (the events'
// order keys), so it walks a fixed list by a cursor and a restart doubles nothing. Its deliveries
// are deliveries like any other, through the lanes of an ordered target, marked with the backfill
// that made them (`deliveries.backfill_id`), so traces and reconciliation can tell them from live ones.
// (0009, 0010 and 0012 belong to the other parts of the staged replacement.)
import type { MigrationBuilder } from 'node-pg-migrate/dist/bundle/index';

export function up(pgm: MigrationBuilder): void {
  pgm.sql(`
CREATE TABLE backfills (
  id            bigserial PRIMARY KEY,
  tenant        text NOT NULL,
  target        text NOT NULL,
  -- The filter as it was asked for (type patterns, subject, window), for people and the audit log.
  filter        jsonb NOT NULL,
  -- What it selected by: the exact types (patterns expanded against the target's connector) and the
  -- window of acceptance, [window_from, window_to), window_to at the latest when it was started.
  types         text[] NOT NULL CHECK (cardinality(types) > 0),
  subject       text,
  window_from   timestamptz,
  window_to     timestamptz NOT NULL,
  ordered       boolean NOT NULL,
  state         text NOT NULL CHECK (state IN ('running', 'paused', 'cancelled', 'finished', 'failed')),
  -- The seq of the last item whose delivery is recorded: a run resumes after it.
  cursor        integer NOT NULL DEFAULT 0 CHECK (cursor >= 0),
  -- Events it selected to send (those the target did not have when it started).
  total         integer NOT NULL CHECK (total >= 0),
  enqueued      integer NOT NULL DEFAULT 0,
  -- The target had it already: when it started, or a live delivery came first meanwhile.
  skipped       integer NOT NULL DEFAULT 0,
  -- Forgotten by the ledger's retention before its turn came.
  forgotten     integer NOT NULL DEFAULT 0,
  -- As last counted by the run (the API counts afresh from deliveries).
  delivered     integer NOT NULL DEFAULT 0,
  dead_lettered integer NOT NULL DEFAULT 0,
  -- At most this many events a second; and what it achieved lately (deliveries settled a second).
  rate          integer NOT NULL CHECK (rate > 0),
  measured_rate double precision,
  created_by    text NOT NULL,
  reason        text,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  -- How many times a worker process took it up (a resume after a restart is the second).
  runs          integer NOT NULL DEFAULT 0,
  finished_at   timestamptz,
  -- Who last paused, resumed or cancelled it.
  changed_by    text,
  error         text
);
-- One backfill at a time per target: two would share its queue and halve each other's rate.
CREATE UNIQUE INDEX backfills_one_active_per_target ON backfills (target) WHERE state IN ('running', 'paused');
CREATE INDEX backfills_by_tenant ON backfills (tenant, id DESC);

CREATE TABLE backfill_items (
  backfill_id bigint NOT NULL REFERENCES backfills (id) ON DELETE CASCADE,
  seq         integer NOT NULL,
  event_key   text NOT NULL,
  order_key   bigint NOT NULL,
  PRIMARY KEY (backfill_id, seq)
);

ALTER TABLE deliveries ADD COLUMN backfill_id bigint;
-- A backfill's deliveries by state: its progress, what it has open (back pressure), what a cancel withdraws.
CREATE INDEX deliveries_backfill ON deliveries (backfill_id, state) WHERE backfill_id IS NOT NULL;
-- A force's events by time of acceptance: a backfill's selection (and retention's old events).
CREATE INDEX events_tenant_accepted ON events (tenant, accepted_at);
`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql(`
DROP INDEX events_tenant_accepted;
DROP INDEX deliveries_backfill;
ALTER TABLE deliveries DROP COLUMN backfill_id;
DROP TABLE backfill_items;
DROP TABLE backfills;
`);
}
