#!/usr/bin/env node
// Ingest benchmark of vt-monitor: CLI import, HTTP batch ingest, single-event append latency, the
// raw insert ceiling of the same database, and Emmett's PostgreSQL event store as a peer.
// Uses the BUILT code (dist/, bin/vt-monitor): run `npm run build` first. See bench/README.md.
//
//   npm run bench:ingest                     the full run (200,000 events in 20,000 cases)
//   BENCH_CASES=1000 npm run bench:ingest    a quick smoke run (10 events per case)
//   BENCH_ONLY=import,latency ...            only some sections: import,http,latency,ceiling,profile,peer
//   BENCH_KEEP=1 ...                         keep the databases and embedded directories
//   BENCH_IMPORT_RUNS=1 ...                  CLI import runs per store (default 2; the mean is reported)
//   BENCH_PG_URL=postgres://...              the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)
//
// The Markdown table goes to stdout and to bench/results/ingest-<date>.md (a smoke or partial run:
// ingest-<date>-partial-<cases>-cases.md); progress to stderr.

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { dist, requireRoot, RESULTS, ROOT } from './lib/built.mjs';
import { adminQuery as adminQueryOn, createLog, evs, fmt, gitCommit, latencySummary, packageVersion, rate, timed } from './lib/measure.mjs';
import { generateEvents } from './lib/generate-events.mjs';

const BENCH = join(ROOT, 'bench');

const { createEventStore, START } = dist('libs/event-store/src/index.js');
const { eventFingerprint } = dist('libs/events/src/index.js');
const { ingestEvents, readEventFile, validateRecords } = dist('libs/ingest/src/index.js');
const { listOrganisations } = dist('libs/reference/src/organisations.js');
const { SCHEMA_SQL } = dist('libs/event-store/src/sql/schema.js');
const pg = requireRoot('pg');
const { PGlite } = requireRoot('@electric-sql/pglite');

// ---------------------------------------------------------------------------------------------
// Settings

const CASES = Number(process.env.BENCH_CASES ?? 20_000);
const EVENTS_PER_CASE = 10;
const SEED = 20240101;
const PG_ADMIN = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECTIONS = new Set((process.env.BENCH_ONLY ?? 'import,http,latency,ceiling,profile,peer').split(',').map((s) => s.trim()));
const KEEP = process.env.BENCH_KEEP === '1';
const IMPORT_RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 2);
const HTTP_BATCH = 1000;
const HTTP_CLIENTS = 2;
const LATENCY_CALLS = 2000;
const LATENCY_WARMUP = 100;
const RAW_BATCH = 2000;
const PEER_IN_FLIGHT = 8;
const READ_PAGE = 1000;
const RUN_ID = `${Date.now().toString(36)}${process.pid.toString(36)}`;

const TARGETS = {
  importPg: 20_000,
  importEmbedded: 10_000,
  http: 5_000,
  p99Pg: 10,
};

// ---------------------------------------------------------------------------------------------
// Small helpers

const t0 = performance.now();
const log = createLog();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '—');
/** Runs `task(item)` over `items` with at most `n` in flight. */
async function pool(items, n, task) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

