import { Counter, type Registry } from 'prom-client';

/** Counters of term alerts since the process started (labels: kind `overdue`/`warning`, never a case id). */
export class AlertMetrics {
  readonly written: Counter<'termijn'>;
  readonly delivered: Counter<'kind'>;
  readonly resolved: Counter<'kind'>;
  readonly deliveryFailures: Counter<'kind'>;
  readonly cancelled: Counter<'kind'>;

  constructor(registry?: Registry) {
    const registers = registry ? [registry] : [];
    this.written = new Counter({ name: 'vt_termijn_overschreden_written_total', help: 'TermijnOverschreden events this process appended (a replica that found it written already does not count it)', labelNames: ['termijn'], registers });
    this.delivered = new Counter({ name: 'vt_alerts_delivered_total', help: 'Term alerts delivered to the webhook', labelNames: ['kind'], registers });
    this.resolved = new Counter({ name: 'vt_alerts_resolved_total', help: 'Resolved messages delivered to the webhook (the clock stopped, or a warning\'s term passed)', labelNames: ['kind'], registers });
    this.deliveryFailures = new Counter({ name: 'vt_alert_delivery_failures_total', help: 'Failed webhook attempts (each is retried with back-off)', labelNames: ['kind'], registers });
    this.cancelled = new Counter({ name: 'vt_alerts_cancelled_total', help: 'Alerts dropped when due because the clock had stopped in time (a late event) or the case was erased', labelNames: ['kind'], registers });
  }
}
