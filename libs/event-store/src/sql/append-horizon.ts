import type { SqlExecutor } from './sql-client';

/**
 * The read horizon of the global order: readers read only rows whose `tx` lies below it, so a
 * transaction that took a lower `seq` but commits later can never land behind a checkpoint already
 * handed out.
 *
 * The plain horizon, the snapshot's xmin (the oldest transaction still running), is cluster-wide:
 * any long write transaction anywhere (a rebuild, another replica's projection page, another
 * application's batch job) held every reader back. So every transaction that appends events takes
 * a shared advisory lock *before* it gets its transaction id, and the horizon is the oldest
 * transaction that holds that lock and was running at the snapshot, or the snapshot's xmax when
 * none does.
 *
 * Why that is safe: a transaction with id x below the snapshot's xmax got x before the snapshot,
 * so it held the lock by then. If it still runs when the locks are read (after the snapshot, in the
 * same statement) it is found and the horizon is at most x; if not, it has ended before this
 * statement ends, and the next statement (which reads the events, with a new snapshot) sees its
 * rows. Ids at or above xmax were assigned after the snapshot and lie above the horizon anyway.
 */
export const APPEND_LOCK_KEYS = [0x76746d6f, 1] as const; // 'vtmo', appenders of vt_events

/** Marks the caller's transaction as an appender; call before its first write. Shared: appenders do not wait for each other. */
export async function lockAsAppender(tx: SqlExecutor): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock_shared($1::int, $2::int)', [...APPEND_LOCK_KEYS]);
}

/**
 * The horizon as an xid8 in text: one statement, to be followed by the read in another (each with
 * its own snapshot, so not inside a REPEATABLE READ transaction). The appenders' ids come from
 * `pg_stat_activity.backend_xid`, which a backend shows the moment it has an id (its lock on its
 * own id in `pg_locks` follows a moment later, too late to rely on). Where an appender's session
 * cannot be seen (another role without pg_read_all_stats), the plain xmin is used: slower, never wrong.
 */
export async function readHorizon(db: SqlExecutor): Promise<string> {
  const rows = await db.query<{ horizon: string }>(
    `WITH snap AS (SELECT pg_current_snapshot() AS s),
          appenders AS (
            SELECT a.backend_xid::text::bigint AS xid32, a.query = '<insufficient privilege>' AS hidden
              FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE l.locktype = 'advisory' AND l.classid = $1::oid AND l.objid = $2::oid AND l.objsubid = 2 AND l.granted)
     SELECT (CASE WHEN EXISTS (SELECT 1 FROM appenders WHERE hidden) THEN pg_snapshot_xmin(snap.s)
                  ELSE LEAST(
                    pg_snapshot_xmax(snap.s),
                    (SELECT min(x) FROM pg_snapshot_xip(snap.s) AS x
                      WHERE (x::text::numeric % 4294967296)::bigint IN (SELECT xid32 FROM appenders WHERE xid32 IS NOT NULL)))
             END)::text AS horizon
       FROM snap`,
    [...APPEND_LOCK_KEYS],
  );
  return rows[0].horizon;
}
