// `npm run bench:plan-alerts`: the term alerts' planning (libs/alerts planAlerts of the built dist/)
// for BENCH_CLOCKS running legal clocks (default 1,200, what a 35-minute soak at 6.6 events/s
// left running), with warnings: the pure part of the scan that runs after every applied page.
// Three warm-up passes, then 20 timed; the mean in ms per scan. BENCH_DIST: another build's dist/.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
const dist = resolve(process.env.BENCH_DIST ?? 'dist');
const { planAlerts } = require(`${dist}/libs/alerts/src`);
const { addDays, createWorkingDayCalendar } = require(`${dist}/libs/calendar/src`);
const n = Number(process.env.BENCH_CLOCKS ?? 1200);

const calendar = createWorkingDayCalendar();
const clocks = [];
for (let i = 0; i < n; i++) {
  const from = Date.UTC(2026, 9, 1) + i * 13 * 3_600_000;
  const deadline = addDays(new Date(from).toISOString().slice(0, 10), 10 + (i % 20));
  clocks.push({ organisation: 'VTIJ', caseId: `C-${i}`, termijn: ['triage', 'eerste_contact', 'onderzoek'][i % 3], deadline, from, to: null });
}
const options = { now: Date.UTC(2026, 10, 24, 12), horizonMs: 86_400_000, calendar, warnings: true };
for (let w = 0; w < 3; w++) planAlerts(clocks, options);
const runs = 20;
const t = process.hrtime.bigint();
let planned = 0;
for (let r = 0; r < runs; r++) planned = planAlerts(clocks, options).length;
const ms = Number(process.hrtime.bigint() - t) / 1e6 / runs;
console.log(`planAlerts of ${n} running clocks (${planned} alerts planned), ${dist}: ${ms.toFixed(1)} ms per scan, ${((ms * 1000) / n).toFixed(1)} µs per clock`);
