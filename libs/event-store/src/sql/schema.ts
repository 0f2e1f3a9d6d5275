import type { SqlExecutor } from './sql-client';

export const APPEND_CHANNEL = 'vt_events_appended';

/**
 * The event log's tables, the same for PostgreSQL and PGlite.
 *
 * Global order is (tx, seq): the id of the writing transaction, then the sequence value. A reader
 * only reads rows whose `tx` is below the oldest append still running (`append-horizon.ts`), so a
 * transaction that took a lower `seq` but commits later can never land behind a checkpoint
 * already handed out.
 */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS vt_events (
  seq             bigserial PRIMARY KEY,
  tx              xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id        uuid NOT NULL UNIQUE,
  stream_id       text NOT NULL,
  stream_version  integer NOT NULL,
  organisation    text NOT NULL,
  case_id         text NOT NULL,
  type            text NOT NULL,
  occurred_at     timestamptz NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  body            jsonb NOT NULL,
  fingerprint     text NOT NULL,
  UNIQUE (stream_id, stream_version)
);
CREATE INDEX IF NOT EXISTS vt_events_global_order ON vt_events (tx, seq);
CREATE TABLE IF NOT EXISTS vt_streams (
  stream_id  text PRIMARY KEY,
  version    integer NOT NULL
);
CREATE TABLE IF NOT EXISTS vt_erasures (
  id            bigserial PRIMARY KEY,
  organisation  text NOT NULL,
  erased_at     timestamptz NOT NULL DEFAULT now(),
  events_erased integer NOT NULL
);
-- sha256 of the ids of erased events: a re-sent copy of an erased event is not stored again.
CREATE TABLE IF NOT EXISTS vt_erased_event_ids (
  id_hash text PRIMARY KEY
);
-- and of each erased event's id and body (hashErasedCopy): the id sent again with another body is a
-- conflict, not a copy. Absent for erasures before it was kept: those count as copies.
ALTER TABLE vt_erased_event_ids ADD COLUMN IF NOT EXISTS copy_hash text;
`;

/**
 * Runs the `CREATE … IF NOT EXISTS` statements of `ddl` once however many processes start at the
 * same moment on one database: as one simple query (one implicit transaction, also on PGlite)
 * behind a transaction-level advisory lock named `name`. Without it they race (a unique violation
 * on pg_type). `name` is a constant of ours, never input.
 */
export async function createSchemaOnce(db: SqlExecutor, name: string, ddl: string): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('${name}'));\n${ddl}`);
}

/** Creates the event log's tables when missing. */
export async function ensureSchema(db: SqlExecutor): Promise<void> {
  await createSchemaOnce(db, 'vt_events', SCHEMA_SQL);
}
