import { alertEndsAt, buildAlert, type AlertKind, type TermAlert } from '../../../../libs/alerts/src';
import { legalClocksOfCases, readComplete } from '../../../../libs/read-model/src';
import { resolveJobId, type AlertContext } from './alert-context';

/** Unresolved alerts are kept this long after they were due; then they are forgotten without a resolved message. */
export const UNRESOLVED_KEPT_DAYS = 365;

/**
 * Resolves delivered alerts that no longer hold, Alertmanager-style: for every delivered alert
 * without its resolved message (the delivery log holds its case until then), the case's clock as
 * the read models hold it now says whether and when the alert ended (`alertEndsAt`: triage or
 * contact done, or the term passed for a warning); each ended alert gets a `deliver` job for its
 * resolved message, with a deterministic id. Runs with every scan, so a restart, a rebuild or a
 * webhook that was down delays a resolved message but does not lose it.
 */
export class ResolveAlertsProcessor {
  constructor(private readonly ctx: AlertContext) {}

  async process(): Promise<TermAlert[]> {
    const { options, calendar, deliveries, queue, db, webhook } = this.ctx;
    if (!webhook) return [];
    const unresolved = await deliveries.unresolved();
    if (unresolved.size === 0) return [];
    // Not from read models a rebuild has emptied: this pass fails and the next one resolves them.
    const clocks = await readComplete(db, () => legalClocksOfCases(db, [...new Set(unresolved.values())]), this.ctx.settings);
    const now = options.now();
    const ended: TermAlert[] = [];
    for (const clock of clocks) {
      for (const kind of ['warning', 'overdue'] as AlertKind[]) {
        const alert = buildAlert(kind, clock, calendar);
        if (!unresolved.has(alert.fingerprint)) continue;
        const endsAt = alertEndsAt(alert, clock, now);
        if (endsAt === null) continue;
        await queue.add({ name: 'deliver', alert, endsAt }, { jobId: resolveJobId(alert.fingerprint), attempts: options.deliveryAttempts, backoffMs: options.backoffMs });
        ended.push(alert);
      }
    }
    return ended;
  }
}
