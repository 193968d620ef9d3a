// A parallel run's comparison (issue 14). For every event delivered to a primary target and a
// shadow target of the same tenant, the comparer (apps/worker) writes one row per event, primary
// and shadow, once: whether their outcomes agree (both acknowledged, or both refused), or why not
// (one refused and the other acknowledged; one not settled by the deadline), and where both
// connectors can say what their records carry, the canonical fields whose values differ. Reports
// per tenant, domain and day then read this table only.
//
// A shadow delivery is looked at until it is compared (`compared_at`): the partial index holds only
// the shadow deliveries still waiting, so each pass reads what is new, not the whole run's history.
import type { MigrationBuilder } from 'node-pg-migrate/dist/bundle/index';

export function up(pgm: MigrationBuilder): void {
  pgm.sql(`
ALTER TABLE deliveries ADD COLUMN compared_at timestamptz;
CREATE INDEX deliveries_shadow_to_compare ON deliveries (event_key, target) WHERE role = 'shadow' AND compared_at IS NULL;
-- Dead-letter views and gauges separate the roles: primaries by default, shadows on request.
CREATE INDEX deliveries_dead_letters_by_role ON deliveries (role, state, dead_lettered_at DESC) WHERE dead_lettered_at IS NOT NULL;

CREATE TABLE parallel_run_comparisons (
  event_key       text NOT NULL,
  primary_target  text NOT NULL,
  shadow_target   text NOT NULL,
  tenant          text NOT NULL,
  -- The event type's first part (hr of hr.employee.joined.v1): a run is cut over domain by domain.
  domain          text NOT NULL,
  type            text NOT NULL,
  -- The day (UTC) the hub accepted the event: a report's day, stable whenever it is compared.
  day             date NOT NULL,
  accepted_at     timestamptz NOT NULL,
  compared_at     timestamptz NOT NULL,
  event_id        text NOT NULL,
  source          text NOT NULL,
  subject         text NOT NULL,
  agreed          boolean NOT NULL,
  -- Why not: outcome (one refused, the other acknowledged), pending (one not settled by the
  -- deadline), fields (a canonical field both carry has two values).
  reasons         text[] NOT NULL DEFAULT '{}' CHECK (reasons <@ ARRAY['outcome', 'pending', 'fields']::text[]),
  primary_outcome text NOT NULL CHECK (primary_outcome IN ('acknowledged', 'rejected', 'pending')),
  shadow_outcome  text NOT NULL CHECK (shadow_outcome IN ('acknowledged', 'rejected', 'pending')),
  primary_state   text NOT NULL,
  shadow_state    text NOT NULL,
  -- The delivery's last error when it has one: {code, status, field, message}.
  primary_error   jsonb,
  shadow_error    jsonb,
  fields_compared boolean NOT NULL,
  -- Why the fields were not compared (a connector without canonicalFields, a map() that failed).
  fields_note     text,
  differing_paths text[] NOT NULL DEFAULT '{}',
  -- [{path, primary, shadow}]: the two values, personal data included (masked on the way out);
  -- forgotten (NULL) with the events past LEDGER_RETENTION_DAYS, the paths and counts kept.
  differing       jsonb,
  only_primary    text[] NOT NULL DEFAULT '{}',
  only_shadow     text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (event_key, primary_target, shadow_target),
  CHECK (agreed = (cardinality(reasons) = 0))
);
CREATE INDEX parallel_run_comparisons_report ON parallel_run_comparisons (tenant, domain, day);
CREATE INDEX parallel_run_comparisons_day ON parallel_run_comparisons (day);
CREATE INDEX parallel_run_comparisons_values ON parallel_run_comparisons (accepted_at) WHERE differing IS NOT NULL;
`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql(`
DROP TABLE parallel_run_comparisons;
DROP INDEX deliveries_dead_letters_by_role;
DROP INDEX deliveries_shadow_to_compare;
ALTER TABLE deliveries DROP COLUMN compared_at;
`);
}
