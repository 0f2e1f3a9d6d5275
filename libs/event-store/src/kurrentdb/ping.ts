import { BACKWARDS } from '@kurrent/kurrentdb-client';
import { StoreUnavailableError } from '../errors';
import type { KurrentContext } from './context';
import { isStreamNotFound } from './kurrent-errors';

export const DEFAULT_PING_TIMEOUT_MS = 5_000;

/**
 * A cheap round trip: the last event of the (small) erasures stream; a missing stream is an answer
 * too. Stream reads take no deadline in this client, so a timer bounds the wait.
 */
export async function ping(ctx: KurrentContext, timeoutMs = DEFAULT_PING_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(`the kurrentdb event store did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  const read = (async () => {
    try {
      for await (const _ of ctx.client.readStream(ctx.names.erasures, { direction: BACKWARDS, maxCount: 1 })) break;
    } catch (err) {
      if (isStreamNotFound(err)) return;
      // Any other failure means the store cannot be used. Not only Unavailable: for some unreachable
      // addresses the client's native bridge answers UnknownError ("operation is unsupported").
      throw new StoreUnavailableError(`the kurrentdb event store cannot be reached: ${describeError(err)}`, err);
    }
  })();
  try {
    await Promise.race([read, timeout]);
  } finally {
    clearTimeout(timer);
    read.catch(() => undefined);
  }
}

function describeError(err: unknown): string {
  const e = err as { name?: string; constructor?: { name?: string }; message?: string } | null;
  const name = e?.constructor?.name ?? e?.name ?? 'Error';
  const message = e?.message ?? String(err);
  return message && message !== name ? `${name}: ${message}` : name;
}
