import { setTimeout as sleep } from 'node:timers/promises';
import type { SqlClient, SqlExecutor } from '../../event-store/src';

/** Advisory lock keys of the read models' writers ('vtmo', 3; 'vtmo', 1 is the log's appenders). */
const READ_MODEL_LOCK_KEYS = [0x76746d6f, 3] as const;
/** The lock one page (or erasure) at a time holds among the runners of all processes ('vtmo', 4). */
const APPLY_LOCK_KEYS = [0x76746d6f, 4] as const;

/**
 * Runs `fn` (a rebuild) with the read models to itself: the pages of every projection runner and
 * every erasure, in any process, wait until it is done (see `shareReadModels`), so none writes or
 * deletes rows of a case while the rebuild writes that case's rows too. Several rebuilds run one
 * after the other.
 */
export function withReadModelsToItself<R>(db: SqlClient, fn: () => Promise<R>): Promise<R> {
  return db.withSessionLock ? db.withSessionLock(READ_MODEL_LOCK_KEYS, fn) : fn();
}

/**
 * In a transaction that writes read-model rows (a runner's page, an erasure): waits while a rebuild
 * has the read models to itself (pages wait for each other in `applyOneAtATime`). It asks again every 250 ms
 * rather than queueing for the lock: a statement that waits holds a snapshot, and the rebuild's
 * VACUUM could then not mark the new tables' pages all-visible (the reports read their indexes alone).
 */
export async function shareReadModels(db: SqlClient, tx: SqlExecutor): Promise<void> {
  if (!db.withSessionLock) return;
  for (;;) {
    const [row] = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock_shared($1::int, $2::int) AS ok', [...READ_MODEL_LOCK_KEYS]);
    if (row?.ok) return;
    await sleep(250);
  }
}

/**
 * In a transaction that refolds cases (a runner's page, an erasure), after `shareReadModels`: waits
 * until no other such transaction, in any process, is under way. Replicas of the service each run
 * a runner over the same read models and both apply every page; a refold deletes a case's rows
 * and inserts new ones, and two at once (read committed) each found nothing to delete and each
 * inserted: the case counted twice. One after the other, the second replaces the first's rows
 * with the same ones. Held to the commit; the rebuild's lock is taken first, so they cannot deadlock.
 */
export async function applyOneAtATime(db: SqlClient, tx: SqlExecutor): Promise<void> {
  if (!db.withSessionLock) return;
  await tx.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [...APPLY_LOCK_KEYS]);
}

/**
 * Whether a rebuild has the read models now (on a database server; the embedded store is one
 * process). Looks at pg_locks (this database's), so that it takes no lock and never waits.
 */
export async function rebuildRunning(db: SqlClient): Promise<boolean> {
  if (!db.withSessionLock) return false;
  const [row] = await db.query<{ held: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND classid = $1::int::oid AND objid = $2::int::oid AND objsubid = 2 AND mode = 'ExclusiveLock' AND granted) AS held`,
    [...READ_MODEL_LOCK_KEYS],
  );
  return row?.held ?? false;
}

/**
 * In a transaction: takes the read models to itself until the commit if no rebuild, page or
 * erasure has them now (true), else leaves them (false) without waiting. Always true on the
 * embedded store (one process).
 */
export async function tryReadModelsToItself(db: SqlClient, tx: SqlExecutor): Promise<boolean> {
  if (!db.withSessionLock) return true;
  const [row] = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1::int, $2::int) AND pg_try_advisory_xact_lock($3::int, $4::int) AS ok', [...READ_MODEL_LOCK_KEYS, ...APPLY_LOCK_KEYS]);
  return row?.ok ?? false;
}
