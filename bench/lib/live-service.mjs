// The service under test of bench/live.bench.mjs, in its own process so that the load, the
// scrapes and the dashboard client do not share its event loop. Started with the built code
// (dist/). Its term alerts run on a clock shifted by BENCH_CLOCK_OFFSET_MS, so that a deadline
// passes during a ten-minute run (the benchmark moves it through IPC when its load starts);
// everything else uses the real clock.
//
//   BENCH_PORT, BENCH_STORE, BENCH_CLOCK_OFFSET_MS, BENCH_ALERT_PREFIX, REDIS_URL, VT_ALERT_WEBHOOK_URL

import { dist } from './built.mjs';

const { startService } = dist('apps/service/src/start-service.js');

let offset = Number(process.env.BENCH_CLOCK_OFFSET_MS ?? 0);
// The benchmark moves the alerts' clock when its load starts.
process.on('message', (m) => {
  if (typeof m?.clockOffsetMs === 'number') offset = m.clockOffsetMs;
});
const service = await startService({
  port: Number(process.env.BENCH_PORT ?? 0),
  storeUrl: process.env.BENCH_STORE,
  logger: false,
  alerts: {
    prefix: process.env.BENCH_ALERT_PREFIX ?? 'vt',
    now: () => Date.now() + offset,
    scanIntervalMs: Number(process.env.BENCH_SCAN_INTERVAL_MS ?? 30_000),
  },
});
process.stdout.write(`${JSON.stringify({ url: service.url })}\n`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    await service.close();
    process.exit(0);
  });
}
