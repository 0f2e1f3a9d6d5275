import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ProjectionSettings } from '../../projections/src';
import type { FoldLogOptions, FoldLogResult } from './fold-log';
import type { RebuildWorkerData, RebuildWorkerMessage } from './rebuild-worker';

/**
 * `foldLog` in `workers` threads at once, each over its own share of the cases (a hash of the case
 * key) with its own connections: the fold is CPU work in JavaScript, and a case needs only its own
 * events. `onEvents` gets the sum of what the threads have read. When one thread fails the others
 * are stopped and the error is thrown.
 */
export async function foldLogInWorkers(connectionString: string, settings: ProjectionSettings, workers: number, options: FoldLogOptions): Promise<FoldLogResult> {
  const { onEvents, ...shared } = options;
  // Built code runs the worker's .js; under the tests (TypeScript sources) it is compiled on load.
  const ext = extname(__filename);
  const file = join(__dirname, `rebuild-worker${ext}`);
  const execArgv = ext === '.ts' ? ['--require', '@swc-node/register'] : undefined;
  const read = new Array<number>(workers).fill(0);
  const threads: Worker[] = [];
  const start = (index: number) =>
    new Promise<FoldLogResult>((resolve, reject) => {
      const workerData: RebuildWorkerData = { connectionString, settings, options: { ...shared, partition: { index, of: workers } } };
      const thread = new Worker(file, { workerData, execArgv });
      threads.push(thread);
      thread.on('message', (m: RebuildWorkerMessage) => {
        if ('done' in m) return resolve(m.done);
        read[index] = m.events;
        onEvents?.(read.reduce((a, b) => a + b, 0));
      });
      thread.on('error', reject);
      thread.on('exit', (code) => reject(new Error(`rebuild worker ${index + 1} of ${workers} stopped (exit code ${code}) before it finished`)));
    });
  try {
    // Started inside the try: if starting one throws, the ones already running are stopped too.
    const done = await Promise.all(Array.from({ length: workers }, (_, index) => start(index)));
    return { events: done.reduce((a, d) => a + d.events, 0), cases: done.reduce((a, d) => a + d.cases, 0), again: done.flatMap((d) => d.again) };
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
}
