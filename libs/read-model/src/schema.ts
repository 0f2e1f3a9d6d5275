import { createSchemaOnce, type SqlExecutor } from '../../event-store/src';

/**
 * Where the projections read a case's events:
 * - `log`: the read models live in the event log's own database (PostgreSQL or PGlite store), so
 *   they read `vt_events` by stream and keep no copy of the log;
 * - `copy`: the read models have a database of their own (KurrentDB store), so they keep a copy of
 *   each case's events in `rm_case_events`.
 */
export type CaseEventSource = 'log' | 'copy';

/** `log` when the event log's table is in this database, else `copy`. */
export async function detectCaseEventSource(db: SqlExecutor): Promise<CaseEventSource> {
  const rows = await db.query<{ log: boolean }>(`SELECT to_regclass('vt_events') IS NOT NULL AS log`);
  return rows[0]?.log ? 'log' : 'copy';
}

/**
 * The read models, in the same database as the event log when that is SQL (so a page of events
 * and the checkpoint after it commit together), else in an embedded database of their own. Each
 * case's fold is stored with the case, so a rebuild writes a few rows per case, not one per fact
 * and span, and a refold replaces a case's rows.
 *
 * rm_cases: one row per case: its spans (stocks) as a compact JSON array, with the range a stock
 * report finds them by (spans_from, open_until) and the latest deadline of its legal clocks (the
 * term alerts); when its events occurred and whether (and when) it was closed, to find the cases
 * an as-of report must fold again. rm_case_facts: a case's facts (flows) of one month, so a period's
 * report reads only its months. rm_quality: lifecycle oddities, one row per oddity.
 *
 * rm_checkpoints holds the read models' state, one row per name:
 * - `indicators`: the log position applied last (`start`: nothing yet; `rebuilding`: a rebuild has
 *   emptied the tables and not finished, see checkpoint.ts);
 * - `indicators:generation`: a new id per rebuild, so a reader can tell it read across one
 *   (read-complete.ts);
 * - `indicators:fold` and `indicators:settings`: the FOLD_VERSION and the VT_CONFIG settings the rows
 *   were folded with (fold-version.ts).
 *
 * PostgreSQL advisory locks of the log and the read models, all under the key 'vtmo' (0x76746d6f):
 * 1 the log's appenders, shared (readers find them in pg_locks for the append horizon: event-store
 * append-horizon.ts);
 * 3 a rebuild, which has the read models to itself; 4 one page or erasure at a time across the
 * runners of all processes (both read-model-lock.ts). 2 is not used. Schema creation takes
 * `hashtext(<schema name>)` (event-store createSchemaOnce).
 */
export const READ_MODEL_TABLES_SQL = `
CREATE TABLE IF NOT EXISTS rm_checkpoints (
  name       text PRIMARY KEY,
  position   text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS rm_cases (
  case_key           text NOT NULL,
  organisation       text NOT NULL,
  case_id            text NOT NULL,
  gemeente           text NOT NULL,
  first_at           timestamptz NOT NULL,
  last_at            timestamptz NOT NULL,
  closed_at          timestamptz,
  closed_recorded_at timestamptz,
  retractions        boolean NOT NULL,
  spans_from         timestamptz,
  open_until         timestamptz,
  deadline_max       date,
  spans              json NOT NULL,
  contacts           json NOT NULL
);
CREATE TABLE IF NOT EXISTS rm_case_facts (
  case_key     text NOT NULL,
  organisation text NOT NULL,
  month        date NOT NULL,
  gemeente     text NOT NULL,
  facts        json NOT NULL
);
CREATE TABLE IF NOT EXISTS rm_quality (
  case_key     text NOT NULL,
  organisation text NOT NULL,
  case_id      text NOT NULL,
  kind         text NOT NULL,
  event_id     text
);
`;

