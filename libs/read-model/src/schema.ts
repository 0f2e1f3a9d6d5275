import type { SqlExecutor } from '../../event-store/src';

/**
 * The read models, in the same database as the event log when that is SQL (so a page of events
 * and the checkpoint after it commit together), else in an embedded database of their own.
 *
 * rm_case_events: the projection's own copy of each case's events (also what as-of queries fold);
 * rm_facts: flows, one row per counted thing, dated; rm_spans: stocks, one row per interval a case
 * spends in a state; rm_quality: lifecycle oddities.
 */
export const READ_MODEL_SQL = `
CREATE TABLE IF NOT EXISTS rm_checkpoints (
  name       text PRIMARY KEY,
  position   text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS rm_case_events (
  event_id     uuid PRIMARY KEY,
  case_key     text NOT NULL,
  organisation text NOT NULL,
  occurred_at  timestamptz NOT NULL,
  recorded_at  timestamptz NOT NULL,
  body         jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS rm_case_events_case ON rm_case_events (case_key);
CREATE INDEX IF NOT EXISTS rm_case_events_org_time ON rm_case_events (organisation, occurred_at);
CREATE TABLE IF NOT EXISTS rm_facts (
  case_key     text NOT NULL,
  organisation text NOT NULL,
  key          text NOT NULL,
  date         date NOT NULL,
  gemeente     text NOT NULL,
  dims         jsonb NOT NULL,
  tijdig       boolean,
  days         integer
);
CREATE INDEX IF NOT EXISTS rm_facts_org_date ON rm_facts (organisation, date);
CREATE INDEX IF NOT EXISTS rm_facts_case ON rm_facts (case_key);
CREATE TABLE IF NOT EXISTS rm_spans (
  case_key     text NOT NULL,
  organisation text NOT NULL,
  case_id      text NOT NULL,
  kind         text NOT NULL,
  during       tstzrange NOT NULL,
  entered_at   timestamptz NOT NULL,
  deadline     date,
  gemeente     text NOT NULL,
  dims         jsonb NOT NULL,
  contacts     jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS rm_spans_during ON rm_spans USING gist (during);
CREATE INDEX IF NOT EXISTS rm_spans_case ON rm_spans (case_key);
CREATE TABLE IF NOT EXISTS rm_quality (
  case_key     text NOT NULL,
  organisation text NOT NULL,
  case_id      text NOT NULL,
  kind         text NOT NULL,
  event_id     text
);
CREATE INDEX IF NOT EXISTS rm_quality_case ON rm_quality (case_key);
CREATE INDEX IF NOT EXISTS rm_quality_org ON rm_quality (organisation);
`;

export const READ_MODEL_TABLES = ['rm_checkpoints', 'rm_case_events', 'rm_facts', 'rm_spans', 'rm_quality'];

export async function ensureReadModelSchema(db: SqlExecutor): Promise<void> {
  await db.query(READ_MODEL_SQL);
}
