// What the benchmarks share: progress lines, number formats, latency statistics, the PostgreSQL
// admin connection, and the facts about the build and machine a result is reported with.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { requireRoot, ROOT } from './built.mjs';

/** A progress logger on stderr: seconds since it was made, and an optional tag. */
export function createLog(tag) {
  const t0 = performance.now();
  const width = tag ? 7 : 6;
  return (msg) => process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(width)}s${tag ? ` ${tag}` : ''}] ${msg}\n`);
}

export const fmt = (n, digits = 0) =>
  n === undefined || n === null || Number.isNaN(n) ? '—' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const rate = (events, ms) => (events * 1000) / ms;
export const evs = (r) => (r === undefined ? '—' : `${fmt(r)} ev/s`);

/** The p-th percentile (0–100) of sorted values, nearest rank. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function latencySummary(ms) {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s[s.length - 1], mean: s.reduce((a, b) => a + b, 0) / s.length };
}

export async function timed(fn) {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** One statement on its own connection (CREATE/DROP DATABASE, settings). */
export async function adminQuery(url, sql, params) {
  const pg = requireRoot('pg');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(sql, params);
  } finally {
    await c.end();
  }
}

/** The commit measured, and which tracked files differ from it (work in progress is built into dist/ too). Read-only. */
export function gitCommit() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(3));
    return commit + (dirty.length ? ` + uncommitted changes in ${dirty.join(', ')}` : ' (clean)');
  } catch {
    return 'unknown'; // not a git checkout
  }
}

/** The version in a package.json, or 'not installed'. */
export function packageVersion(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

/**
 * CPU seconds (user + system) used so far by every process named `postgres*` on this machine (a
 * local server: its backends, writers, checkpointer), from /proc; null where /proc cannot tell.
 */
export function postgresCpuSeconds() {
  try {
    let ticks = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // ended meanwhile
      }
      const close = stat.lastIndexOf(')');
      if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
      const f = stat.slice(close + 2).split(' ');
      // utime, stime, and the waited-for children's cutime, cstime (fields 14–17 of proc(5))
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    }
    return ticks / 100; // USER_HZ
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) of this process so far, all its threads. */
export function ownCpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