/**
 * The indexes of the derived tables. A rebuild drops them before it loads the tables and builds
 * them after (a sorted build costs less than keeping them up to date row by row).
 * - rm_cases_case, rm_case_facts_case, rm_quality_case: a case's rows (refold, erasure, one clock);
 * - rm_cases_org_first: the cases an as-of report folds again;
 * - rm_cases_org_open: the cases in a state at an instant (open_until > t, spans_from <= t), read
 *   from the index alone before their rows are fetched by case_key;
 * - rm_cases_deadline: the cases with a legal clock's deadline in the alerts' window;
 * - rm_case_facts_org_month: the facts of a period's months.
 */
export const READ_MODEL_INDEXES: readonly { name: string; on: string }[] = [
  { name: 'rm_cases_case', on: 'rm_cases (case_key)' },
  { name: 'rm_cases_org_first', on: 'rm_cases (organisation, first_at) INCLUDE (case_key, last_at, closed_at, closed_recorded_at, retractions)' },
  { name: 'rm_cases_org_open', on: 'rm_cases (organisation, open_until) INCLUDE (spans_from, case_key)' },
  { name: 'rm_cases_deadline', on: 'rm_cases (deadline_max) WHERE deadline_max IS NOT NULL' },
  { name: 'rm_case_facts_org_month', on: 'rm_case_facts (organisation, month)' },
  { name: 'rm_case_facts_case', on: 'rm_case_facts (case_key)' },
  { name: 'rm_quality_case', on: 'rm_quality (case_key)' },
  { name: 'rm_quality_org', on: 'rm_quality (organisation)' },
];

export const READ_MODEL_SQL = [READ_MODEL_TABLES_SQL, ...READ_MODEL_INDEXES.map((i) => `CREATE INDEX IF NOT EXISTS ${i.name} ON ${i.on};`)].join('\n');

/** The copy of the log, only when the read models have a database of their own (`copy`). */
export const CASE_EVENTS_COPY_SQL = `
CREATE TABLE IF NOT EXISTS rm_case_events (
  event_id     uuid PRIMARY KEY,
  case_key     text NOT NULL,
  organisation text NOT NULL,
  occurred_at  timestamptz NOT NULL,
  recorded_at  timestamptz NOT NULL,
  body         jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS rm_case_events_case ON rm_case_events (case_key);
`;

/** The tables of READ_MODEL_TABLES_SQL. */
const READ_MODEL_TABLE_NAMES = ['rm_checkpoints', 'rm_cases', 'rm_case_facts', 'rm_quality'];

/** The tables derived from the events: emptied by a rebuild, per case by an erasure. */
export const DERIVED_TABLES = ['rm_cases', 'rm_case_facts', 'rm_quality'];

/** Every read-model table of a source (what a rebuild truncates). */
export function readModelTables(source: CaseEventSource): string[] {
  return ['rm_checkpoints', ...(source === 'copy' ? ['rm_case_events'] : []), ...DERIVED_TABLES];
}

/**
 * Creates the read models for the database's source. Read models of an earlier layout (before
 * the folds were stored with the cases: no rm_case_facts) are dropped, checkpoint included: the
 * runner then builds them again from the log (or run `vt-monitor rebuild`). In a `log` database a
 * copy of the log left by a layout is dropped.
 */
export async function ensureReadModelSchema(db: SqlExecutor): Promise<CaseEventSource> {
  const source = await detectCaseEventSource(db);
  const [layout] = await db.query<{ current: boolean; earlier: boolean }>(
    `SELECT to_regclass('rm_case_facts') IS NOT NULL AS current, to_regclass('rm_checkpoints') IS NOT NULL AS earlier`,
  );
  if (!layout.current && layout.earlier) {
    await db.query(`DROP TABLE IF EXISTS rm_checkpoints, rm_cases, rm_facts, rm_spans, rm_quality${source === 'log' ? ', rm_case_events' : ''}`);
  }
  // Skipped when all there (the DDL would lock the tables another replica writes); a missing index (a rebuild killed before it built them) is made here.
  await createSchemaOnce(db, 'vt_read_models', READ_MODEL_SQL, { relations: [...READ_MODEL_TABLE_NAMES, ...READ_MODEL_INDEXES.map((i) => i.name)] });
  if (source === 'copy') await db.query(CASE_EVENTS_COPY_SQL);
  return source;
}
