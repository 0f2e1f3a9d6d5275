import type { TermAlert } from '../../../../libs/alerts/src';

/**
 * The three jobs of term alerts:
 * - `scan`: read the clocks from the read models and add a delayed `fire` job per alert due soon;
 * - `fire`: when the alert is due, check that it still stands (a late stop cancels it), write
 *   `TermijnOverschreden` for an overdue alert, and add the `deliver` job;
 * - `deliver`: POST the Alertmanager message to the webhook, retried with exponential back-off;
 *   with `endsAt` (ms since the epoch) the alert's `resolved` message.
 */
export type AlertJob = { name: 'scan' } | { name: 'fire'; alert: TermAlert } | { name: 'deliver'; alert: TermAlert; endsAt?: number };

export interface AlertJobOptions {
  /** Deterministic: while a job with this id waits, is delayed or runs, adding it again does nothing (so replicas add it once). */
  jobId: string;
  delay?: number;
  /** Runs at most this many times; retry n waits `backoffMs · 2^(n-1)`. */
  attempts?: number;
  backoffMs?: number;
}

/** `attempt` counts from 1. A handler that throws is retried while attempts remain. */
export type AlertJobHandler = (job: AlertJob, attempt: number) => Promise<void>;

/** Where alert jobs wait: BullMQ on Redis, or timers in this process. Both retry the same way. */
export interface AlertQueue {
  readonly kind: 'bullmq' | 'in-process';
  add(job: AlertJob, options: AlertJobOptions): Promise<void>;
  /** Starts running jobs with `handler`, and a `scan` every `scanIntervalMs` (once across all replicas with BullMQ). */
  start(handler: AlertJobHandler, scanIntervalMs: number): Promise<void>;
  /** Stops taking jobs and waits for the running ones; delayed jobs stay in Redis (BullMQ) or are dropped (in-process: the next start scans again). */
  close(): Promise<void>;
}
