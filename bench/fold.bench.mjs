// `npm run bench:fold`: the pure case fold alone (libs/projections foldCase of the built dist/),
// on every case of the seeded history (271,266 events in 71,732 cases), in memory: no store, no
// read models. Two warm-up passes, then BENCH_RUNS timed passes (default 7); the median in µs per
// event. What a rebuild or a page of the projection runner spends in the fold itself. Set
// BENCH_DIST to another build's dist/ to compare two versions on the same machine by turns.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
const dist = resolve(process.env.BENCH_DIST ?? 'dist');
const { generateSeeds } = require(resolve('dist/seeds/src'));
const { createProjectionConfig, foldCase } = require(`${dist}/libs/projections/src`);
const runs = Number(process.env.BENCH_RUNS ?? 7);

const config = createProjectionConfig();
const cases = new Map();
for (const set of generateSeeds()) {
  for (const e of set.events) {
    const key = `${e.organisation}:${e.caseId}`;
    if (!cases.has(key)) cases.set(key, []);
    cases.get(key).push({ ...e, recordedAt: e.occurredAt });
  }
}
const all = [...cases.values()];
const events = all.reduce((n, c) => n + c.length, 0);
for (let w = 0; w < 2; w++) for (const c of all) foldCase(c, config);
const times = [];
for (let r = 0; r < runs; r++) {
  const t = process.hrtime.bigint();
  for (const c of all) foldCase(c, config);
  times.push(Number(process.hrtime.bigint() - t) / 1e6);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`foldCase of ${all.length} seeded cases (${events} events), ${dist}: median ${median.toFixed(0)} ms of ${runs} passes = ${((median * 1000) / events).toFixed(2)} µs/event (fastest ${times[0].toFixed(0)} ms, slowest ${times[times.length - 1].toFixed(0)} ms)`);
