import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningService } from './start-service';

/** How long closing may take before the process ends regardless (below Docker's 10 s stop timeout). */
export const CLOSE_LIMIT_MS = 8_000;

/**
 * SIGINT and SIGTERM, from the moment this is called: the returned signal aborts on the first; a
 * second one ends the process at once (130 / 143, as the shell counts them).
 */
export function abortOnStopSignals(): AbortSignal {
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    process.stderr.write(`${signal}: stopping\n`);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return stop.signal;
}

/** Resolves when `signal` aborts. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}

/**
 * Closes the service: requests under way are answered (HTTP connections still open after a grace
 * period are closed by `close` itself). What has not closed within `CLOSE_LIMIT_MS` (a rebuild under
 * way holds database connections until its next page) is left to the end of the process: an
 * unfinished rebuild is marked as such and the next start does it again, and nothing acknowledged
 * is lost (each write is committed before it is answered).
 */
export async function closeWithinLimit(service: RunningService, limitMs = CLOSE_LIMIT_MS): Promise<void> {
  const closed = service.close().then(() => true);
  if (!(await Promise.race([closed, sleep(limitMs, false, { ref: false })]))) {
    process.stderr.write(`stop: not everything closed within ${limitMs / 1000} s (a rebuild under way is done again at the next start); ending now\n`);
  }
}
