import type { Server } from 'node:http';
import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createEventStore, describeStoreUrl, DEFAULT_EVENT_STORE, type EventStore } from '../../../libs/event-store/src';
import { loadSettings } from '../../../libs/config/src/load-settings';
import { createProjectionConfig } from '../../../libs/projections/src';
import { openReadModel, ReadModelSettingsError, type ProjectionRunner, type ReadModel } from '../../../libs/read-model/src';
import { AppModule } from './app.module';
import type { AlertOptions } from './alerts/alert-options';
import { resolveAlertOptions } from './alerts/alert-options';
import { startTermAlerts, type TermAlerts } from './alerts/term-alerts';
import { ApiTokens } from './auth/api-tokens';
import { textBodyParser } from './http/body-parser.middleware';
import { assertBindable, maxBodyBytesFrom } from './http/listen-options';
import { requestLogger } from './http/request-logger.middleware';
import { StderrLogger } from './http/stderr-logger';
import type { VtMetrics } from './metrics/vt-metrics';
import { METRICS } from './injection-tokens';

export interface ServiceOptions {
  port: number;
  /** Bind address; default 127.0.0.1 without API tokens, 0.0.0.0 with them. */
  host?: string;
  storeUrl?: string;
  tokensFile?: string;
  /** Largest request body in bytes (default VT_MAX_BODY_BYTES, else 16 MiB). */
  maxBodyBytes?: number;
  store?: EventStore;
  logger?: boolean;
  /** Term alerts: on by default (REDIS_URL, VT_ALERT_WEBHOOK_URL and VT_ALERT_LOOKBACK_DAYS fill what is not given); `false` turns them off. */
  alerts?: AlertOptions | false;
  /** How long a report's query may wait for the database (default READ_TIME_LIMIT_MS; tests). */
  readTimeLimitMs?: number;
}

export interface RunningService {
  app: INestApplication;
  url: string;
  store: EventStore;
  readModel: ReadModel;
  runner: ProjectionRunner;
  alerts?: TermAlerts;
  close(): Promise<void>;
}

/** How long requests under way get to be answered when the service closes. */
const CLOSE_GRACE_MS = 5_000;

/** Starts the HTTP service on an opened event store. */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  // Every log line on stderr, from the first (the runner's, before Nest starts) to the last; in
  // colour only on a terminal (a log file or journald got the escape codes).
  const nestLogger = options.logger === false ? false : new StderrLogger({ logLevels: ['log', 'warn', 'error'], colors: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR });
  if (nestLogger) Logger.overrideLogger(nestLogger);
  const logger = new Logger('vt-monitor');
  const tokens = options.tokensFile ? ApiTokens.fromFile(options.tokensFile) : null;
  // Checked before anything is opened: a refused start leaves nothing half-started.
  const host = options.host ?? (tokens ? '0.0.0.0' : '127.0.0.1');
  assertBindable(host, tokens !== null);
  // The alert settings (REDIS_URL, VT_ALERT_WEBHOOK_URL, …) too: refused before the store opens.
  if (options.alerts !== false) resolveAlertOptions(options.alerts);
  const maxBodyBytes = options.maxBodyBytes ?? maxBodyBytesFrom(process.env.VT_MAX_BODY_BYTES);
  // An empty VT_EVENT_STORE means the default, as for every other command.
  const storeUrl = options.storeUrl ?? (process.env.VT_EVENT_STORE || DEFAULT_EVENT_STORE);
  const store = options.store ?? (await createEventStore(storeUrl));
  const config = createProjectionConfig(loadSettings());
  const readModel = await openReadModel(store, config, { readTimeLimitMs: options.readTimeLimitMs });
  const runner = readModel.createRunner();
  let paused = false;
  runner.on('error-state', (message: string, err: unknown) => {
    if (err instanceof ReadModelSettingsError) return logger.error(`projections stopped: ${message}`);
    paused = true;
    logger.warn(`projections paused, retrying: ${message.split('\n')[0]}`);
  });
  // Said once they apply again, so that a log read later shows the pause ended.
  runner.on('applied', () => {
    if (!paused) return;
    paused = false;
    logger.log('projections resumed');
  });
  runner.on('rebuilding', () => logger.log('read models empty: rebuilding them from the log in bulk (not ready until done)'));
  runner.on('rebuilt', (r?: { events: number; cases: number }) => {
    paused = false;
    logger.log(r ? `read models rebuilt: ${r.events} events, ${r.cases} cases` : 'read models: another process had started on them; following the log');
  });
  await runner.start();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ store, readModel, runner, tokens, config }), {
    bodyParser: false,
    logger: nestLogger,
  });
  app.use(requestLogger);
  app.use('/api', textBodyParser(maxBodyBytes));
  // No enableShutdownHooks: `serve` handles SIGINT and SIGTERM itself and calls close() (Nest's hooks
  // closed the app, then raised the signal again: exit 143, and the rest was never closed).
  const alerts =
    options.alerts === false ? undefined : await startTermAlerts({ store, readModel, runner, calendar: config.calendar, registry: app.get<VtMetrics>(METRICS).registry }, options.alerts);
  await app.listen(options.port, host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  logger.log(`listening on ${host}:${port} (store: ${options.store ? store.kind : describeStoreUrl(storeUrl)}${tokens ? ', API tokens required' : ', no API tokens: loopback only'})`);
  return {
    app,
    url,
    store,
    readModel,
    runner,
    alerts,
    close: async () => {
      await alerts?.close();
      // Requests under way are answered; a connection still open after the grace period (a client
      // that keeps one open, a long report) is closed, so that closing ends.
      // A kept-alive connection becomes idle once its last response ends (a dashboard's stream ends
      // as the app closes): closed as soon as it is, not after the keep-alive timeout.
      const server = app.getHttpServer() as Server;
      const idle = setInterval(() => server.closeIdleConnections(), 100);
      const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      try {
        await app.close();
      } finally {
        clearInterval(idle);
        clearTimeout(force);
      }
      await runner.stop();
      await readModel.close();
      await store.close();
    },
  };
}
