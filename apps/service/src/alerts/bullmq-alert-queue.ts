import { Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { StoreUnavailableError } from '../../../../libs/event-store/src';
import type { AlertJob, AlertJobHandler, AlertJobOptions, AlertQueue } from './alert-queue';

/** The BullMQ queue of term alerts (its keys: `<prefix>:vt-term-alerts:…`). */
export const ALERT_QUEUE_NAME = 'vt-term-alerts';
const SCAN_SCHEDULER_ID = 'vt-term-alert-scan';

/**
 * Alert jobs on BullMQ: delayed jobs for due alerts, a job scheduler for the periodic scan
 * (upsertJobScheduler: one scheduler whatever the number of replicas), attempts with exponential
 * back-off for deliveries. Finished jobs are removed, so that a later scan may add a job with the
 * same id again (what re-arms an alert whose delivery gave up, or that a Redis flush lost).
 */
export class BullmqAlertQueue implements AlertQueue {
  readonly kind = 'bullmq' as const;
  private readonly logger = new Logger('term-alerts');
  private readonly connection: Redis;
  private readonly workerConnection: Redis;
  private readonly queue: Queue;
  private worker?: Worker;
  private watchdog?: NodeJS.Timeout;

  private readonly host: string;

  constructor(redisUrl: string, private readonly prefix: string) {
    this.host = new URL(redisUrl).host;
    // BullMQ needs maxRetriesPerRequest null for its blocking worker commands.
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.workerConnection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    for (const c of [this.connection, this.workerConnection]) c.on('error', (err: Error) => this.logger.warn(`Redis: ${err.message}`));
    this.queue = new Queue(ALERT_QUEUE_NAME, { connection: this.connection, prefix, defaultJobOptions: { removeOnComplete: true, removeOnFail: true } });
    this.queue.on('error', (err: Error) => this.logger.warn(`queue: ${err.message}`));
  }

  async add(job: AlertJob, options: AlertJobOptions): Promise<void> {
    await this.queue.add(job.name, job, {
      jobId: options.jobId,
      delay: Math.max(0, Math.round(options.delay ?? 0)),
      attempts: options.attempts ?? 1,
      ...(options.backoffMs ? { backoff: { type: 'exponential', delay: options.backoffMs } } : {}),
    });
  }

  async start(handler: AlertJobHandler, scanIntervalMs: number): Promise<void> {
    // Fail fast with a clear message (serve exits 3, a server not reached) rather than wait forever for Redis.
    let timer: NodeJS.Timeout | undefined;
    const unreachable = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new StoreUnavailableError(`REDIS_URL: Redis at ${this.host} did not answer within 5 s`)), 5_000)));
    try {
      await Promise.race([this.connection.ping(), unreachable]);
    } catch (err) {
      this.connection.disconnect();
      this.workerConnection.disconnect();
      throw err;
    } finally {
      clearTimeout(timer);
    }
    this.worker = new Worker(ALERT_QUEUE_NAME, (job) => handler(job.data as AlertJob, job.attemptsMade + 1), { connection: this.workerConnection, prefix: this.prefix, concurrency: 4 });
    this.worker.on('error', (err: Error) => this.logger.warn(`worker: ${err.message}`));
    const upsertScheduler = () => this.queue.upsertJobScheduler(SCAN_SCHEDULER_ID, { every: scanIntervalMs }, { name: 'scan', data: { name: 'scan' } });
    await upsertScheduler();
    // A flush of Redis takes the scheduler with it: put it back, or no replica would scan again until restarted.
    this.watchdog = setInterval(() => {
      void (async () => {
        if (!(await this.queue.getJobScheduler(SCAN_SCHEDULER_ID))) {
          this.logger.warn('the scan scheduler was gone from Redis (flushed?): added again');
          await upsertScheduler();
        }
      })().catch((err: Error) => this.logger.warn(`scheduler check: ${err.message}`));
    }, scanIntervalMs);
  }

  async close(): Promise<void> {
    clearInterval(this.watchdog);
    await this.worker?.close();
    await this.queue.close();
    await Promise.all([this.connection.quit().catch(() => undefined), this.workerConnection.quit().catch(() => undefined)]);
  }
}
