/** The little of a SQL connection the store needs; PostgreSQL (pg) and PGlite both provide it. */
export interface SqlExecutor {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface SqlClient extends SqlExecutor {
  /** Where another connection (a worker thread's) reaches the same database; none for one inside this process (PGlite). */
  readonly connectionString?: string;
  /**
   * Runs `fn` while holding the session-level advisory lock `keys` on a connection of its own (not
   * in a transaction, so idle_in_transaction_session_timeout does not end it). Absent for a
   * database inside this process (PGlite): no other process can use it at the same time.
   */
  withSessionLock?<R>(keys: readonly [number, number], fn: () => Promise<R>): Promise<R>;
  /**
   * The same database for queries that give up after `ms` without an answer (a server gone from
   * the network without a reset, which TCP keep-alive notices only after about 11 minutes): the
   * query fails with 'Query read timeout' and its connection is dropped. For the reads a person
   * waits for. Absent for a database inside this process (PGlite): it cannot vanish that way.
   */
  withTimeLimit?(ms: number): SqlExecutor;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<R>(fn: (tx: SqlExecutor) => Promise<R>): Promise<R>;
  /** Calls `listener` on NOTIFY of `channel`, from any process where the backend allows. */
  listen(channel: string, listener: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
