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

/** What a schema's DDL creates, to find it already there: relations (tables, indexes) and columns added later. */
export interface SchemaObjects {
  relations: readonly string[];
  columns?: readonly (readonly [table: string, column: string])[];
}

/** Whether every relation and column of `objects` exists: a catalog read that takes no lock on the tables. */
async function schemaPresent(db: SqlExecutor, objects: SchemaObjects): Promise<boolean> {
  const columns = objects.columns ?? [];
  const [row] = await db.query<{ present: boolean }>(
    `SELECT NOT EXISTS (SELECT 1 FROM unnest($1::text[]) AS r(name) WHERE to_regclass(r.name) IS NULL)
        AND NOT EXISTS (
          SELECT 1 FROM unnest($2::text[], $3::text[]) AS c(tbl, col)
          WHERE NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(c.tbl) AND attname = c.col AND NOT attisdropped)
        ) AS present`,
    [objects.relations, columns.map(([t]) => t), columns.map(([, c]) => c)],
  );
  return row?.present === true;
}

/** PostgreSQL's deadlock_detected: the victim's transaction was rolled back, so the same statements can run again. */
const isDeadlock = (err: unknown) => (err as { code?: string } | null)?.code === '40P01';

/**
 * Runs the `CREATE … IF NOT EXISTS` statements of `ddl` once however many processes start at the
 * same moment on one database: as one simple query (one implicit transaction, also on PGlite)
 * behind a transaction-level advisory lock named `name`. Without it they race (a unique violation
 * on pg_type). `name` is a constant of ours, never input.
 *
 * When `objects` are all there already (every start after the first) the DDL does not run at all:
 * even with IF NOT EXISTS, `CREATE INDEX` takes a SHARE lock on its table and `ALTER TABLE` an
 * ACCESS EXCLUSIVE one before they find there is nothing to do, and a process starting while
 * another appends then waited for, or deadlocked with, those appends (seen: `serve` restarted
 * during an import exited with "deadlock detected"). Should a deadlock still happen (a first
 * start beside a writer), the DDL is run again.
 */
export async function createSchemaOnce(db: SqlExecutor, name: string, ddl: string, objects?: SchemaObjects): Promise<void> {
  if (objects && (await schemaPresent(db, objects))) return;
  for (let attempt = 1; ; attempt++) {
    try {
      await db.query(`SELECT pg_advisory_xact_lock(hashtext('${name}'));\n${ddl}`);
      return;
    } catch (err) {
      if (!isDeadlock(err) || attempt >= 5) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/** What SCHEMA_SQL creates. */
export const SCHEMA_OBJECTS: SchemaObjects = {
  relations: ['vt_events', 'vt_events_global_order', 'vt_streams', 'vt_erasures', 'vt_erased_event_ids'],
  columns: [['vt_erased_event_ids', 'copy_hash']],
};

/** Creates the event log's tables when missing. */
export async function ensureSchema(db: SqlExecutor): Promise<void> {
  await createSchemaOnce(db, 'vt_events', SCHEMA_SQL, SCHEMA_OBJECTS);
}
