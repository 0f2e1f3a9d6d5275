import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { setImmediate as turn } from 'node:timers/promises';
import type { SqlClient, SqlExecutor } from '../sql/sql-client';
import { acquireDirectoryLock, type DirectoryLock } from './directory-lock';
import { tablesToMaintain, type TableSize } from './tables-to-maintain';

/** How often an open directory looks for tables to VACUUM ANALYZE (PGlite has no autovacuum). */
export const MAINTENANCE_INTERVAL_MS = 60_000;

/**
 * `SqlClient` over PGlite: PostgreSQL compiled to WASM, running in this process on a data
 * directory. One process at a time may open a directory (a lock file says which).
 *
 * Each query runs on this thread and resolves without a turn of the event loop, so work made of
 * many queries (an as-of report folds its cases chunk by chunk) would hold every other request,
 * health probes included, until it is done. So each query ends with a turn of the event loop
 * (`setImmediate`): sockets and timers are served between one query and the next.
 *
 * PGlite runs no background processes, so no autovacuum: without it a table is never analyzed
 * and the planner guesses. A read of 100 cases' events by `stream_id = ANY(…)` was then planned as
 * a scan of the whole log (210 ms on the seeded 271,266 events, against 9 ms along the index), and
 * the rows a refold deletes were never vacuumed. So the client does autovacuum's work itself: at
 * open and every MAINTENANCE_INTERVAL_MS it runs VACUUM ANALYZE on the tables that have grown or
 * shrunk by a tenth since their last one (tables-to-maintain.ts). Each such VACUUM ANALYZE is one
 * call that holds the thread: measured on the seeded log (271,266 events), 0.4 s when its two
 * largest tables had grown by 15 % (ANALYZE reads a sample of fixed size; VACUUM the pages added),
 * so about once per tenth of growth a request waits that long.
 */
export class PgliteSqlClient implements SqlClient {
  private maintenance: Promise<string[]> | undefined;
  private readonly timer: NodeJS.Timeout;

  private constructor(private readonly db: PGlite, private readonly lock: DirectoryLock) {
    this.timer = setInterval(() => void this.maintain().catch(() => undefined), MAINTENANCE_INTERVAL_MS);
    // Never what keeps a command's process alive.
    this.timer.unref();
  }

  static async open(dir: string): Promise<PgliteSqlClient> {
    mkdirSync(dir, { recursive: true });
    const lock = acquireDirectoryLock(dir);
    let client: PgliteSqlClient | undefined;
    try {
      client = new PgliteSqlClient(await PGlite.create(dir), lock);
      // A log appended by an earlier process (an import, a seed) is analyzed before it is read.
      // Statistics only make plans better: a store whose maintenance fails still opens.
      await client.maintain().catch((err: unknown) => process.stderr.write(`embedded store: VACUUM ANALYZE at open failed, queries are planned without fresh statistics: ${(err as Error).message}\n`));
      return client;
    } catch (err) {
      if (client) await client.close().catch(() => undefined);
      else lock.release();
      throw err;
    }
  }

  /**
   * VACUUM ANALYZE of each table grown or shrunk by a tenth (at least 8 pages) since its last
   * VACUUM or ANALYZE, one at a time, outside any transaction; returns their names. One run at a
   * time: a call during a run gets that run.
   */
  maintain(): Promise<string[]> {
    this.maintenance ??= (async () => {
      try {
        // `qualified`: schema and name quoted by PostgreSQL itself (format's %I), for the VACUUM.
        const sizes = await this.query<TableSize & { qualified: string }>(
          `SELECT c.relname AS name, format('%I.%I', n.nspname, c.relname) AS qualified, c.reltuples::float8 AS tuples,
                  c.relpages::int AS pages_then, (pg_relation_size(c.oid) / current_setting('block_size')::int)::int AS pages_now
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname = current_schema()`,
        );
        const qualified = new Map(sizes.map((t) => [t.name, t.qualified]));
        const tables = tablesToMaintain(sizes);
        for (const table of tables) await this.query(`VACUUM ANALYZE ${qualified.get(table)}`);
        return tables;
      } finally {
        this.maintenance = undefined;
      }
    })();
    return this.maintenance;
  }

  query<T>(sql: string, params?: unknown[]): Promise<T[]> {
    return thenATurn(async () => {
      if (!params || params.length === 0) {
        const results = await this.db.exec(sql);
        return (results[results.length - 1]?.rows ?? []) as T[];
      }
      return (await this.db.query<T>(sql, params)).rows;
    });
  }

  transaction<R>(fn: (tx: SqlExecutor) => Promise<R>): Promise<R> {
    return this.db.transaction((tx) => fn({ query: <T>(sql: string, params?: unknown[]) => thenATurn(async () => (await tx.query<T>(sql, params)).rows) }));
  }

  async listen(channel: string, listener: () => void): Promise<() => Promise<void>> {
    return this.db.listen(channel, listener);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    try {
      await this.maintenance?.catch(() => undefined);
      await this.db.close();
    } finally {
      this.lock.release();
    }
  }
}

/** Runs a query, then gives the event loop a turn (see the class), also when it failed. */
async function thenATurn<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } finally {
    await turn();
  }
}
