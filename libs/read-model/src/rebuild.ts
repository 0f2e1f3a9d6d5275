import { START, type EventStore, type SqlClient } from '../../event-store/src';
import type { ProjectionConfig } from '../../projections/src';
import { insertCaseEvents, refoldCases } from './case-rows';
import { writeCheckpoint } from './checkpoint';
import { READ_MODEL_TABLES } from './schema';

export interface RebuildProgress {
  phase: 'copy' | 'fold';
  done: number;
  total?: number;
}

/**
 * Drops every read model and rebuilds it from the log in two passes: copy all events (pages of
 * `pageSize`), then fold each case once. The checkpoint is cleared first and written last, so a
 * rebuild that dies half-way leaves read models that the runner completes from the start.
 */
export async function rebuildReadModels(
  store: EventStore,
  db: SqlClient,
  config: ProjectionConfig,
  options: { pageSize?: number; casesPerFold?: number; onProgress?(p: RebuildProgress): void } = {},
): Promise<{ events: number; cases: number }> {
  const pageSize = options.pageSize ?? 5000;
  await db.query(`TRUNCATE ${READ_MODEL_TABLES.join(', ')}`);
  let from = START;
  let events = 0;
  for (;;) {
    const page = await store.readAll({ from, limit: pageSize });
    if (page.events.length === 0) break;
    await db.transaction((tx) => insertCaseEvents(tx, page.events));
    events += page.events.length;
    from = page.next;
    options.onProgress?.({ phase: 'copy', done: events });
  }
  const keys = (await db.query<{ case_key: string }>('SELECT DISTINCT case_key FROM rm_case_events ORDER BY case_key')).map((r) => r.case_key);
  const chunk = options.casesPerFold ?? 2000;
  for (let i = 0; i < keys.length; i += chunk) {
    await db.transaction((tx) => refoldCases(tx, keys.slice(i, i + chunk), config));
    options.onProgress?.({ phase: 'fold', done: Math.min(i + chunk, keys.length), total: keys.length });
  }
  await db.transaction((tx) => writeCheckpoint(tx, from));
  // Fresh tables have no planner statistics yet; without them report queries can pick poor plans.
  await db.query(`ANALYZE ${READ_MODEL_TABLES.join(', ')}`);
  return { events, cases: keys.length };
}
