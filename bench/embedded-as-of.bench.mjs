// `npm run bench:embedded-as-of`: as-of reports on the embedded store (PGlite runs on the service's
// own thread), and how long every other request waits meanwhile. Seeds the whole history into a
// temporary embedded store with the built CLI, starts `serve` on it, waits until it is ready, then
// asks each as-of report BENCH_RUNS times while /health/live is asked every 20 ms.
// BENCH_CLI=<other checkout>/bin/vt-monitor measures another build (seeded by that build too).
// Figures in bench/README.md.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const cli = resolve(process.env.BENCH_CLI ?? 'bin/vt-monitor');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const port = Number(process.env.BENCH_PORT ?? 3630);
const base = `http://127.0.0.1:${port}`;
const REPORTS = [
  ['VT NOG, year 2024 as of 1 Feb 2025', '/api/v1/organisations/VTNOG/indicators?period=2024&asOf=2025-02-01T00:00:00Z'],
  ['VTIJ, stocks at 1 Jun 2024 as of 1 Jul 2024', '/api/v1/organisations/VTIJ/indicators?at=2024-06-01T00:00:00Z&asOf=2024-07-01T00:00:00Z'],
];

const work = mkdtempSync(join(tmpdir(), 'vt-embedded-as-of-'));
const dir = join(work, 'store');
const env = { ...process.env, VT_EVENT_STORE: `embedded:${dir}` };
let child;
try {
  process.stderr.write(`seeding every organisation into an embedded store with ${cli}…\n`);
  const seeded = JSON.parse(execFileSync(cli, ['seed'], { env, stdio: ['ignore', 'pipe', 'ignore'] }).toString());
  child = spawn(cli, ['serve', '--port', String(port)], { env, stdio: ['ignore', 'ignore', 'ignore'] });
  const t0 = Date.now();
  while (!(await fetch(`${base}/health/ready`).then((r) => r.ok, () => false))) {
    if (Date.now() - t0 > 300_000) throw new Error('serve not ready within 5 minutes');
    await new Promise((r) => setTimeout(r, 100));
  }
  process.stderr.write(`ready after ${Date.now() - t0} ms\n`);
  const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  console.log(`# as-of reports on an embedded store of ${seeded.appended} events (${cli}), ${runs} runs each, /health/live every 20 ms meanwhile\n`);
  console.log('| report | run | report time | probes | probe p50 | probe p99 | probe worst |\n|---|---|---|---|---|---|---|');
  for (const [name, path] of REPORTS) {
    for (let run = 1; run <= runs; run++) {
      const probes = [];
      let probing = true;
      const prober = (async () => {
        while (probing) {
          const s = performance.now();
          await fetch(`${base}/health/live`).then((r) => r.text());
          probes.push(performance.now() - s);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      await new Promise((r) => setTimeout(r, 100));
      const s = performance.now();
      const res = await fetch(base + path);
      await res.text();
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      const took = performance.now() - s;
      probing = false;
      await prober;
      console.log(`| ${name} | ${run} | ${took.toFixed(0)} ms | ${probes.length} | ${q(probes, 0.5).toFixed(1)} ms | ${q(probes, 0.99).toFixed(1)} ms | ${Math.max(...probes).toFixed(1)} ms |`);
    }
  }
} finally {
  child?.kill('SIGTERM');
  if (child) await new Promise((r) => child.once('exit', r));
  rmSync(work, { recursive: true, force: true });
}
