import type { SqlClient, SqlExecutor } from '../../event-store/src';

/** Advisory lock keys of the read models' writers ('vtmo', 3; 'vtmo', 1 is the log's appenders). */
const READ_MODEL_LOCK_KEYS = [0x76746d6f, 3] as const;

/**
 * Runs `fn` (a rebuild) with the read models to itself: the pages of every projection runner, in
 * any process, wait until it is done (see `shareReadModels`), so none writes rows of a case while
 * the rebuild writes that case's rows too. Several rebuilds run one after the other.
 */
export function withReadModelsToItself<R>(db: SqlClient, fn: () => Promise<R>): Promise<R> {
  return db.withSessionLock ? db.withSessionLock(READ_MODEL_LOCK_KEYS, fn) : fn();
}

/** In a projection runner's page transaction: waits while a rebuild has the read models to itself. Pages do not wait for each other. */
export async function shareReadModels(db: SqlClient, tx: SqlExecutor): Promise<void> {
  if (db.withSessionLock) await tx.query('SELECT pg_advisory_xact_lock_shared($1::int, $2::int)', [...READ_MODEL_LOCK_KEYS]);
}
