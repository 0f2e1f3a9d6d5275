import type { AlertmanagerWebhookPayload } from '../../../../libs/alerts/src';

/** POSTs one Alertmanager message; any answer other than 2xx, a network error or the time limit throws. */
export class WebhookSender {
  constructor(private readonly url: string, private readonly timeoutMs: number) {}

  async send(payload: AlertmanagerWebhookPayload): Promise<void> {
    let status: number;
    try {
      const res = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload), signal: AbortSignal.timeout(this.timeoutMs) });
      status = res.status;
      await res.body?.cancel();
    } catch (err) {
      // The URL may hold a secret (a token in its path): name only the host. fetch says only "fetch
      // failed"; the reason (refused, unknown host, a port fetch blocks) is its cause.
      const cause = (err as { cause?: { message?: unknown } }).cause?.message;
      throw new Error(`alert webhook at ${new URL(this.url).host} not reached: ${(err as Error).message}${typeof cause === 'string' && cause ? ` (${cause})` : ''}`);
    }
    if (status < 200 || status >= 300) throw new Error(`alert webhook at ${new URL(this.url).host} answered ${status}`);
  }
}
