import { Logger } from '@nestjs/common';
import type { AlertJob, AlertJobHandler, AlertJobOptions, AlertQueue } from './alert-queue';

interface Pending {
  job: AlertJob;
  options: AlertJobOptions;
  timer?: NodeJS.Timeout;
}

/**
 * Alert jobs without Redis: timers in this process, with the same job ids, attempts and
 * exponential back-off as BullMQ. Nothing survives a restart, and nothing needs to: the first
 * scan after a start plans again from the read models and the delivery log.
 */
export class InProcessAlertQueue implements AlertQueue {
  readonly kind = 'in-process' as const;
  private readonly logger = new Logger('term-alerts');
  private readonly pending = new Map<string, Pending>();
  private readonly running = new Set<Promise<void>>();
  private handler?: AlertJobHandler;
  private scanTimer?: NodeJS.Timeout;
  private closed = false;

  async add(job: AlertJob, options: AlertJobOptions): Promise<void> {
    if (this.closed || this.pending.has(options.jobId)) return;
    const entry: Pending = { job, options };
    this.pending.set(options.jobId, entry);
    this.schedule(entry, options.delay ?? 0, 1);
  }

  async start(handler: AlertJobHandler, scanIntervalMs: number): Promise<void> {
    this.handler = handler;
    clearInterval(this.scanTimer);
    this.scanTimer = setInterval(() => void this.add({ name: 'scan' }, { jobId: 'scan' }), scanIntervalMs);
    for (const entry of this.pending.values()) if (!entry.timer) this.schedule(entry, entry.options.delay ?? 0, 1);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.scanTimer);
    for (const entry of this.pending.values()) clearTimeout(entry.timer);
    this.pending.clear();
    await Promise.allSettled([...this.running]);
  }

  private schedule(entry: Pending, delay: number, attempt: number): void {
    if (!this.handler) return; // start() schedules it
    entry.timer = setTimeout(() => {
      const run = this.run(entry, attempt);
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    }, Math.max(0, delay));
  }

  private async run(entry: Pending, attempt: number): Promise<void> {
    if (this.closed) return;
    try {
      await this.handler!(entry.job, attempt);
      this.pending.delete(entry.options.jobId);
    } catch (err) {
      const attempts = entry.options.attempts ?? 1;
      if (attempt < attempts && !this.closed) {
        this.schedule(entry, (entry.options.backoffMs ?? 0) * 2 ** (attempt - 1), attempt + 1);
      } else {
        this.pending.delete(entry.options.jobId);
        this.logger.warn(`${entry.job.name} job gave up after ${attempt} attempt(s): ${(err as Error).message}`);
      }
    }
  }
}
