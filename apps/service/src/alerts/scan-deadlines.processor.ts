import { planAlerts, type TermAlert } from '../../../../libs/alerts/src';
import { addDays, instantAtStartOfLocalDay, localDateOf } from '../../../../libs/calendar/src';
import { legalClocksWithDeadlines, readComplete } from '../../../../libs/read-model/src';
import { fireJobId, type AlertContext } from './alert-context';
import { UNRESOLVED_KEPT_DAYS } from './resolve-alerts.processor';

/** Warnings come at most this many days before their deadline (a werkdag before, across weekends and holidays). */
const WARNING_LEAD_DAYS = 10;

/**
 * Plans alerts from the read models: every legal clock with a deadline from `lookbackDays` ago to
 * just past the horizon, the alerts of those due by `now + horizon` that still stand and are not
 * done (delivery log), each as a delayed `fire` job with a deterministic id. Running it again, in
 * any replica, after a restart or a Redis flush, adds exactly what is missing.
 */
export class ScanDeadlinesProcessor {
  constructor(private readonly ctx: AlertContext) {}

  async process(): Promise<TermAlert[]> {
    const { options, calendar, deliveries, queue, db, webhook } = this.ctx;
    const now = options.now();
    const deadlineFrom = addDays(localDateOf(new Date(now).toISOString()), -options.lookbackDays);
    const deadlineTo = addDays(localDateOf(new Date(now + options.horizonMs).toISOString()), WARNING_LEAD_DAYS);
    const runningAfter = instantAtStartOfLocalDay(deadlineFrom);
    // Not from read models a rebuild has emptied: this scan fails and the next one plans them all.
    const clocks = await readComplete(db, () => legalClocksWithDeadlines(db, { deadlineFrom, deadlineTo, runningAfter }), this.ctx.settings);
    const planned = planAlerts(clocks, { now, horizonMs: options.horizonMs, calendar, warnings: webhook !== undefined });
    const states = await deliveries.states(planned.map((a) => a.fingerprint));
    const open = planned.filter((a) => {
      const state = states.get(a.fingerprint);
      if (!state) return true;
      if (a.kind === 'overdue' && !state.eventWritten) return true;
      return webhook !== undefined && !state.delivered;
    });
    for (const alert of open) await queue.add({ name: 'fire', alert }, { jobId: fireJobId(alert.fingerprint, alert.deadline), delay: alert.dueAt - now, attempts: 5, backoffMs: options.backoffMs });
    // Older alerts are outside every scan's window now: forget them (two weeks' margin for warnings),
    // but a delivered one that is not resolved yet only after a year.
    await deliveries.prune(Date.parse(runningAfter) - 14 * 86_400_000, now - UNRESOLVED_KEPT_DAYS * 86_400_000);
    return open;
  }
}
