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
      // The URL may hold a secret (a token in its path): name only the host.
      const cause = fetchFailureCause(err);
      throw new Error(`alert webhook at ${new URL(this.url).host} not reached: ${(err as Error).message}${cause ? ` (${cause})` : ''}`);
    }
    if (status < 200 || status >= 300) throw new Error(`alert webhook at ${new URL(this.url).host} answered ${status}`);
  }
}

/**
 * Why a fetch failed: fetch says only "fetch failed", the reason (refused, unknown host, a port
 * fetch blocks) is its cause. A host name with an IPv6 and an IPv4 address tried one after the
 * other fails with an AggregateError, whose message is empty: then its code and each attempt's
 * message.
 */
export function fetchFailureCause(err: unknown): string | undefined {
  const cause = (err as { cause?: unknown }).cause as { message?: unknown; code?: unknown; errors?: unknown } | undefined;
  if (!cause) return undefined;
  if (typeof cause.message === 'string' && cause.message) return cause.message;
  const attempts = Array.isArray(cause.errors) ? cause.errors.map((e) => (e as { message?: unknown })?.message).filter((m): m is string => typeof m === 'string' && m !== '') : [];
  const code = typeof cause.code === 'string' && cause.code ? cause.code : undefined;
  const tried = attempts.length > 0 ? attempts.join('; ') : undefined;
  return code && tried ? `${code}: ${tried}` : (code ?? tried);
}
