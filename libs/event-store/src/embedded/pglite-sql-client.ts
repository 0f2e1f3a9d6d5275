import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import type { SqlClient, SqlExecutor } from '../sql/sql-client';
import { acquireDirectoryLock, type DirectoryLock } from './directory-lock';

/**
 * `SqlClient` over PGlite: PostgreSQL compiled to WASM, running in this process on a data
 * directory. One process at a time may open a directory (a lock file says which).
 */
export class PgliteSqlClient implements SqlClient {
  private constructor(private readonly db: PGlite, private readonly lock: DirectoryLock) {}

  static async open(dir: string): Promise<PgliteSqlClient> {
    mkdirSync(dir, { recursive: true });
    const lock = acquireDirectoryLock(dir);
    try {
      const db = await PGlite.create(dir);
      return new PgliteSqlClient(db, lock);
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
    if (!params || params.length === 0) {
      const results = await this.db.exec(sql);
      return (results[results.length - 1]?.rows ?? []) as T[];
    }
    return (await this.db.query<T>(sql, params)).rows;
  }

  transaction<R>(fn: (tx: SqlExecutor) => Promise<R>): Promise<R> {
    return this.db.transaction((tx) => fn({ query: async <T>(sql: string, params?: unknown[]) => (await tx.query<T>(sql, params)).rows }));
  }

  async listen(channel: string, listener: () => void): Promise<() => Promise<void>> {
    return this.db.listen(channel, listener);
  }

  async close(): Promise<void> {
    try {
      await this.db.close();
    } finally {
      this.lock.release();
    }
  }
}
