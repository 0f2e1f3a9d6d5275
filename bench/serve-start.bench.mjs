// `npm run bench:serve-start`: how soon `serve` answers, and how fast, while it first rebuilds the
// read models of an embedded store (PGlite runs on the service's own thread). Seeds VTIJ into a
// temporary store once, then starts the built `serve` (dist/) on fresh copies of it and polls
// /health/ready every 50 ms until it is ready. Figures in bench/README.md.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const cli = resolve('bin/vt-monitor');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const work = mkdtempSync(join(tmpdir(), 'vt-serve-start-'));
const seeded = join(work, 'seeded');
try {
  process.stderr.write('seeding VTIJ into an embedded store…\n');
  const summary = JSON.parse(execFileSync(cli, ['seed', '--org', 'VTIJ'], { env: { ...process.env, VT_EVENT_STORE: `embedded:${seeded}` }, stdio: ['ignore', 'pipe', 'ignore'] }).toString());
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await startAndProbe(join(work, `run-${i}`), 3610 + i));
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`# serve on an embedded store of ${summary.appended} events, first start (bulk rebuild), ${runs} runs\n`);
  console.log('| run | first answer | ready | answers | latency p50 | latency worst |\n|---|---|---|---|---|---|');
  results.forEach((r, i) => console.log(`| ${i + 1} | ${r.firstAnswerMs} ms | ${r.readyMs} ms | ${r.answers} | ${r.p50} ms | ${r.worstMs} ms |`));
  console.log(`| median | ${median(results.map((r) => r.firstAnswerMs))} ms | ${median(results.map((r) => r.readyMs))} ms | | ${median(results.map((r) => r.p50))} ms | ${median(results.map((r) => r.worstMs))} ms |`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function startAndProbe(dir, port) {
  cpSync(seeded, dir, { recursive: true });
  const child = spawn(cli, ['serve', '--port', String(port)], { env: { ...process.env, VT_EVENT_STORE: `embedded:${dir}` }, stdio: ['ignore', 'ignore', 'ignore'] });
  const exited = new Promise((r) => child.once('exit', r));
  const t0 = Date.now();
  const latencies = [];
  let firstAnswerMs;
  let readyMs;
  try {
    while (Date.now() - t0 < 300_000 && readyMs === undefined) {
      const s = Date.now();
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(10_000) });
        firstAnswerMs ??= Date.now() - t0;
        latencies.push(Date.now() - s);
        if (res.status === 200) readyMs = Date.now() - t0;
      } catch {
        // Not listening yet (refused at once), or no answer within 10 s (counted once it listens).
        if (firstAnswerMs !== undefined) latencies.push(Date.now() - s);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  if (readyMs === undefined) throw new Error(`serve on ${dir} was not ready within 300 s`);
  latencies.sort((a, b) => a - b);
  return { firstAnswerMs, readyMs, answers: latencies.length, p50: latencies[Math.floor(latencies.length / 2)], worstMs: latencies[latencies.length - 1] };
}
