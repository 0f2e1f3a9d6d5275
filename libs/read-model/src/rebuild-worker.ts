// A worker thread of `vt-monitor rebuild` on PostgreSQL: folds one share of the log's cases with a
// connection pool of its own, and reports its progress and result to the thread that started it.
import { parentPort, workerData } from 'node:worker_threads';
import { PgSqlClient } from '../../event-store/src/postgres/pg-sql-client';
import { createProjectionConfig, type ProjectionSettings } from '../../projections/src/config/projection-config';
import { foldLog, type FoldLogOptions, type FoldLogResult } from './fold-log';

export interface RebuildWorkerData {
  connectionString: string;
  settings: ProjectionSettings;
  options: Omit<FoldLogOptions, 'onEvents'>;
}

/** What a worker posts: its events read so far, after each page; then its result. */
export type RebuildWorkerMessage = { events: number } | { done: FoldLogResult };

async function run(port: NonNullable<typeof parentPort>, data: RebuildWorkerData): Promise<void> {
  const db = new PgSqlClient(data.connectionString, 4);
  try {
    const done = await foldLog(db, createProjectionConfig(data.settings), { ...data.options, onEvents: (events) => port.postMessage({ events } satisfies RebuildWorkerMessage) });
    port.postMessage({ done } satisfies RebuildWorkerMessage);
  } finally {
    await db.close();
  }
}

// A failure is thrown as an uncaught exception (whatever --unhandled-rejections says): it ends the
// thread with an 'error' event carrying it, and the starting thread rejects with it.
if (parentPort) {
  run(parentPort, workerData as RebuildWorkerData).catch((err: unknown) =>
    setImmediate(() => {
      throw err;
    }),
  );
}
