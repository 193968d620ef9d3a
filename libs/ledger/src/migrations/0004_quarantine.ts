// Kafka messages the router could not route and will never be able to as they are: undecodable,
// not carriable exactly, of a type it has no schema for, failing their schema, or refused by
// PostgreSQL. Each is kept byte for byte (key, value and headers as bytea/base64, since even what
// text cannot hold must survive), with what could be read of it made safe for text, until ops
// release it (put back on its topic) or discard it. Rows are never rewritten by the router: a
// message quarantined again after a release is a new row at its new offset, counting the times.
import type { MigrationBuilder } from 'node-pg-migrate/dist/bundle/index';

export function up(pgm: MigrationBuilder): void {
  pgm.sql(`
CREATE TABLE quarantine (
  id                bigserial PRIMARY KEY,
  topic             text NOT NULL,
  kafka_partition   integer NOT NULL,
  kafka_offset      bigint NOT NULL,
  -- The message exactly: key and value as bytes, headers as [{"key": base64, "value": base64 | null}] in wire order.
  message_key       bytea,
  message_value     bytea,
  message_headers   jsonb NOT NULL,
  message_timestamp timestamptz,
  -- sha256 of key, headers and value: the same message read again (after a release) has the same digest.
  message_sha256    text NOT NULL,
  -- What could be read, with characters text cannot hold escaped as \\uXXXX; NULL where nothing could.
  tenant            text,
  type              text,
  subject           text,
  source            text,
  event_id          text,
  event             jsonb,
  reason            text NOT NULL,
  reason_message    text NOT NULL,
  problems          jsonb NOT NULL DEFAULT '[]',
  state             text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'released', 'discarded')),
  times_quarantined integer NOT NULL DEFAULT 1 CHECK (times_quarantined >= 1),
  previous_id       bigint,
  quarantined_at    timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  released_at       timestamptz,
  released_by       text,
  release_note      text,
  discarded_at      timestamptz,
  discarded_by      text,
  discard_reason    text,
  CONSTRAINT quarantine_coordinates UNIQUE (topic, kafka_partition, kafka_offset)
);
CREATE INDEX quarantine_by_state ON quarantine (state, quarantined_at DESC, id DESC);
CREATE INDEX quarantine_by_tenant ON quarantine (tenant, state, quarantined_at DESC, id DESC);
CREATE INDEX quarantine_by_digest ON quarantine (message_sha256);
`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.sql('DROP TABLE quarantine;');
}
