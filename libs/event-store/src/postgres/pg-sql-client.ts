import { Client, Pool } from 'pg';
import type { SqlClient, SqlExecutor } from '../sql/sql-client';

/**
 * TCP keep-alive on every connection: a server that vanishes without closing the connection (a
 * host gone, a network cut) is noticed by the kernel's probes after 10 s idle plus its probe
 * interval and count (Linux: 9 × 75 s), about 11 minutes, and the waiting query fails (exit 3),
 * where it waited for ever before. No time limit on the pool's own queries (a rebuild's index builds
 * take minutes); the reports read through `withTimeLimit`.
 */
const KEEP_ALIVE = { keepAlive: true, keepAliveInitialDelayMillis: 10_000 } as const;

/** After a LISTEN connection is lost: the first wait before it is opened again, and the longest. */
const LISTEN_RETRY_MS = 250;
const LISTEN_RETRY_MAX_MS = 5_000;

/** `SqlClient` over a pg connection pool; LISTEN runs on a dedicated connection. */
export class PgSqlClient implements SqlClient {
  private readonly pool: Pool;
  /** The pool of the reads with a time limit (`withTimeLimit`), made when first asked for. */
  private limited?: Pool;

  /**
   * `listenRetryMs`: the first wait before a lost LISTEN connection is opened again (default
   * LISTEN_RETRY_MS; tests make it longer to stop a client while it waits).
   */
  constructor(
    readonly connectionString: string,
    poolSize = 10,
    private readonly listenRetryMs = LISTEN_RETRY_MS,
  ) {
    this.pool = new Pool({ connectionString, max: poolSize, connectionTimeoutMillis: 5000, ...KEEP_ALIVE });
    // An idle client that loses its server must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
    return (await this.pool.query(sql, params)).rows as T[];
  }

  /**
   * Reads that give up after `ms`: on a pool of their own whose sessions carry `statement_timeout`
   * (the server cancels a statement still running then, so reads asked again and again do not pile
   * up on a slow server) and whose client waits a little longer for an answer (`query_timeout`: a
   * server gone from the network without a reset). Either way the read fails as out of reach.
   */
  withTimeLimit(ms: number): SqlExecutor {
    const pool = (this.limited ??= new Pool({ connectionString: this.connectionString, max: 10, connectionTimeoutMillis: 5000, statement_timeout: ms, query_timeout: ms + 2000, ...KEEP_ALIVE }));
    pool.on('error', () => undefined);
    return {
      query: async <T>(sql: string, params?: unknown[]) => {
        try {
          return (await pool.query(sql, params)).rows as T[];
        } catch (err) {
          // pg says 'Query read timeout' (no answer), the server 57014 (cancelled): ETIMEDOUT makes
          // either what it is to the callers, out of reach for now, try again.
          if ((err as Error)?.message === 'Query read timeout' || (err as { code?: string })?.code === '57014') {
            throw Object.assign(new Error(`the database gave no answer within ${ms / 1000} s`), { code: 'ETIMEDOUT' });
          }
          throw err;
        }
      },
    };
  }

  async transaction<R>(fn: (tx: SqlExecutor) => Promise<R>): Promise<R> {
    const client = await this.pool.connect();
    // A checked-out client has no listener of the pool's: a connection lost between two of the
    // transaction's statements (the server restarted, the session terminated) was an uncaught
    // 'error' event that ended the process (an import exited 1, not 3). Now the next statement fails
    // as the server out of reach, and the broken connection is not put back in the pool.
    let lost: Error | undefined;
    const onError = (err: Error) => (lost = err);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await fn({ query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[] });
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.off('error', onError);
      client.release(lost);
    }
  }

  async withSessionLock<R>(keys: readonly [number, number], fn: () => Promise<R>): Promise<R> {
    const client = await this.pool.connect();
    let healthy = true;
    // A checked-out client has no listener of the pool's: without this one, a connection lost
    // while `fn` runs would be an uncaught error. The lock goes with the session (fn runs on).
    const lost = () => (healthy = false);
    client.on('error', lost);
    try {
      // This session waits idle while fn works on other connections: no idle-session timeout may end it.
      await client.query(`SET idle_session_timeout = 0`).catch(() => undefined);
      await client.query('SELECT pg_advisory_lock($1::int, $2::int)', [...keys]);
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1::int, $2::int)', [...keys]).catch(() => (healthy = false));
      }
    } finally {
      // A connection that could not unlock is closed: ending its session releases the lock.
      client.off('error', lost);
      client.release(!healthy);
    }
  }

  /**
   * LISTEN on a connection of its own, kept: when it is lost (the server restarted, an
   * administrator ended the session) it is opened again, after LISTEN_RETRY_MS and then twice as
   * long each time up to LISTEN_RETRY_MAX_MS (each try gives up after 5 s), and `listener` is called once it is back, for
   * whatever was notified meanwhile. Without this, a service lost its notifications for good after
   * a server restart and saw appends only by its subscription's poll. The first connection's
   * failure is thrown; the sessions show as `vt-monitor listen` in pg_stat_activity.
   */
  async listen(channel: string, listener: () => void): Promise<() => Promise<void>> {
    let stopped = false;
    let current: Client | undefined;
    let connecting: Client | undefined;
    let retry: NodeJS.Timeout | undefined;
    let delay = this.listenRetryMs;
    // A listener's failure is its own: it must not end the process or the retries.
    const notify = () => {
      if (stopped) return;
      try {
        listener();
      } catch {
        // nothing to do here: the listener reports its own failures
      }
    };
    const connect = async (): Promise<void> => {
      const client = new Client({ connectionString: this.connectionString, application_name: 'vt-monitor listen', connectionTimeoutMillis: 5_000, ...KEEP_ALIVE });
      connecting = client;
      // An error ends the connection ('end' follows): handled there, never an uncaught error.
      client.on('error', () => undefined);
      client.on('notification', (n) => {
        if (n.channel === channel) notify();
      });
      try {
        await client.connect();
        // Idle by nature: no idle-session timeout may end it (PostgreSQL 14 and later have one).
        await client.query('SET idle_session_timeout = 0').catch(() => undefined);
        await client.query(`LISTEN ${channel}`);
      } catch (err) {
        await client.end().catch(() => undefined);
        throw err;
      } finally {
        if (connecting === client) connecting = undefined;
      }
      if (stopped) return void (await client.end().catch(() => undefined));
      current = client;
      client.once('end', () => {
        current = undefined;
        if (!stopped) reconnectLater();
      });
    };
    const reconnectLater = () => {
      retry = setTimeout(() => {
        connect().then(
          () => {
            delay = this.listenRetryMs;
            notify();
          },
          () => {
            delay = Math.min(delay * 2, LISTEN_RETRY_MAX_MS);
            if (!stopped) reconnectLater();
          },
        );
      }, delay);
      retry.unref();
    };
    await connect();
    return async () => {
      stopped = true;
      clearTimeout(retry);
      // Also a connection still being opened: one to a server that drops packets would otherwise
      // hold the process until the connect timeout.
      await Promise.all([current, connecting].map((c) => c?.end().catch(() => undefined)));
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.end(), this.limited?.end()]);
  }
}
