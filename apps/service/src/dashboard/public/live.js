// The service's server-sent events (GET /api/v1/stream), read with fetch so that the token goes
// in the Authorization header (an EventSource cannot send one) and parsed by eventsource-parser.
// Reconnects with back-off; a silent link (no heartbeat for 40 s) counts as lost.
import { EventSourceParserStream } from './vendor/stream.js';
import { authHeaders } from './auth.js';
import { ApiError } from './api.js';

const SILENCE_MS = 40_000;

/**
 * `onChanged(change)` for each `changed` message; `onStatus(state)` with `connecting`, `live`,
 * `offline` or `unauthorised` (then it stops: the page asks for a token).
 */
export function connectLive({ onChanged, onStatus }) {
  let stopped = false;
  let controller;
  const run = async () => {
    let delay = 1000;
    while (!stopped) {
      controller = new AbortController();
      let watchdog;
      const alive = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => controller.abort(), SILENCE_MS);
      };
      try {
        onStatus('connecting');
        const res = await fetch('/api/v1/stream', { headers: { accept: 'text/event-stream', ...authHeaders() }, cache: 'no-store', signal: controller.signal });
        if (!res.ok) throw new ApiError(res.status, res.statusText);
        onStatus('live');
        delay = 1000;
        alive();
        const reader = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          alive();
          if (value.event === 'changed') onChanged(JSON.parse(value.data));
        }
      } catch (err) {
        if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
          onStatus('unauthorised');
          return;
        }
      } finally {
        clearTimeout(watchdog);
      }
      if (stopped) return;
      onStatus('offline');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 15_000);
    }
  };
  void run();
  return () => {
    stopped = true;
    controller?.abort();
  };
}
