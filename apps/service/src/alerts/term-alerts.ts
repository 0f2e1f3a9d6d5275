import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Registry } from 'prom-client';
import type { WorkingDayCalendar } from '../../../../libs/calendar/src';
import type { EventStore } from '../../../../libs/event-store/src';
import { ReadModelSettingsError, ReadModelsRebuildingError, type ProjectionRunner, type ReadModel } from '../../../../libs/read-model/src';
import type { AlertContext } from './alert-context';
import { AlertDeliveriesRepository } from './alert-deliveries.repository';
import { AlertMetrics } from './alert-metrics';
import { resolveAlertOptions, type AlertOptions } from './alert-options';
import type { AlertJob, AlertQueue } from './alert-queue';
import { BullmqAlertQueue } from './bullmq-alert-queue';
import { DeliverAlertProcessor } from './deliver-alert.processor';
import { FireAlertProcessor } from './fire-alert.processor';
import { InProcessAlertQueue } from './in-process-alert-queue';
import { ResolveAlertsProcessor } from './resolve-alerts.processor';
import { ScanDeadlinesProcessor } from './scan-deadlines.processor';
import { WebhookSender } from './webhook-sender';

export interface TermAlerts {
  readonly queueKind: AlertQueue['kind'];
  /** Scans the read models now (also what runs periodically and after each applied page). */
  scan(): Promise<void>;
  close(): Promise<void>;
}

export interface TermAlertsDeps {
  store: EventStore;
  readModel: ReadModel;
  runner: ProjectionRunner;
  calendar: WorkingDayCalendar;
  /** The service's metrics registry, for the alert counters. */
  registry?: Registry;
}

/**
 * Starts term alerts: on BullMQ when a Redis URL is configured, else in-process with the same
 * processors. Deadlines come from the read models and the record of what is done from the
 * delivery log beside them, so nothing in Redis is needed to recover after a restart or a flush.
 */
export async function startTermAlerts(deps: TermAlertsDeps, alertOptions: AlertOptions = {}): Promise<TermAlerts> {
  const logger = new Logger('term-alerts');
  const options = resolveAlertOptions(alertOptions);
  const deliveries = new AlertDeliveriesRepository(deps.readModel.db);
  await deliveries.ensureSchema();
  const queue: AlertQueue = options.redisUrl ? new BullmqAlertQueue(options.redisUrl, options.prefix) : new InProcessAlertQueue();
  const ctx: AlertContext = {
    store: deps.store,
    db: deps.readModel.db,
    settings: deps.readModel.settings,
    runner: deps.runner,
    calendar: deps.calendar,
    deliveries,
    queue,
    webhook: options.webhookUrl ? new WebhookSender(options.webhookUrl, options.webhookTimeoutMs) : undefined,
    metrics: new AlertMetrics(deps.registry),
    options,
    instanceId: `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`,
  };
  const scanner = new ScanDeadlinesProcessor(ctx);
  const firer = new FireAlertProcessor(ctx);
  const deliverer = new DeliverAlertProcessor(ctx);
  const resolver = new ResolveAlertsProcessor(ctx);

  let closed = false;
  let scanning: Promise<void> | undefined;
  let again = false;
  // One scan at a time in this process; a request during a scan runs one more afterwards.
  const scan = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (scanning) {
      again = true;
      return scanning;
    }
    scanning = (async () => {
      try {
        do {
          again = false;
          await scanner.process();
          await resolver.process();
        } while (again && !closed);
      } finally {
        scanning = undefined;
      }
    })();
    return scanning;
  };

  const handle = async (job: AlertJob, attempt: number): Promise<void> => {
    if (job.name === 'scan') await scan();
    else if (job.name === 'fire') await firer.process(job.alert);
    else await deliverer.process(job.alert, attempt, job.endsAt);
  };
  await queue.start(handle, options.scanIntervalMs);

  // A scan while the read models are rebuilt (every first start) waits for the rebuild's own scan:
  // said as news, not as a fault.
  const scanFailed = (err: Error) =>
    err instanceof ReadModelsRebuildingError ? logger.log('scan waits for the read models being rebuilt; it runs again when they are') : logger.warn(`scan failed: ${err.message}`);
  // Right after the projections apply events: a new clock, a stop or a moved deadline is planned at once.
  let debounce: NodeJS.Timeout | undefined;
  const onApplied = () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => void scan().catch(scanFailed), 200);
  };
  deps.runner.on('applied', onApplied);
  // Projections halted (read models of other settings): this replica stops taking alert jobs, so that
  // a replica that follows takes them (BullMQ) rather than this one spending their attempts.
  let queueClosed: Promise<void> | undefined;
  const closeQueue = () => (queueClosed ??= queue.close());
  const onHalted = (_message: string, err: unknown) => {
    if (!(err instanceof ReadModelSettingsError) || closed) return;
    logger.error('term alerts stopped with the projections (read models of other settings); restart with the settings they were built with');
    void closeQueue().catch(() => undefined);
  };
  deps.runner.on('error-state', onHalted);
  // And after the bulk rebuild of a first start (it applies no pages).
  deps.runner.on('rebuilt', onApplied);
  // The first scan (after a restart: what was missed meanwhile) runs beside the start, not before it.
  void scan().catch(scanFailed);
  logger.log(`term alerts on ${queue.kind === 'bullmq' ? 'BullMQ (Redis)' : 'in-process jobs'}; ${ctx.webhook ? 'delivered to the webhook' : 'no VT_ALERT_WEBHOOK_URL: TermijnOverschreden is written, nothing delivered'}`);

  return {
    queueKind: queue.kind,
    scan,
    close: async () => {
      closed = true;
      deps.runner.off('applied', onApplied);
      deps.runner.off('rebuilt', onApplied);
      deps.runner.off('error-state', onHalted);
      clearTimeout(debounce);
      await scanning?.catch(() => undefined);
      await closeQueue();
    },
  };
}
