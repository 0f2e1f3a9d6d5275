import type { Command } from 'commander';
import { createEventStore } from '../../../../libs/event-store/src';
import { assertBindable, maxBodyBytesFrom } from '../../../service/src/http/listen-options';
import { CliError } from '../exit-codes';
import { createProgress } from '../progress';
import { appendSeeds } from './seed.command';

/** A newcomer's first dashboard shows real history: an empty store gets the seeds first. */
async function seedIfEmpty(): Promise<void> {
  const store = await createEventStore();
  try {
    if ((await store.readAll({ limit: 1 })).events.length > 0) return;
    process.stderr.write('empty event store: appending the seeded history first (vt-monitor seed)\n');
    const progress = createProgress('seed');
    const summary = await appendSeeds(store, {}, (d, t) => progress.update(d, t));
    progress.stop();
    process.stderr.write(`seeded ${summary.appended} events\n`);
  } finally {
    await store.close();
  }
}

/** `vt-monitor serve [--port 3000]`: the service, until SIGINT or SIGTERM. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the service: ingest API, health, projections, term alerts (REDIS_URL, VT_ALERT_WEBHOOK_URL), metrics and the dashboard')
    .option('--port <port>', 'TCP port', (v) => Number.parseInt(v, 10), Number(process.env.PORT ?? 3000))
    .option('--host <address>', 'bind address (default 127.0.0.1 without VT_API_TOKENS, 0.0.0.0 with)')
    .option('--seed-if-empty', 'on an empty event store, first append the seeded history (what `npm start` does)')
    .action(async (opts: { port: number; host?: string; seedIfEmpty?: boolean }) => {
      if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new CliError('--port: must be a TCP port number');
      // What startService refuses, checked before seeding, so that a refused start writes nothing (exit 2).
      if (opts.host !== undefined) assertBindable(opts.host, Boolean(process.env.VT_API_TOKENS));
      maxBodyBytesFrom(process.env.VT_MAX_BODY_BYTES);
      if (opts.seedIfEmpty) await seedIfEmpty();
      // Nest is loaded only for `serve`, so that the other commands start quickly.
      const { startService } = await import('../../../service/src/start-service');
      const service = await startService({
        port: opts.port,
        host: opts.host,
        tokensFile: process.env.VT_API_TOKENS,
      });
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await service.close();
    });
}
