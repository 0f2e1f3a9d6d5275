import { Logger } from '@nestjs/common';
import { alertmanagerPayload, type TermAlert } from '../../../../libs/alerts/src';
import { streamIdOf } from '../../../../libs/event-store/src';
import type { AlertContext } from './alert-context';
import { resolvedKey } from './alert-deliveries.repository';

/**
 * Delivers one alert, at least once and, short of a crash between the answer and the record,
 * once: claim it in the delivery log (so no two replicas send it at the same time), POST, then
 * record it delivered. A failure gives the claim back and throws, so the job is retried with
 * exponential back-off; when its attempts run out the next scan arms it again, so a webhook that
 * is down is tried until it answers. A crash after the POST and before the record sends it again
 * once the lease ends: the receiver sees the same fingerprint twice (Alertmanager receivers
 * deduplicate by it). Exactly-once over HTTP needs the receiver's help; this is the honest limit.
 * With `endsAt` it delivers the alert's resolved message the same way (a delivery of its own).
 */
export class DeliverAlertProcessor {
  private readonly logger = new Logger('term-alerts');

  constructor(private readonly ctx: AlertContext) {}

  async process(alert: TermAlert, attempt: number, endsAt?: number): Promise<'delivered' | 'skipped'> {
    const { deliveries, webhook, metrics, options, instanceId } = this.ctx;
    if (!webhook) return 'skipped';
    const resolved = endsAt !== undefined;
    const key = resolved ? resolvedKey(alert.fingerprint) : alert.fingerprint;
    const caseKey = streamIdOf(alert.organisation, alert.caseId);
    // An erased case is sent nowhere again, whatever jobs of it still wait: the claim needs the
    // case's row (`gone` otherwise; during a rebuild too, and the next scan arms it again).
    const claim = await deliveries.claim({ key, kind: alert.kind, dueAt: alert.dueAt }, caseKey, instanceId, options.leaseMs);
    // Delivered before, by a replica that stopped before it forgot the case: forget it now.
    if (claim === 'delivered' && resolved) await deliveries.markResolved(alert.fingerprint);
    if (claim !== 'claimed') return 'skipped';
    try {
      await webhook.send(alertmanagerPayload(alert, { endsAt }));
    } catch (err) {
      metrics.deliveryFailures.inc({ kind: alert.kind });
      await deliveries.release(key, instanceId).catch(() => undefined);
      this.logger.warn(`alert ${alert.fingerprint} (${alert.organisation}, ${alert.termijn}, ${alert.kind}${resolved ? ', resolved' : ''}): attempt ${attempt} failed: ${(err as Error).message}`);
      throw err;
    }
    if (resolved) {
      await deliveries.markResolved(alert.fingerprint);
      metrics.resolved.inc({ kind: alert.kind });
    } else {
      await deliveries.markDelivered(alert.fingerprint, caseKey);
      metrics.delivered.inc({ kind: alert.kind });
    }
    return 'delivered';
  }
}
