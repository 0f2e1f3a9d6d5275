import { Logger } from '@nestjs/common';
import { alertmanagerPayload, type TermAlert } from '../../../../libs/alerts/src';
import type { AlertContext } from './alert-context';

/**
 * Delivers one alert, at least once and, short of a crash between the answer and the record,
 * once: claim it in the delivery log (so no two replicas send it at the same time), POST, then
 * record it delivered. A failure gives the claim back and throws, so the job is retried with
 * exponential back-off; when its attempts run out the next scan arms it again, so a webhook that
 * is down is tried until it answers. A crash after the POST and before the record sends it again
 * once the lease ends: the receiver sees the same fingerprint twice (Alertmanager receivers
 * deduplicate by it). Exactly-once over HTTP needs the receiver's help; this is the honest limit.
 */
export class DeliverAlertProcessor {
  private readonly logger = new Logger('term-alerts');

  constructor(private readonly ctx: AlertContext) {}

  async process(alert: TermAlert, attempt: number): Promise<'delivered' | 'skipped'> {
    const { deliveries, webhook, metrics, options, instanceId } = this.ctx;
    if (!webhook) return 'skipped';
    const claim = await deliveries.claim(alert, instanceId, options.leaseMs);
    if (claim !== 'claimed') return 'skipped';
    try {
      await webhook.send(alertmanagerPayload(alert));
    } catch (err) {
      metrics.deliveryFailures.inc({ kind: alert.kind });
      await deliveries.release(alert.fingerprint, instanceId).catch(() => undefined);
      this.logger.warn(`alert ${alert.fingerprint} (${alert.organisation}, ${alert.termijn}, ${alert.kind}): attempt ${attempt} failed: ${(err as Error).message}`);
      throw err;
    }
    await deliveries.markDelivered(alert.fingerprint);
    metrics.delivered.inc({ kind: alert.kind });
    return 'delivered';
  }
}
