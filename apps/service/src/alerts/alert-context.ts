import type { WorkingDayCalendar } from '../../../../libs/calendar/src';
import type { EventStore, SqlExecutor } from '../../../../libs/event-store/src';
import type { ProjectionRunner } from '../../../../libs/read-model/src';
import type { AlertDeliveriesRepository } from './alert-deliveries.repository';
import type { AlertMetrics } from './alert-metrics';
import type { ResolvedAlertOptions } from './alert-options';
import type { AlertQueue } from './alert-queue';
import type { WebhookSender } from './webhook-sender';

/** What the alert processors share. */
export interface AlertContext {
  store: EventStore;
  /** The read models' database (the cases' stored spans in rm_cases, and the delivery log beside them). */
  db: SqlExecutor;
  /** This process's term settings: its reads refuse read models folded with others (readComplete). */
  settings: string;
  runner: ProjectionRunner;
  calendar: WorkingDayCalendar;
  deliveries: AlertDeliveriesRepository;
  queue: AlertQueue;
  /** Absent without a webhook URL: then only TermijnOverschreden is written. */
  webhook?: WebhookSender;
  metrics: AlertMetrics;
  options: ResolvedAlertOptions;
  /** This replica's name in delivery claims. */
  instanceId: string;
}

/** Job ids: deterministic, so every replica (and every scan) names a job the same way. */
export const fireJobId = (fingerprint: string, deadline: string) => `fire-${fingerprint}-${deadline}`;
export const deliverJobId = (fingerprint: string) => `deliver-${fingerprint}`;
export const resolveJobId = (fingerprint: string) => `resolve-${fingerprint}`;
