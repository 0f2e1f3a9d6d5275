import { Logger } from '@nestjs/common';
import { alertStands, termijnOverschredenEvent, type TermAlert } from '../../../../libs/alerts/src';
import { IdempotencyConflictError } from '../../../../libs/event-store/src';
import { legalClockOf, readComplete } from '../../../../libs/read-model/src';
import { deliverJobId, type AlertContext } from './alert-context';

/** How long a due alert waits for the projections to catch up before it tries again. */
const CATCH_UP_LIMIT_MS = 30_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms)));
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/**
 * A due alert: first the projections catch up (so an event appended before the deadline passed,
 * such as a late clock stop, is seen), then the alert must still stand on the clock as the read
 * models hold it now: a stop dated on or before the deadline, an erasure or a moved deadline
 * cancels it. An overdue alert then writes `TermijnOverschreden` (its derived id makes a second
 * write a duplicate); with a webhook the delivery follows as its own job.
 */
export class FireAlertProcessor {
  private readonly logger = new Logger('term-alerts');

  constructor(private readonly ctx: AlertContext) {}

  async process(alert: TermAlert): Promise<'cancelled' | 'fired'> {
    const { store, db, runner, deliveries, queue, webhook, metrics, options } = this.ctx;
    await withTimeout(runner.waitUntilCaughtUp(), CATCH_UP_LIMIT_MS, 'projections catching up');
    // Not from read models a rebuild has emptied (the clock would seem gone): the job is tried again.
    const clock = await readComplete(db, () => legalClockOf(db, alert.organisation, alert.caseId, alert.termijn, alert.deadline), this.ctx.settings);
    if (!alertStands(alert, clock, options.now())) {
      metrics.cancelled.inc({ kind: alert.kind });
      return 'cancelled';
    }
    if (alert.kind === 'overdue') {
      try {
        const result = await store.appendToStream(alert.organisation, alert.caseId, [termijnOverschredenEvent(alert)], { expectedVersion: 'any' });
        if (result.appended > 0) metrics.written.inc({ termijn: alert.termijn });
      } catch (err) {
        // The id is stored with another body: written before for an earlier deadline of this clock
        // (a corrected melding date). One TermijnOverschreden per case and term: keep that one.
        if (!(err instanceof IdempotencyConflictError)) throw err;
        this.logger.warn(`alert ${alert.fingerprint}: TermijnOverschreden ${alert.eventId} was written before for another deadline; kept as it is`);
      }
      await deliveries.markEventWritten(alert);
    }
    if (webhook) await queue.add({ name: 'deliver', alert }, { jobId: deliverJobId(alert.fingerprint), attempts: options.deliveryAttempts, backoffMs: options.backoffMs });
    return 'fired';
  }
}
