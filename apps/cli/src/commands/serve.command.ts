import { Option, type Command } from 'commander';
import { createEventStore } from '../../../../libs/event-store/src';
import { assertBindable, maxBodyBytesFrom } from '../../../service/src/http/listen-options';
import { abortOnStopSignals, closeWithinLimit, untilAborted } from '../../../service/src/stop-signals';
import { CliError } from '../exit-codes';
import { createProgress } from '../progress';
import { appendSeeds } from './seed.command';
import { loadSettings } from '../../../../libs/config/src/load-settings';
import { parseWholeNumber } from '../../../../libs/config/src/whole-number';

/** A newcomer's first dashboard shows real history: an empty store gets the seeds first. */
async function seedIfEmpty(signal: AbortSignal): Promise<void> {
  const store = await createEventStore();
  try {
    if ((await store.readAll({ limit: 1 })).events.length > 0) return;
    process.stderr.write('empty event store: appending the seeded history first (vt-monitor seed)\n');
    const progress = createProgress('seed');
    try {
      const summary = await appendSeeds(store, { signal }, (d, t) => progress.update(d, t));
      process.stderr.write(`seeded ${summary.appended} events\n`);
    } finally {
      progress.stop();
    }
  } finally {
    await store.close();
  }
}

/** `vt-monitor serve [--port 3000]`: the service, until SIGINT or SIGTERM. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the service: ingest API, health, projections, term alerts (REDIS_URL, VT_ALERT_WEBHOOK_URL), metrics and the dashboard')
    // An empty PORT (compose's `PORT: ${PORT}` with nothing set) is the default, as for every other variable; Number('') would be 0, a random port.
    .addOption(
      new Option('--port <port>', 'TCP port')
        .argParser((v) => parseWholeNumber(v) ?? Number.NaN)
        .default(parseWholeNumber(process.env.PORT?.trim() ? process.env.PORT : '3000') ?? Number.NaN, 'PORT, else 3000'),
    )
    .option('--host <address>', 'bind address (default 127.0.0.1 without VT_API_TOKENS, 0.0.0.0 with)')
    .option('--seed-if-empty', 'on an empty event store, first append the seeded history (what `npm start` does)')
    .action(async (opts: { port: number; host?: string; seedIfEmpty?: boolean }) => {
      if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new CliError('--port (or PORT): must be a TCP port number, 0–65535');
      // What startService refuses, checked before seeding, so that a refused start writes nothing (exit 2).
      if (opts.host !== undefined) assertBindable(opts.host, Boolean(process.env.VT_API_TOKENS));
      maxBodyBytesFrom(process.env.VT_MAX_BODY_BYTES);
      loadSettings();
      // SIGINT and SIGTERM stop the service and end the process with 0, from the first moment on:
      // during the seeding after its chunk under way (the seeds are idempotent), later once the
      // requests under way are answered and everything is closed (apps/service/src/stop-signals.ts).
      const stop = abortOnStopSignals();
      if (opts.seedIfEmpty) {
        try {
          await seedIfEmpty(stop);
        } catch (err) {
          // Stopped between two chunks: what was written is whole. Any other failure is reported.
          if (stop.aborted && (err as Error)?.name === 'AbortError') return;
          throw err;
        }
      }
      if (stop.aborted) return;
      // Nest is loaded only for `serve`, so that the other commands start quickly.
      const { startService } = await import('../../../service/src/start-service');
      const service = await startService({
        port: opts.port,
        host: opts.host,
        tokensFile: process.env.VT_API_TOKENS,
      });
      await untilAborted(stop);
      await closeWithinLimit(service);
    });
}
