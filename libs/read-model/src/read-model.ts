import { join, resolve } from 'node:path';
import { PgliteSqlClient, SqlEventStore, streamIdOf, type EventStore, type SqlClient } from '../../event-store/src';
import { alertFingerprintsOfCase } from '../../alerts/src';
import type { ProjectionConfig } from '../../projections/src';
import { assertReadModelsOfTheseSettings, foldSettingsOf, markReadModelsOfAnotherFold } from './fold-version';
import { AS_OF_PARALLEL, IndicatorQueries } from './indicator-queries';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';
import { applyOneAtATime, shareReadModels } from './read-model-lock';
import { ensureReadModelSchema, readModelTables } from './schema';

export interface ReadModel {
  readonly db: SqlClient;
  readonly queries: IndicatorQueries;
  createRunner(options?: ProjectionRunnerOptions): ProjectionRunner;
  /** The term settings this process folds with (fold-version.ts): readers pass them to `readComplete` to refuse read models of others. */
  settings: string;
  /** Removes a case from every read model (after `store.eraseCase`). */
  eraseCase(organisation: string, caseId: string): Promise<void>;
  /**
   * After an erasure: VACUUM of the tables it deleted from (the log's too when it lives in this
   * database), index entries included, so that the case's rows and index entries leave the
   * database's pages now rather than when autovacuum comes by (PGlite has none). What VACUUM leaves
   * is in the README (`vt-monitor erase`).
   */
  vacuumAfterErasure(): Promise<void>;
  close(): Promise<void>;
}

/**
 * How long one of a report's queries may go without an answer before it fails as 'database out of
 * reach' (HTTP 503, exit 3). Each query is short: the slowest report measured (an as-of year of 24
 * organisations under one code, 15M events, 14–29 s, bench/README.md) reads in queries of under a
 * second each. A server gone from the network would otherwise keep a dashboard or a `report`
 * waiting for TCP keep-alive, about 11 minutes.
 */
export const READ_TIME_LIMIT_MS = 30_000;

export interface ReadModelOptions {
  /** Instead of READ_TIME_LIMIT_MS (tests). */
  readTimeLimitMs?: number;
  /** Open read models folded with other settings (VT_CONFIG) too: for `vt-monitor rebuild`, which folds them again. */
  otherSettings?: boolean;
}

/**
 * Opens the read models beside a store: in the store's own database when it is SQL (one
 * transaction for a page and its checkpoint), else in an embedded database in
 * VT_READ_MODEL_DIR (default ./data/read-models).
 */
export async function openReadModel(store: EventStore, config: ProjectionConfig, options: ReadModelOptions = {}): Promise<ReadModel> {
  const own = store instanceof SqlEventStore ? undefined : await PgliteSqlClient.open(resolve(process.env.VT_READ_MODEL_DIR ?? join('data', 'read-models')));
  const db: SqlClient = own ?? (store as SqlEventStore).sql;
  const source = await ensureReadModelSchema(db);
  // Folded by another release: rebuilt by the runner (reports answer 503, rebuilding, until then).
  await markReadModelsOfAnotherFold(db, config);
  // Folded with other term lengths or decree days: reports would mix them with this process's
  // (as-of answers, new events); refused until the settings agree or a rebuild folds them again.
  if (!options.otherSettings) await assertReadModelsOfTheseSettings(db, config);
  return {
    db,
    // Reports read with a time limit where the database is a server; the runner and the rebuild do not (an index build takes minutes).
    queries: new IndicatorQueries(
      db.withTimeLimit?.(options.readTimeLimitMs ?? READ_TIME_LIMIT_MS) ?? db,
      config,
      db.connectionString ? AS_OF_PARALLEL : 1,
    ),
    createRunner: (options) => new ProjectionRunner(store, db, config, options),
    settings: foldSettingsOf(config),
    eraseCase: async (organisation, caseId) => {
      const key = streamIdOf(organisation, caseId);
      await db.transaction(async (tx) => {
        // After a rebuild that is running: else it could write the case's rows again.
        await shareReadModels(db, tx);
        // After a runner's page that refolds this case: else it could write the case's rows back.
        await applyOneAtATime(db, tx);
        for (const table of readModelTables(source).filter((t) => t !== 'rm_checkpoints')) await tx.query(`DELETE FROM ${table} WHERE case_key = $1`, [key]);
        // The term alerts' delivery log beside the read models (apps/service/src/alerts): the case's
        // alerts, their resolved messages included, so nothing of the case outlives it there either.
        const [log] = await tx.query<{ exists: boolean }>(`SELECT to_regclass('vt_alert_deliveries') IS NOT NULL AS exists`);
        if (log?.exists) {
          const fingerprints = alertFingerprintsOfCase(organisation, caseId);
          await tx.query(`DELETE FROM vt_alert_deliveries WHERE fingerprint = ANY($1::text[])`, [[...fingerprints, ...fingerprints.map((f) => `${f}:resolved`)]]);
        }
      });
    },
    vacuumAfterErasure: async () => {
      const [log] = await db.query<{ exists: boolean }>(`SELECT to_regclass('vt_alert_deliveries') IS NOT NULL AS exists`);
      const tables = [...(source === 'log' ? ['vt_events', 'vt_streams'] : []), ...readModelTables(source).filter((t) => t !== 'rm_checkpoints'), ...(log?.exists ? ['vt_alert_deliveries'] : [])];
      // Outside a transaction (VACUUM cannot run in one), one table after another. INDEX_CLEANUP ON:
      // by default VACUUM leaves the index entries of a few deleted rows (under 2 % of the table's
      // pages: one case always is), and those hold the case's stream id.
      for (const table of tables) await db.query(`VACUUM (INDEX_CLEANUP ON) ${table}`);
    },
    close: async () => {
      await own?.close();
    },
  };
}