// PostgreSQL databases and embedded directories of this run, removed at the end unless BENCH_KEEP=1.
const createdDbs = [];
const createdDirs = [];
const adminQuery = (sql, params) => adminQueryOn(PG_ADMIN, sql, params);
async function freshDatabase(label) {
  const name = `vt_bench_${RUN_ID}_${label}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  await adminQuery(`CREATE DATABASE ${name}`);
  createdDbs.push(name);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return url.toString();
}
function freshDir(label) {
  const dir = mkdtempSync(join(tmpdir(), `vt-bench-${label}-`));
  createdDirs.push(dir);
  return dir;
}
async function cleanup() {
  if (KEEP) {
    if (createdDbs.length || createdDirs.length) log(`kept (BENCH_KEEP=1): databases ${createdDbs.join(', ')}; directories ${createdDirs.join(', ')}`);
    return;
  }
  for (const name of createdDbs) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((e) => log(`could not drop ${name}: ${e.message}`));
  for (const dir of createdDirs) rmSync(dir, { recursive: true, force: true });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** `bin/vt-monitor ARGS` with VT_EVENT_STORE; resolves with exit code, stdout, the tail of stderr and wall time. */
function runCli(args, storeUrl, { onStderr } = {}) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'vt-monitor'), ...args], {
      cwd: ROOT,
      env: { ...process.env, VT_EVENT_STORE: storeUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-8192);
      onStderr?.(String(d));
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - start }));
  });
}

/** Starts `bin/vt-monitor serve --port N` on `storeUrl` and waits for /health/live. */
async function startServe(storeUrl) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'vt-monitor'), 'serve', '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, VT_EVENT_STORE: storeUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d) => (output = (output + d).slice(-8192));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.on('exit', (code) => (exited = code));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) throw new Error(`vt-monitor serve exited (${exited}) before it was ready:\n${output}`);
    try {
      const res = await fetch(`${url}/health/live`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`vt-monitor serve did not become live in 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (exited !== null) return resolve(exited);
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
        child.kill('SIGTERM');
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Data

function machine() {
  const pgVersion = adminQuery('SHOW server_version').then((r) => r.rows[0].server_version);
  return pgVersion.then((v) => ({
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memGiB: (totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    postgres: v,
    pglite: packageVersion(join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json')),
    emmett: packageVersion(join(BENCH, 'node_modules', '@event-driven-io', 'emmett-postgresql', 'package.json')),
    commit: gitCommit(),
    distBuilt: statSync(join(ROOT, 'dist', 'libs', 'event-store', 'src', 'sql', 'append-events.js')).mtime.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  }));
}

/** Column arrays for a raw `INSERT ... SELECT * FROM unnest(...)` of the vt_events columns. */
function rawColumns(events) {
  const version = new Map();
  return events.map((e) => {
    const streamId = `${e.organisation}:${e.caseId}`;
    const v = (version.get(streamId) ?? -1) + 1;
    version.set(streamId, v);
    const body = JSON.stringify({ id: e.id, type: e.type, organisation: e.organisation, caseId: e.caseId, occurredAt: e.occurredAt, data: e.data });
    return [e.id, streamId, v, e.organisation, e.caseId, e.type, e.occurredAt, body, eventFingerprint(e)];
  });
}
function toColumnBatch(rows) {
  const cols = [[], [], [], [], [], [], [], [], []];
  for (const r of rows) for (let c = 0; c < 9; c++) cols[c].push(r[c]);
  return cols;
}

const PLAIN_TABLE_SQL = `
CREATE TABLE bench_raw (
  event_id uuid, stream_id text, stream_version integer, organisation text, case_id text, type text,
  occurred_at timestamptz, recorded_at timestamptz DEFAULT now(), body jsonb, fingerprint text
)`;
const UNNEST = `SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::jsonb[], $9::text[])`;
const RAW_COLS = '(event_id, stream_id, stream_version, organisation, case_id, type, occurred_at, body, fingerprint)';

// ---------------------------------------------------------------------------------------------
// Sections

const results = {};

async function sectionImport(file, n) {
  results.import = {};
  for (const kind of ['postgres', 'embedded']) {
    const runs = [];
    let url;
    for (let run = 1; run <= IMPORT_RUNS; run++) {
      url = kind === 'postgres' ? await freshDatabase(`import${run}`) : `embedded:${freshDir(`import${run}`)}`;
      log(`import: bin/vt-monitor import (${fmt(n)} events) into ${kind}, run ${run}/${IMPORT_RUNS} …`);
      const cli = await runCli(['import', file], url, { onStderr: (s) => s.split('\n').filter(Boolean).forEach((l) => log(`  ${kind}: ${l}`)) });
      if (cli.code !== 0) throw new Error(`vt-monitor import into ${kind} exited ${cli.code}:\n${cli.stderr}`);
      const summary = JSON.parse(cli.stdout.trim().split('\n').pop());
      if (summary.appended !== n) throw new Error(`vt-monitor import into ${kind} appended ${summary.appended} of ${n}`);
      runs.push(cli.ms);
      log(`import: ${kind} run ${run}: ${secs(cli.ms)}, ${evs(rate(n, cli.ms))}`);
    }
    const ms = runs.reduce((a, b) => a + b, 0) / runs.length;
    // The last run's store stays for the latency and readAll measurements.
    results.import[kind] = { url, events: n, ms, rate: rate(n, ms), runs: runs.map((r) => ({ ms: r, rate: rate(n, r) })) };
  }
}

async function sectionHttp(lines) {
  results.http = {};
  const bodies = [];
  for (let i = 0; i < lines.length; i += HTTP_BATCH) bodies.push(`${lines.slice(i, i + HTTP_BATCH).join('\n')}\n`);
  for (const kind of ['postgres', 'embedded']) {
    const url = kind === 'postgres' ? await freshDatabase('http') : `embedded:${freshDir('http')}`;
    const service = await startServe(url);
    log(`http: serve on ${kind} at ${service.url}; ${bodies.length} batches of ${HTTP_BATCH}, ${HTTP_CLIENTS} clients …`);
    const requestMs = [];
    let appended = 0;
    let lastLog = performance.now();
    try {
      const { ms } = await timed(() =>
        pool(bodies, HTTP_CLIENTS, async (body, i) => {
          const started = performance.now();
          const res = await fetch(`${service.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
          const text = await res.text();
          if (res.status !== 200) throw new Error(`batch ${i}: HTTP ${res.status}: ${text.slice(0, 500)}`);
          appended += JSON.parse(text).appended;
          requestMs.push(performance.now() - started);
          if (performance.now() - lastLog > 5000) {
            lastLog = performance.now();
            log(`  ${kind}: ${fmt(appended)}/${fmt(lines.length)}`);
          }
        }),
      );
      if (appended !== lines.length) throw new Error(`HTTP ingest into ${kind} appended ${appended} of ${lines.length}`);
      results.http[kind] = { ms, rate: rate(lines.length, ms), request: latencySummary(requestMs) };
      log(`http: ${kind}: ${secs(ms)}, ${evs(rate(lines.length, ms))}, request p50 ${fmt(results.http[kind].request.p50, 1)} ms`);
    } catch (err) {
      log(`http: ${kind} failed; service output:\n${service.output()}`);
      throw err;
    } finally {
      await service.stop();
    }
  }
}

async function sectionLatency() {
  results.latency = {};
  // New cases (other seed, other case ids): one event per call, each case's events in order.
  const { byCase } = generateEvents({ cases: (LATENCY_CALLS + LATENCY_WARMUP) / EVENTS_PER_CASE, seed: SEED + 1, organisations: listOrganisations(), casePrefix: 'L' });
  const calls = byCase.flatMap((c) => [...c.events].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt)));
  for (const kind of ['postgres', 'embedded']) {
    // On the store the import filled, so the indexes hold 200,000 events; else on a fresh one.
    const url = results.import?.[kind]?.url ?? (kind === 'postgres' ? await freshDatabase('latency') : `embedded:${freshDir('latency')}`);
    const store = await createEventStore(url);
    try {
      log(`latency: ${LATENCY_CALLS} sequential appendToStream on ${kind} (after ${LATENCY_WARMUP} warm-up calls) …`);
      const ms = [];
      for (let i = 0; i < calls.length; i++) {
        const e = calls[i];
        const start = process.hrtime.bigint();
        const r = await store.appendToStream(e.organisation, e.caseId, [e]);
        const took = Number(process.hrtime.bigint() - start) / 1e6;
        if (r.appended !== 1) throw new Error(`appendToStream on ${kind} appended ${r.appended}`);
        if (i >= LATENCY_WARMUP) ms.push(took);
      }
      results.latency[kind] = latencySummary(ms);
      log(`latency: ${kind}: p50 ${fmt(results.latency[kind].p50, 2)} ms, p99 ${fmt(results.latency[kind].p99, 2)} ms`);
      // Our global read, for the peer comparison: readAll pages of 1000 from the start.
      let from = START;
      let read = 0;
      const { ms: readMs } = await timed(async () => {
        for (;;) {
          const page = await store.readAll({ from, limit: READ_PAGE });
          if (page.events.length === 0) break;
          read += page.events.length;
          from = page.next;
        }
      });
      results.readAll = results.readAll ?? {};
      const expected = (results.import?.[kind] ? results.import[kind].events : 0) + calls.length;
      results.readAll[kind] = { events: read, expected, ms: readMs, rate: rate(read, readMs) };
      if (read !== expected) log(`readAll: ${kind}: WARNING read ${fmt(read)} events, the store holds ${fmt(expected)}`);
      log(`readAll: ${kind}: ${fmt(read)} events in ${secs(readMs)}, ${evs(rate(read, readMs))}`);
    } finally {
      await store.close();
    }
  }
}

async function rawInsertRuns(exec, rows) {
  // 1. plain table, no keys, no indexes
  await exec(PLAIN_TABLE_SQL);
  const plain = await timed(async () => {
    for (let i = 0; i < rows.length; i += RAW_BATCH) await exec(`INSERT INTO bench_raw ${RAW_COLS} ${UNNEST}`, toColumnBatch(rows.slice(i, i + RAW_BATCH)));
  });
  // 2. the vt_events table itself (same keys and indexes), raw unnest, none of the store's logic
  await exec(SCHEMA_SQL);
  const schema = await timed(async () => {
    for (let i = 0; i < rows.length; i += RAW_BATCH) await exec(`INSERT INTO vt_events ${RAW_COLS} ${UNNEST}`, toColumnBatch(rows.slice(i, i + RAW_BATCH)));
  });
  // 3. single-row INSERTs (autocommit), the floor under a one-event append
  const single = [];
  for (let i = 0; i < LATENCY_CALLS; i++) {
    const start = process.hrtime.bigint();
    await exec(`INSERT INTO bench_raw ${RAW_COLS} ${UNNEST}`, toColumnBatch([rows[i]]));
    single.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { plain: { ms: plain.ms, rate: rate(rows.length, plain.ms) }, schema: { ms: schema.ms, rate: rate(rows.length, schema.ms) }, single: latencySummary(single) };
}

async function sectionCeiling(events) {
  results.ceiling = {};
  const rows = rawColumns(events);
  {
    const url = await freshDatabase('raw');
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      log(`ceiling: raw unnest inserts (${RAW_BATCH}/batch) on PostgreSQL …`);
      results.ceiling.postgres = await rawInsertRuns(async (sql, params) => (await c.query(sql, params)).rows, rows);
    } finally {
      await c.end();
    }
    log(`ceiling: postgres: plain ${evs(results.ceiling.postgres.plain.rate)}, vt_events schema ${evs(results.ceiling.postgres.schema.rate)}`);
  }
  {
    const db = await PGlite.create(freshDir('raw'));
    try {
      log(`ceiling: raw unnest inserts (${RAW_BATCH}/batch) on PGlite …`);
      results.ceiling.embedded = await rawInsertRuns(async (sql, params) => (params ? (await db.query(sql, params)).rows : (await db.exec(sql)).at(-1)?.rows), rows);
    } finally {
      await db.close();
    }
    log(`ceiling: embedded: plain ${evs(results.ceiling.embedded.plain.rate)}, vt_events schema ${evs(results.ceiling.embedded.schema.rate)}`);
  }
}

/** The import's path in-process, each stage timed: read+parse, validate, idempotency pass, append pass. */
async function sectionProfile(file, n) {
  results.profile = {};
  for (const kind of ['postgres', 'embedded']) {
    const url = kind === 'postgres' ? await freshDatabase('profile') : `embedded:${freshDir('profile')}`;
    log(`profile: import stages in-process on ${kind} …`);
    const read = await timed(() => readEventFile(file));
    const validate = await timed(() => validateRecords(read.value.records, read.value.errors));
    if (validate.value.valid.length !== n) throw new Error(`validation kept ${validate.value.valid.length} of ${n}`);
    const fingerprint = await timed(() => {
      for (const v of validate.value.valid) eventFingerprint(v.event);
    });
    const store = await createEventStore(url);
    const spent = { check: 0, append: 0 };
    const wrapped = Object.create(store);
    wrapped.checkIdempotency = async (evts) => {
      const s = performance.now();
      try {
        return await store.checkIdempotency(evts);
      } finally {
        spent.check += performance.now() - s;
      }
    };
    wrapped.appendBatch = async (evts) => {
      const s = performance.now();
      try {
        return await store.appendBatch(evts);
      } finally {
        spent.append += performance.now() - s;
      }
    };
    try {
      const ingest = await timed(() => ingestEvents(wrapped, validate.value, { chunkSize: 2000 }));
      if (ingest.value.appended !== n) throw new Error(`profile ingest appended ${ingest.value.appended}`);
      results.profile[kind] = {
        read: read.ms,
        validate: validate.ms,
        fingerprint: fingerprint.ms,
        check: spent.check,
        append: spent.append,
        ingest: ingest.ms,
        total: read.ms + validate.ms + ingest.ms,
      };
    } finally {
      await store.close();
    }
    const p = results.profile[kind];
    log(`profile: ${kind}: read+parse ${secs(p.read)}, validate ${secs(p.validate)}, check ${secs(p.check)}, appendBatch ${secs(p.append)}`);
  }
}

async function loadEmmett() {
  const probe = join(BENCH, 'node_modules', '@event-driven-io', 'emmett-postgresql', 'package.json');
  if (!existsSync(probe)) {
    log('peer: Emmett is not installed in bench/node_modules; installing it from bench/package-lock.json (npm ci --prefix bench) …');
    execFileSync('npm', ['ci', '--prefix', BENCH, '--no-audit', '--no-fund'], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  const emmett = await import('@event-driven-io/emmett-postgresql');
  const { dumbo } = await import('@event-driven-io/dumbo');
  return { ...emmett, dumbo };
}

async function sectionPeer(events, byCase) {
  results.peer = {};
  const emmett = await loadEmmett();
  const n = events.length;

  // Emmett: one appendToStream per case with its 10 events, PEER_IN_FLIGHT in flight.
  {
    const url = await freshDatabase('emmett');
    const pgPool = emmett.dumbo({ connectionString: url });
    const store = emmett.getPostgreSQLEventStore(url, { connectionOptions: { dumbo: pgPool } });
    try {
      log('peer: Emmett schema.migrate() …');
      await store.schema.migrate();
      log(`peer: Emmett appendToStream × ${fmt(byCase.length)} streams (10 events each), ${PEER_IN_FLIGHT} in flight …`);
      let done = 0;
      let lastLog = performance.now();
      const append = await timed(() =>
        pool(byCase, PEER_IN_FLIGHT, async (c) => {
          await store.appendToStream(
            `vtcase-${c.organisation}:${c.caseId}`,
            c.events.map((e) => ({
              type: e.type,
              data: { organisation: e.organisation, caseId: e.caseId, occurredAt: e.occurredAt, data: e.data },
              metadata: { messageId: e.id },
            })),
          );
          done += c.events.length;
          if (performance.now() - lastLog > 5000) {
            lastLog = performance.now();
            log(`  emmett append: ${fmt(done)}/${fmt(n)}`);
          }
        }),
      );
      results.peer.emmettAppend = { ms: append.ms, rate: rate(n, append.ms) };
      log(`peer: Emmett append: ${secs(append.ms)}, ${evs(results.peer.emmettAppend.rate)}`);

      // Global read: readMessagesBatch (what Emmett's consumers page with), batches of READ_PAGE.
      const ids = new Set();
      let read = 0;
      const globalRead = await timed(async () => {
        let after = 0n;
        for (;;) {
          const page = await emmett.readMessagesBatch(pgPool.execute, { after, batchSize: READ_PAGE });
          for (const m of page.messages) ids.add(m.metadata.messageId);
          read += page.messages.length;
          if (page.messages.length === 0) break;
          after = page.currentGlobalPosition;
        }
      });
      results.peer.emmettReadAll = { ms: globalRead.ms, events: read, distinct: ids.size, expected: n, rate: rate(read, globalRead.ms) };
      log(`peer: Emmett readMessagesBatch: ${fmt(read)} (${fmt(ids.size)} distinct) in ${secs(globalRead.ms)}, ${evs(results.peer.emmettReadAll.rate)}`);

      // Per stream: readStream of every case, PEER_IN_FLIGHT in flight.
      let perStream = 0;
      const streamRead = await timed(() =>
        pool(byCase, PEER_IN_FLIGHT, async (c) => {
          const r = await store.readStream(`vtcase-${c.organisation}:${c.caseId}`);
          perStream += r.events.length;
        }),
      );
      results.peer.emmettReadStream = { ms: streamRead.ms, events: perStream, expected: n, rate: rate(perStream, streamRead.ms) };
      log(`peer: Emmett readStream per stream: ${fmt(perStream)} in ${secs(streamRead.ms)}, ${evs(results.peer.emmettReadStream.rate)}`);
    } finally {
      await store.close();
    }
  }

  // Ours, the same workload as Emmett's: appendToStream per case (10 events), 8 in flight; readStream per case.
  {
    const url = await freshDatabase('peer');
    const store = await createEventStore(url);
    try {
      log(`peer: vt-monitor appendToStream × ${fmt(byCase.length)} streams (10 events each), ${PEER_IN_FLIGHT} in flight …`);
      const append = await timed(() => pool(byCase, PEER_IN_FLIGHT, (c) => store.appendToStream(c.organisation, c.caseId, c.events)));
      results.peer.oursAppendToStream = { ms: append.ms, rate: rate(n, append.ms) };
      log(`peer: vt-monitor appendToStream: ${secs(append.ms)}, ${evs(results.peer.oursAppendToStream.rate)}`);
      let perStream = 0;
      const streamRead = await timed(() =>
        pool(byCase, PEER_IN_FLIGHT, async (c) => {
          const stream = await store.readStream(c.organisation, c.caseId);
          perStream += stream.length;
        }),
      );
      results.peer.oursReadStream = { ms: streamRead.ms, events: perStream, expected: n, rate: rate(perStream, streamRead.ms) };
      log(`peer: vt-monitor readStream per stream: ${fmt(perStream)} in ${secs(streamRead.ms)}, ${evs(results.peer.oursReadStream.rate)}`);
      if (!results.readAll?.postgres) {
        let from = START;
        let read = 0;
        const { ms } = await timed(async () => {
          for (;;) {
            const page = await store.readAll({ from, limit: READ_PAGE });
            if (page.events.length === 0) break;
            read += page.events.length;
            from = page.next;
          }
        });
        results.readAll = { ...(results.readAll ?? {}), postgres: { events: read, expected: n, ms, rate: rate(read, ms) } };
      }
    } finally {
      await store.close();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Report

/** "read N of M" and, when that is not every event exactly once, a warning. */
function readCount(x) {
  const distinct = x.distinct ?? x.events;
  const ok = x.events === x.expected && distinct === x.expected;
  return `read ${fmt(x.events)}${x.distinct !== undefined ? `, ${fmt(x.distinct)} distinct` : ''} of ${fmt(x.expected)}${ok ? '' : ' ⚠ INCOMPLETE/DUPLICATES'}`;
}

function verdict(ok) {
  return ok === undefined ? '—' : ok ? '**PASS**' : '**MISS**';
}

function report(info, data) {
  const r = results;
  const c = r.ceiling ?? {};
  const L = [];
  const date = new Date().toISOString().slice(0, 10);
  L.push(`# vt-monitor ingest benchmark, ${date}`);
  L.push('');
  L.push(
    `Machine: ${info.nproc} cores (${info.cpu}), ${info.memGiB} GiB RAM; Node ${info.node}; PostgreSQL ${info.postgres} (local, default settings); PGlite ${info.pglite}; Emmett ${info.emmett}; vt-monitor ${info.commit}; dist/ built at ${info.distBuilt}.`,
  );
  L.push(
    `Data: ${fmt(data.events)} events in ${fmt(data.cases)} cases (10 per case, VTIJ and VTNOG), seed ${SEED}, ordered by occurredAt; ${data.fileMiB} MiB NDJSON. Total run time ${secs(performance.now() - t0)}.`,
  );
  L.push('');
  L.push('## Targets');
  L.push('');
  L.push('| # | Measure | Store | Result | Ceiling: raw insert, same DB (plain table · vt_events table) | Target | Verdict |');
  L.push('|---|---|---|---|---|---|---|');
  const ceil = (k) => (c[k] ? `${evs(c[k].plain.rate)} · ${evs(c[k].schema.rate)}` : '—');
  for (const [k, name, target] of [
    ['postgres', 'PostgreSQL', TARGETS.importPg],
    ['embedded', 'embedded (PGlite)', TARGETS.importEmbedded],
  ]) {
    const x = r.import?.[k];
    const each = x && x.runs.length > 1 ? `; mean of ${x.runs.length} runs: ${x.runs.map((r) => fmt(r.rate)).join(', ')}` : '';
    L.push(`| 1 | CLI \`vt-monitor import\` (wall, incl. start-up) | ${name} | ${x ? `${evs(x.rate)} (${secs(x.ms)}${each})` : '—'} | ${ceil(k)} | ≥ ${fmt(target)} ev/s | ${verdict(x && x.rate >= target)} |`);
  }
  for (const [k, name] of [
    ['postgres', 'PostgreSQL'],
    ['embedded', 'embedded (PGlite)'],
  ]) {
    const x = r.http?.[k];
    L.push(
      `| 2 | HTTP \`POST /api/v1/events\`, NDJSON batches of ${fmt(HTTP_BATCH)}, ${HTTP_CLIENTS} clients | ${name} | ${x ? `${evs(x.rate)} (${secs(x.ms)}; request p50 ${fmt(x.request.p50)} ms, p99 ${fmt(x.request.p99)} ms)` : '—'} | ${ceil(k)} | ≥ ${fmt(TARGETS.http)} ev/s | ${verdict(x && x.rate >= TARGETS.http)} |`,
    );
  }
  for (const [k, name] of [
    ['postgres', 'PostgreSQL'],
    ['embedded', 'embedded (PGlite)'],
  ]) {
    const x = r.latency?.[k];
    const floor = c[k]?.single ? `single-row INSERT p50 ${fmt(c[k].single.p50, 2)} ms · p99 ${fmt(c[k].single.p99, 2)} ms` : '—';
    L.push(
      `| 3 | single-event \`appendToStream\`, ${fmt(LATENCY_CALLS)} sequential | ${name} | ${x ? `p50 ${fmt(x.p50, 2)} ms · p99 ${fmt(x.p99, 2)} ms (max ${fmt(x.max, 1)} ms)` : '—'} | ${floor} | ${k === 'postgres' ? `p99 < ${TARGETS.p99Pg} ms` : 'none'} | ${k === 'postgres' ? verdict(x && x.p99 < TARGETS.p99Pg) : '—'} |`,
    );
  }
  if (r.profile) {
    L.push('');
    L.push('## Where the import spends its time (in-process, the CLI\'s code path, each stage timed)');
    L.push('');
    L.push('| Store | read + parse NDJSON | validate (zod) | idempotency pass (`checkIdempotency`) | append pass (`appendBatch`, 2,000/tx) | total | of which: fingerprints (sha256, computed in both passes) |');
    L.push('|---|---|---|---|---|---|---|');
    for (const [k, name] of [
      ['postgres', 'PostgreSQL'],
      ['embedded', 'embedded (PGlite)'],
    ]) {
      const p = r.profile[k];
      if (!p) continue;
      const cell = (ms) => `${secs(ms)} (${evs(rate(data.events, ms))})`;
      L.push(`| ${name} | ${cell(p.read)} | ${cell(p.validate)} | ${cell(p.check)} | ${cell(p.append)} | ${cell(p.total)} | ${secs(p.fingerprint)} per pass |`);
    }
  }
  if (r.peer || r.readAll) {
    const p = r.peer ?? {};
    L.push('');
    L.push(`## Peer: Emmett ${info.emmett} PostgreSQL event store (same server, same ${fmt(data.events)} events)`);
    L.push('');
    L.push('| Operation | vt-monitor (PostgreSQL) | Emmett | vt-monitor ÷ Emmett |');
    L.push('|---|---|---|---|');
    const imp = r.import?.postgres;
    const prof = r.profile?.postgres;
    const ea = p.emmettAppend;
    if (ea) {
      if (imp) L.push(`| append, ours via \`vt-monitor import\` (appendBatch, 2,000/tx, wall incl. parse + validate) vs Emmett appendToStream per stream (10 events), ${PEER_IN_FLIGHT} in flight | ${evs(imp.rate)} | ${evs(ea.rate)} | ${ratio(imp.rate, ea.rate)} |`);
      if (prof) L.push(`| append, ours \`appendBatch\` alone (2,000/tx, pre-validated) vs the same Emmett run | ${evs(rate(data.events, prof.append))} | ${evs(ea.rate)} | ${ratio(rate(data.events, prof.append), ea.rate)} |`);
      if (p.oursAppendToStream) L.push(`| append, same workload both sides: appendToStream per stream (10 events), ${PEER_IN_FLIGHT} in flight | ${evs(p.oursAppendToStream.rate)} | ${evs(ea.rate)} | ${ratio(p.oursAppendToStream.rate, ea.rate)} |`);
    }
    const ra = r.readAll?.postgres;
    const er = p.emmettReadAll;
    if (ra || er)
      L.push(
        `| read all: ours \`readAll\` pages of ${fmt(READ_PAGE)} vs Emmett global \`readMessagesBatch\` batches of ${fmt(READ_PAGE)} | ${ra ? `${evs(ra.rate)} (${readCount(ra)})` : '—'} | ${er ? `${evs(er.rate)} (${readCount(er)})` : '—'} | ${ratio(ra?.rate, er?.rate)} |`,
      );
    if (p.emmettReadStream)
      L.push(
        `| read per stream: \`readStream\` of each of ${fmt(data.cases)} streams, ${PEER_IN_FLIGHT} in flight | ${p.oursReadStream ? `${evs(p.oursReadStream.rate)} (${readCount(p.oursReadStream)})` : '—'} | ${evs(p.emmettReadStream.rate)} (${readCount(p.emmettReadStream)}) | ${ratio(p.oursReadStream?.rate, p.emmettReadStream.rate)} |`,
      );
  }
  if (r.readAll?.embedded) {
    L.push('');
    L.push(`Embedded \`readAll\` (pages of ${fmt(READ_PAGE)}): ${evs(r.readAll.embedded.rate)} (${readCount(r.readAll.embedded)}).`);
  }
  L.push('');
  L.push(
    'Ceiling columns: the same rows (`uuid`, `text`, `int`, `timestamptz`, `jsonb` columns of vt_events) inserted with one `INSERT … SELECT * FROM unnest(…)` per 2,000 rows on one connection, into a plain table (no keys, no indexes) and into the vt_events table itself (its primary key, unique keys and global-order index), without any of the store\'s logic. See bench/README.md.',
  );
  return L.join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const info = await machine();
  log(`bench: ${fmt(CASES)} cases × ${EVENTS_PER_CASE} events; sections ${[...SECTIONS].join(',')}; ${info.nproc} cores, Node ${info.node}, PostgreSQL ${info.postgres}`);
  mkdirSync(RESULTS, { recursive: true });

  const gen = await timed(() => generateEvents({ cases: CASES, seed: SEED, organisations: listOrganisations() }));
  const { events, byCase } = gen.value;
  const lines = events.map((e) => JSON.stringify(e));
  const file = join(RESULTS, `events-${CASES}-cases-seed-${SEED}.ndjson`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const fileMiB = (statSync(file).size / 2 ** 20).toFixed(1);
  log(`data: ${fmt(events.length)} events in ${fmt(byCase.length)} cases generated in ${secs(gen.ms)} → ${file} (${fileMiB} MiB)`);
  // Refuse to measure on data the product would reject: validate everything once.
  const check = validateRecords(lines.map((l, i) => ({ index: i, line: i + 1, raw: JSON.parse(l) })));
  if (check.problems.length > 0) throw new Error(`generated data is invalid: ${JSON.stringify(check.problems.slice(0, 5))}`);

  try {
    if (SECTIONS.has('import')) await sectionImport(file, events.length);
    if (SECTIONS.has('http')) await sectionHttp(lines);
    if (SECTIONS.has('latency')) await sectionLatency();
    if (SECTIONS.has('ceiling')) await sectionCeiling(events);
    if (SECTIONS.has('profile')) await sectionProfile(file, events.length);
    if (SECTIONS.has('peer')) await sectionPeer(events, byCase);
  } finally {
    await cleanup();
  }

  const md = report(info, { events: events.length, cases: byCase.length, fileMiB });
  // A smoke or partial run gets its own name, so that it never overwrites a full run's results.
  const full = CASES === 20_000 && SECTIONS.size === 6;
  const base = `ingest-${new Date().toISOString().slice(0, 10)}${full ? '' : `-partial-${CASES}-cases`}`;
  const out = join(RESULTS, `${base}.md`);
  writeFileSync(out, `${md}\n`);
  writeFileSync(join(RESULTS, `${base}.json`), `${JSON.stringify({ info, results }, (k, v) => (k === 'url' ? undefined : v), 2)}\n`);
  process.stdout.write(`${md}\n`);
  log(`done in ${secs(performance.now() - t0)}; wrote ${out}`);
}

main().catch(async (err) => {
  process.stderr.write(`bench failed: ${err.stack ?? err}\n`);
  await cleanup().catch(() => undefined);
  process.exit(1);
});
