#!/usr/bin/env node
// Projections benchmark of vt-monitor at national scale: raw read rate of the log, rebuild of the
// read models, quarter and stock report latency, as-of report time, peak memory; PostgreSQL and
// embedded (PGlite). Uses the BUILT code (dist/): run `npm run build` first. See bench/README.md.
//
//   npm run bench:projections                          15,000,000 events on PostgreSQL, 1,000,000 embedded
//   BENCH_EVENTS=1000000 npm run bench:projections     a quicker run (about 10 minutes)
//   BENCH_EVENTS=3000000 npm run bench:projections     a middle scale (about 15 minutes)
//   BENCH_EMBEDDED_EVENTS=N                            events for the embedded store (default min(BENCH_EVENTS, 1,000,000))
//   BENCH_BACKENDS=postgres                            only some stores: postgres,embedded
//   BENCH_ONLY=read,rebuild,reports,profile            only some sections (the load always runs)
//   BENCH_KEEP=1                                       keep the databases / embedded directories
//   BENCH_REUSE_PG=vt_bench_… BENCH_REUSE_EMBEDDED=/tmp/vt-bench-…   measure a kept store again (no load)
//   BENCH_REBUILD=asis,one-thread,indexes-during       rebuild variants (default asis; see VARIANT_NAME)
//   BENCH_CPU_PROF=1                                   also CPU-profile the rebuild (slower; top functions in the report)
//   BENCH_PG_URL=postgres://...                        the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)
//
// Each measured phase runs in its own child process (`--child PHASE`), so that its peak RSS is its own.
// The Markdown table goes to stdout and to bench/results/projections-<date>[-<scale>].md; progress to stderr.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dist, requireRoot, RESULTS, ROOT } from './lib/built.mjs';
import { adminQuery as adminQueryOn, createLog, evs, fmt, gitCommit, latencySummary, ownCpuSeconds, packageVersion, postgresCpuSeconds, rate, timed } from './lib/measure.mjs';
import { amsterdamIso } from './lib/amsterdam-time.mjs';
import { nationalEvents } from './lib/generate-national.mjs';
import { prng } from './lib/prng.mjs';

const BENCH = join(ROOT, 'bench');
const SELF = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Settings

const FULL_SCALE = 15_000_000;
const EVENTS = Number(process.env.BENCH_EVENTS ?? FULL_SCALE);
const EMBEDDED_EVENTS = Number(process.env.BENCH_EMBEDDED_EVENTS ?? Math.min(EVENTS, 1_000_000));
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'postgres,embedded').split(',').map((s) => s.trim()).filter(Boolean);
const SECTIONS = new Set((process.env.BENCH_ONLY ?? 'read,rebuild,reports,profile').split(',').map((s) => s.trim()));
const KEEP = process.env.BENCH_KEEP === '1';
const CPU_PROF = process.env.BENCH_CPU_PROF === '1';
const PG_ADMIN = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SEED = 20250101;
const START_YEAR = 2016;
const YEARS = 10;
const READ_PAGE = 5000;
const COPY_CHUNK = 100_000;
const REPORT_CALLS = 200;
/** Calls on VTNOG (24 organisations under one code): a stress figure, not a target; fewer, as each is 24× the work. */
const STRESS_CALLS = 50;
const REPORT_WARMUP = 10;
const RUN_ID = `${Date.now().toString(36)}${process.pid.toString(36)}`;

const TARGETS = { rebuildRatio: 0.8, quarterP99: 50, asOfMs: 2000 };

/**
 * Rebuild variants: `asis` is the product's rebuildReadModels (indexes of the derived tables
 * dropped and built after the load; on PostgreSQL a worker thread per core); `one-thread` folds on
 * the calling thread (`{ workers: 1 }`); `indexes-during` keeps the indexes while loading
 * (`{ indexes: 'during' }`), to measure those choices.
 */
const VARIANT_NAME = { asis: 'as is', 'one-thread': 'on one thread (`workers: 1`)', 'indexes-during': "with the indexes kept during the load (`indexes: 'during'`)" };
const rebuildVariants = () => (process.env.BENCH_REBUILD ?? 'asis').split(',').map((v) => v.trim()).filter((v) => v in VARIANT_NAME);

// ---------------------------------------------------------------------------------------------
// Small helpers

const tag = process.argv[2] === '--child' ? `${process.argv[3]}` : 'bench';
const t0 = performance.now();
const log = createLog(tag);
const secs = (ms) => (ms === undefined ? '—' : ms >= 600_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(1)} s`);
const mib = (bytes) => `${fmt(bytes / 2 ** 20)} MiB`;
function verdict(ok) {
  return ok === undefined ? '—' : ok ? '**PASS**' : '**MISS**';
}
const dbUrl = (name) => {
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return url.toString();
};
const adminQuery = (sql, params, url = PG_ADMIN) => adminQueryOn(url, sql, params);
/** Peak RSS of this process so far (bytes); on Linux maxRSS is in KiB. */
const peakRss = () => process.resourceUsage().maxRSS * 1024;
/** Samples RSS and heap every 250 ms; returns a stop function with the highest values seen. */
function sampleMemory() {
  let rss = 0;
  let heap = 0;
  let external = 0;
  const take = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
    external = Math.max(external, m.external + m.arrayBuffers);
  };
  const timer = setInterval(take, 250);
  timer.unref();
  return () => {
    clearInterval(timer);
    take();
    return { sampledRss: rss, heapUsed: heap, external, maxRss: peakRss() };
  };
}

/** The store's URL for a backend: `postgres://…/db` or `embedded:DIR`. */
const storeUrl = (backend, where) => (backend === 'postgres' ? dbUrl(where) : `embedded:${where}`);

// =============================================================================================
// Children: each phase in its own process.

const { createEventStore, START } = dist('libs/event-store/src/index.js');
const { SCHEMA_SQL } = dist('libs/event-store/src/sql/schema.js');
const { validateEvent, eventFingerprint } = dist('libs/events/src/index.js');
const { listOrganisations } = dist('libs/reference/src/organisations.js');
const readModelLib = dist('libs/read-model/src/index.js');
const { createProjectionConfig, foldCase } = dist('libs/projections/src/index.js');

const COPY_COLS = '(event_id, stream_id, stream_version, organisation, case_id, type, occurred_at, recorded_at, body, fingerprint)';
const copyEscape = (s) => (/[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s);

/** One COPY text line per event, as `appendEvents` would store it (same body and fingerprint), with its recorded time. */
function copyLine(x) {
  const e = x.event;
  const body = JSON.stringify({ id: e.id, type: e.type, organisation: e.organisation, caseId: e.caseId, occurredAt: e.occurredAt, data: e.data });
  return `${e.id}\t${copyEscape(`${e.organisation}:${e.caseId}`)}\t${x.streamVersion}\t${e.organisation}\t${copyEscape(e.caseId)}\t${e.type}\t${e.occurredAt}\t${new Date(x.recordedAt).toISOString()}\t${copyEscape(body)}\t${eventFingerprint(e)}\n`;
}

/** vt_events' unique constraints and secondary indexes (not the primary key), to drop before COPY and recreate after. */
async function secondaryIndexes(query) {
  const constraints = await query(`SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'vt_events'::regclass AND contype = 'u' ORDER BY conname`);
  const names = new Set(constraints.map((c) => c.name));
  const indexes = (await query(`SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'vt_events' AND indexname <> 'vt_events_pkey' ORDER BY indexname`)).filter((i) => !names.has(i.name));
  const all = await query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'vt_events' ORDER BY indexname`);
  return { constraints, indexes, all: JSON.stringify(all) };
}

/**
 * Fills a fresh store with the generated log: the schema the store creates, its unique keys and
 * the global-order index dropped, COPY in chunks of COPY_CHUNK (one transaction each, so `tx`
 * gives the same order as `seq`), the same keys and index recreated from their definitions,
 * vt_streams set to each stream's last version, then VACUUM ANALYZE.
 */
async function childLoad({ backend, where, events: total }) {
  const summary = {};
  const stopMem = sampleMemory();
  // The store creates its schema (and, for embedded, the data directory) exactly as in production.
  const store = await createEventStore(storeUrl(backend, where));
  await store.close();

  let query;
  let close;
  let copyChunk;
  let psql;
  if (backend === 'postgres') {
    const pg = requireRoot('pg');
    const client = new pg.Client({ connectionString: dbUrl(where) });
    await client.connect();
    query = async (sql, params) => (await client.query(sql, params)).rows;
    close = () => client.end();
    // COPY … FROM STDIN through psql (pg has no COPY FROM STDIN without an extra package); each COPY autocommits.
    psql = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', dbUrl(where), '-f', '-'], { stdio: ['pipe', 'inherit', 'inherit'] });
    const exited = once(psql, 'exit');
    copyChunk = async (lines, last) => {
      const text = `COPY vt_events ${COPY_COLS} FROM STDIN;\n${lines.join('')}\\.\n`;
      if (!psql.stdin.write(text)) await once(psql.stdin, 'drain');
      if (last) {
        psql.stdin.end();
        const [code] = await exited;
        if (code !== 0) throw new Error(`psql COPY exited ${code}`);
      }
    };
  } else {
    const { PGlite } = requireRoot('@electric-sql/pglite');
    const db = await PGlite.create(where);
    query = async (sql, params) => (params ? (await db.query(sql, params)).rows : ((await db.exec(sql)).at(-1)?.rows ?? []));
    close = () => db.close();
    copyChunk = async (lines) => {
      await db.query(`COPY vt_events ${COPY_COLS} FROM '/dev/blob'`, [], { blob: new Blob([lines.join('')]) });
    };
  }

  const before = await secondaryIndexes(query);
  for (const c of before.constraints) await query(`ALTER TABLE vt_events DROP CONSTRAINT ${c.name}`);
  for (const i of before.indexes) await query(`DROP INDEX ${i.name}`);

  let n = 0;
  let invalid = 0;
  let lines = [];
  let lastLog = performance.now();
  const copy = await timed(async () => {
    for (const x of nationalEvents({ events: total, seed: SEED, organisations: listOrganisations(), startYear: START_YEAR, years: YEARS, summary })) {
      const v = validateEvent(x.event, n);
      if (!v.ok) {
        if (invalid++ < 5) log(`INVALID generated event: ${JSON.stringify(v.problems)} ${JSON.stringify(x.event)}`);
        continue;
      }
      lines.push(copyLine(x));
      n++;
      if (lines.length === COPY_CHUNK) {
        await copyChunk(lines, false);
        lines = [];
      }
      if (performance.now() - lastLog > 15_000) {
        lastLog = performance.now();
        log(`load ${backend}: ${fmt(n)}/${fmt(total)} (${evs(rate(n, performance.now() - t0))})`);
      }
    }
    await copyChunk(lines, true);
  });
  if (invalid > 0) throw new Error(`${invalid} generated events failed validation`);
  log(`load ${backend}: ${fmt(n)} events generated, validated and copied in ${secs(copy.ms)} (${evs(rate(n, copy.ms))})`);

  const indexes = await timed(async () => {
    await query(backend === 'postgres' ? `SET maintenance_work_mem = '1GB'` : `SET maintenance_work_mem = '256MB'`);
    for (const c of before.constraints) await query(`ALTER TABLE vt_events ADD CONSTRAINT ${c.name} ${c.def}`);
    for (const i of before.indexes) await query(i.def);
    await query('INSERT INTO vt_streams (stream_id, version) SELECT stream_id, max(stream_version) FROM vt_events GROUP BY stream_id');
  });
  const after = await secondaryIndexes(query);
  if (after.all !== before.all) throw new Error(`the recreated indexes differ from the store's:\n${before.all}\n${after.all}`);
  log(`load ${backend}: keys, indexes and vt_streams in ${secs(indexes.ms)}`);
  const vacuum = await timed(async () => {
    await query('VACUUM ANALYZE vt_events');
    await query('VACUUM ANALYZE vt_streams');
  });
  log(`load ${backend}: VACUUM ANALYZE in ${secs(vacuum.ms)}`);
  const [{ count }] = await query('SELECT count(*)::int AS count FROM vt_events');
  if (count !== total) throw new Error(`vt_events holds ${count} events, expected ${total}`);
  await close();
  return {
    events: n,
    copyMs: copy.ms,
    indexMs: indexes.ms,
    vacuumMs: vacuum.ms,
    summary: { ...summary, firstMelding: new Date(summary.firstMelding).toISOString(), lastMelding: new Date(summary.lastMelding).toISOString(), lastRecorded: new Date(summary.lastRecorded).toISOString() },
    memory: stopMem(),
  };
}

/** Raw read rate: `store.readAll` pages of READ_PAGE over the whole log. */
async function childRead({ backend, where, events: expected }) {
  const store = await createEventStore(storeUrl(backend, where));
  const stopMem = sampleMemory();
  let read = 0;
  let from = START;
  let lastLog = performance.now();
  try {
    const cpuBefore = { node: ownCpuSeconds(), postgres: postgresCpuSeconds() };
    const { ms } = await timed(async () => {
      for (;;) {
        const page = await store.readAll({ from, limit: READ_PAGE });
        if (page.events.length === 0) break;
        read += page.events.length;
        from = page.next;
        if (performance.now() - lastLog > 15_000) {
          lastLog = performance.now();
          log(`read ${backend}: ${fmt(read)}/${fmt(expected)}`);
        }
      }
    });
    const postgresAfter = postgresCpuSeconds();
    const cpu = { node: ownCpuSeconds() - cpuBefore.node, postgres: backend === 'postgres' && postgresAfter !== null && cpuBefore.postgres !== null ? postgresAfter - cpuBefore.postgres : null };
    if (read !== expected) log(`read ${backend}: WARNING read ${fmt(read)} events, the store holds ${fmt(expected)}`);
    return { events: read, expected, ms, rate: rate(read, ms), memory: stopMem(), cpu };
  } finally {
    await store.close();
  }
}

/** Which statement a SQL text is, for the time breakdown of the rebuild. */
function sqlKind(sql) {
  const s = sql.replace(/\s+/g, ' ').trim();
  if (/^SELECT tx::text AS tx_id, seq::text AS seq_no, stream_id AS case_key/.test(s)) return 'read vt_events in global order, pages of 20,000 (text columns; overlaps the fold)';
  if (/^SELECT stream_id AS case_key, .* WHERE stream_id = ANY/.test(s)) return 'loadCaseEvents: SELECT … FROM vt_events WHERE stream_id = ANY';
  if (s.startsWith('INSERT INTO rm_cases')) return 'INSERT rm_cases (one row per case, its fold as JSON)';
  if (s.startsWith('CREATE INDEX')) return 'CREATE INDEX (after the load)';
  if (s.startsWith('DROP INDEX')) return 'DROP INDEX';
  if (s.startsWith('SELECT case_key FROM rm_cases WHERE organisation = $1 AND first_at <= $3')) return 'as-of: SELECT case_key FROM rm_cases (cases whose events span the period)';
  if (s.startsWith('SELECT case_key FROM rm_cases WHERE organisation = $1 AND first_at <= $2')) return 'as-of stock: SELECT case_key FROM rm_cases (not closed by then)';
  if (s.startsWith('VACUUM ANALYZE')) return 'VACUUM ANALYZE (end of rebuild)';
  if (s.startsWith('INSERT INTO rm_case_events')) return 'INSERT rm_case_events (copy pass)';
  if (s.startsWith('SELECT DISTINCT case_key FROM rm_case_events ORDER BY')) return 'SELECT DISTINCT case_key … ORDER BY case_key';
  if (s.startsWith('SELECT case_key, body::text AS body FROM rm_case_events')) return 'loadCaseEvents: SELECT case_key, body … = ANY';
  if (s.startsWith('DELETE FROM')) return 'DELETE rm_cases/rm_quality (cases folded again)';
  if (s.startsWith('INSERT INTO rm_quality')) return 'INSERT rm_quality';
  if (s.startsWith('TRUNCATE')) return 'TRUNCATE';
  if (s.startsWith('SELECT facts FROM rm_cases')) return 'storedFacts: SELECT facts FROM rm_cases (facts overlapping the period; incl. json parse)';
  if (s.startsWith('SELECT case_id, spans, contacts FROM rm_cases')) return 'storedSpans: SELECT spans FROM rm_cases (in a state at t; incl. json parse)';
  if (s.startsWith('INSERT INTO rm_checkpoints')) return 'checkpoint';
  return `other: ${s.slice(0, 40)}`;
}

/** Wraps a SqlClient so that every statement and transaction is timed by kind. */
function timingClient(inner, spentOrGetter) {
  const add = (k, ms) => {
    const spent = typeof spentOrGetter === 'function' ? spentOrGetter() : spentOrGetter;
    const x = (spent[k] ??= { ms: 0, calls: 0 });
    x.ms += ms;
    x.calls++;
  };
  const timedQuery = (exec) => async (sql, params) => {
    const kind = sqlKind(sql);
    const s = performance.now();
    try {
      return await exec(sql, params);
    } finally {
      add(kind, performance.now() - s);
    }
  };
  return {
    // Worker threads of the rebuild connect themselves (their statements are not timed here).
    connectionString: inner.connectionString,
    query: timedQuery((sql, params) => inner.query(sql, params)),
    transaction: async (fn) => {
      const s = performance.now();
      let inFn = 0;
      try {
        return await inner.transaction(async (tx) => {
          const f = performance.now();
          try {
            return await fn({ query: timedQuery((sql, params) => tx.query(sql, params)) });
          } finally {
            inFn += performance.now() - f;
          }
        });
      } finally {
        add('BEGIN/COMMIT (transaction overhead)', performance.now() - s - inFn);
      }
    },
    listen: (channel, listener) => inner.listen(channel, listener),
    close: () => inner.close(),
  };
}

/** rebuildReadModels over the whole log, every statement timed; the store's readAll timed too. */
async function childRebuild({ backend, where, events: expected, variant }) {
  const store = await createEventStore(storeUrl(backend, where));
  const config = createProjectionConfig();
  const readModel = await readModelLib.openReadModel(store, config);
  const spent = {};
  const db = timingClient(readModel.db, spent);
  const scans = async () => {
    await new Promise((r) => setTimeout(r, 1500)); // PostgreSQL flushes a backend's table statistics at most once a second
    const rows = await readModel.db.query(`SELECT relname, seq_scan::bigint AS seq, coalesce(idx_scan, 0)::bigint AS idx FROM pg_stat_user_tables WHERE relname IN ('vt_events','rm_cases','rm_quality')`);
    return Object.fromEntries(rows.map((r) => [r.relname, { seq: Number(r.seq), idx: Number(r.idx) }]));
  };
  const scansBefore = await scans().catch(() => ({}));
  const timedStore = Object.create(store);
  timedStore.readAll = async (options) => {
    const s = performance.now();
    try {
      return await store.readAll(options);
    } finally {
      const x = (spent['store.readAll (pages of 5,000; incl. jsonb parse, rowToEvent)'] ??= { ms: 0, calls: 0 });
      x.ms += performance.now() - s;
      x.calls++;
    }
  };
  const marks = { copyEnd: undefined, firstFold: undefined, foldEnd: undefined, indexEnd: undefined };
  let lastLog = performance.now();
  const stopMem = sampleMemory();
  try {
    const cpuBefore = { node: ownCpuSeconds(), postgres: postgresCpuSeconds() };
    const start = performance.now();
    let workers;
    const result = await readModelLib.rebuildReadModels(timedStore, db, config, {
      indexes: variant === 'indexes-during' ? 'during' : 'after',
      ...(variant === 'one-thread' ? { workers: 1 } : {}),
      onProgress: (p) => {
        if (p.phase === 'fold' && p.workers) workers = p.workers;
        const now = performance.now();
        if (p.phase === 'copy') marks.copyEnd = now;
        else if (p.phase === 'fold') {
          marks.firstFold ??= now;
          marks.foldEnd = now;
        } else marks.indexEnd = now;
        if (now - lastLog > 15_000 || p.phase === 'index' || p.phase === 'refold') {
          lastLog = now;
          log(`rebuild ${backend}: ${p.phase} ${fmt(p.done)}${p.total ? `/${fmt(p.total)}` : ''} ${p.unit}`);
        }
      },
    });
    const ms = performance.now() - start;
    const postgresAfter = postgresCpuSeconds();
    // CPU of this process (PGlite runs in it) and of the local PostgreSQL server's processes.
    const cpu = { node: ownCpuSeconds() - cpuBefore.node, postgres: backend === 'postgres' && postgresAfter !== null && cpuBefore.postgres !== null ? postgresAfter - cpuBefore.postgres : null };
    const scansAfter = await scans().catch(() => ({}));
    const scanDelta = Object.fromEntries(
      Object.entries(scansAfter).map(([t, a]) => [t, { seq: a.seq - (scansBefore[t]?.seq ?? 0), idx: a.idx - (scansBefore[t]?.idx ?? 0) }]),
    );
    if (result.events !== expected) log(`rebuild ${backend}: WARNING rebuilt from ${fmt(result.events)} events, the store holds ${fmt(expected)}`);
    const memory = stopMem();
    const copyMs = marks.copyEnd === undefined ? 0 : marks.copyEnd - start;
    const foldEnd = marks.foldEnd ?? start + copyMs;
    const sum = (pred) => Object.entries(spent).filter(([k]) => pred(k)).reduce((a, [, v]) => a + v.ms, 0);
    return {
      events: result.events,
      cases: result.cases,
      expected,
      ms,
      rate: rate(result.events, ms),
      // fold: read in the global order + fold + write (overlapped); rest: the last chunk's write, the indexes, checkpoint and ANALYZE.
      phases: { copyMs, foldMs: foldEnd - (start + copyMs), restMs: ms - (foldEnd - start) },
      variant,
      workers,
      spent,
      scans: scanDelta,
      sqlMs: sum((k) => k !== 'BEGIN/COMMIT (transaction overhead)'),
      memory,
      cpu,
    };
  } finally {
    await readModel.close();
    await store.close();
  }
}

/** Statistics the planner needs after a rebuild (autovacuum would do it within a minute or so). */
async function analyzeReadModels(backend, where) {
  const store = await createEventStore(storeUrl(backend, where));
  try {
    const { ms } = await timed(async () => {
      for (const t of readModelLib.DERIVED_TABLES) await store.sql.query(`VACUUM ANALYZE ${t}`);
    });
    const sizes = await store.sql.query(
      `SELECT relname AS table, reltuples::bigint AS rows, pg_total_relation_size(oid)::bigint AS bytes FROM pg_class WHERE relkind = 'r' AND relname IN ('vt_events','rm_cases','rm_quality') ORDER BY relname`,
    );
    return { ms, sizes: sizes.map((r) => ({ table: r.table, rows: Number(r.rows), bytes: Number(r.bytes) })) };
  } finally {
    await store.close();
  }
}

const quarterLabels = () => Array.from({ length: YEARS * 4 }, (_, i) => `${START_YEAR + Math.floor(i / 4)}-Q${(i % 4) + 1}`);
const totalOf = (report, key) => report.rows.find((r) => r.key === key && Object.keys(r.by).length === 0)?.value ?? 0;

/** Report latency and as-of time from the read models the rebuild left. */
async function childReports({ backend, where, lastRecorded, light = false }) {
  const store = await createEventStore(storeUrl(backend, where));
  const config = createProjectionConfig();
  const readModel = await readModelLib.openReadModel(store, config);
  // The product's queries over a timing wrapper of the same connection: SQL time per statement kind.
  let spent = {};
  const q = new readModelLib.IndicatorQueries(timingClient(readModel.db, () => spent), config);
  const measure = () => {
    const sqlMs = Object.values(spent).reduce((a, v) => a + v.ms, 0);
    const x = { sql: spent, sqlMs };
    spent = {};
    return x;
  };
  const r = prng(SEED + 99);
  const quarters = quarterLabels();
  const out = { quarter: {}, stock: {}, asOf: [], check: {} };
  // Whether the planner has statistics on the read models (reltuples < 0: never analysed).
  out.analysed = Object.fromEntries(
    (await readModel.db.query(`SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' AND relname IN ('rm_cases','rm_quality')`)).map((x) => [x.relname, Number(x.reltuples) >= 0]),
  );
  const stopMem = sampleMemory();
  try {
    for (const org of light ? ['VTIJ'] : ['VTIJ', 'VTNOG']) {
      const calls = light ? STRESS_CALLS : org === 'VTIJ' ? REPORT_CALLS : STRESS_CALLS;
      for (let i = 0; i < REPORT_WARMUP; i++) await q.flowReport(org, r.pick(quarters));
      measure();
      const ms = [];
      let meldingen = 0;
      for (let i = 0; i < calls; i++) {
        const quarter = r.pick(quarters);
        const s = performance.now();
        const rep = await q.flowReport(org, quarter);
        ms.push(performance.now() - s);
        meldingen += totalOf(rep, 'meldingen');
      }
      out.quarter[org] = { ...latencySummary(ms), meanMeldingen: meldingen / calls, ...measure() };
      log(`reports ${backend}: flowReport(${org}, quarter) ×${calls}: p50 ${fmt(out.quarter[org].p50, 1)} ms, p99 ${fmt(out.quarter[org].p99, 1)} ms (${fmt(out.quarter[org].meanMeldingen)} meldingen per report)`);

      // Stock at random instants in years 2 … 10 (the first year has no history yet).
      const lo = Date.UTC(START_YEAR + 1, 0, 1);
      const hi = Math.min(Date.UTC(START_YEAR + YEARS, 0, 1), lastRecorded);
      const instants = Array.from({ length: calls + REPORT_WARMUP }, () => amsterdamIso(lo + Math.floor(r.next() * (hi - lo))));
      const sms = [];
      let waiting = 0;
      measure();
      for (let i = 0; i < instants.length; i++) {
        const s = performance.now();
        const rep = await q.stockReport(org, instants[i]);
        if (i === REPORT_WARMUP - 1) measure();
        if (i >= REPORT_WARMUP) {
          sms.push(performance.now() - s);
          waiting += totalOf(rep, 'wachtlijst');
        }
      }
      out.stock[org] = { ...latencySummary(sms), meanWachtlijst: waiting / calls, ...measure() };
      log(`reports ${backend}: stockReport(${org}, instant) ×${calls}: p50 ${fmt(out.stock[org].p50, 1)} ms, p99 ${fmt(out.stock[org].p99, 1)} ms (${fmt(out.stock[org].meanWachtlijst)} on the wachtlijst)`);
    }

    // As-of: the year's report as it stood when the first event of the first case whose events
    // begin after 1 February of the next year was recorded (an actual recordedAt from the log).
    const asOfRuns = [
      ['VTIJ', START_YEAR + 2],
      ['VTIJ', START_YEAR + 5],
      ['VTIJ', START_YEAR + 8],
      ...(light ? [] : [['VTNOG', START_YEAR + 5]]),
    ];
    for (const [org, year] of asOfRuns) {
      const [row] = await readModel.db.query(
        `SELECT e.recorded_at FROM (SELECT case_key FROM rm_cases WHERE organisation = $1 AND first_at >= $2::timestamptz ORDER BY first_at LIMIT 1) c
           JOIN vt_events e ON e.stream_id = c.case_key ORDER BY e.occurred_at LIMIT 1`,
        [org, `${year + 1}-02-01T00:00:00+01:00`],
      );
      if (!row) continue;
      const asOf = new Date(row.recorded_at).toISOString();
      measure();
      const first = await timed(() => q.flowReport(org, String(year), { asOf }));
      const firstSql = measure();
      const second = org === 'VTIJ' ? await timed(() => q.flowReport(org, String(year), { asOf })) : { ms: undefined };
      const stored = await q.flowReport(org, String(year));
      measure();
      out.asOf.push({ org, year, asOf, ms: first.ms, secondMs: second.ms, meldingen: totalOf(first.value, 'meldingen'), storedMeldingen: totalOf(stored, 'meldingen'), ...firstSql });
      log(`reports ${backend}: flowReport(${org}, ${year}, asOf ${asOf}): ${fmt(first.ms)} ms, again ${fmt(second.ms)} ms (${fmt(totalOf(first.value, 'meldingen'))} meldingen as of then; ${fmt(totalOf(stored, 'meldingen'))} now)`);
    }

    out.memory = stopMem();
    if (light) return out;
    // Consistency: a quarter from the stored facts equals the same quarter folded as of now.
    const quarter = `${START_YEAR + 4}-Q2`;
    const stored = await q.flowReport('VTIJ', quarter);
    const folded = await q.flowReport('VTIJ', quarter, { asOf: new Date(lastRecorded + 1000).toISOString() });
    const norm = (rows) => JSON.stringify([...rows].map((x) => JSON.stringify(x)).sort());
    out.check = { quarter, equal: norm(stored.rows) === norm(folded.rows), rows: stored.rows.length };
    log(`reports ${backend}: stored ${quarter} report ${out.check.equal ? 'equals' : 'DIFFERS FROM'} the as-of-now fold (${stored.rows.length} rows)`);
    out.memory = stopMem();
    return out;
  } finally {
    await readModel.close();
    await store.close();
  }
}

/**
 * Where the rebuild's time goes, without its writes: on 20 pages of 20,000 events read in the
 * global order from sampled positions (as the rebuild reads them), the SELECT with text columns
 * (what the rebuild runs), the same SELECT with the driver's jsonb and timestamptz parsing (what
 * readAll runs), the conversion to CaseEvents, `foldCaseRow` per case of the page (partial cases:
 * the rebuild folds whole ones), and the encoding of the rows to write (`encodeCaseRows`). Reads only.
 */
async function childProfile({ backend, where }) {
  const store = await createEventStore(storeUrl(backend, where));
  const config = createProjectionConfig();
  const readModel = await readModelLib.openReadModel(store, config);
  const db = readModel.db;
  const out = { chunks: 0, cases: 0, events: 0, selectTextMs: 0, selectMs: 0, convertMs: 0, foldMs: 0, encodeMs: 0, facts: 0, spans: 0, plans: {} };
  const PAGE = 20_000;
  const page = (columns) => `SELECT ${columns} FROM vt_events WHERE (tx, seq) > ($1::xid8, $2::bigint) ORDER BY vt_events.tx, vt_events.seq LIMIT ${PAGE}`;
  try {
    const planText = (rows) => rows.map((p) => p['QUERY PLAN']).join('\n');
    out.plans.page = planText(await db.query(`EXPLAIN ${page(`tx::text AS tx_id, seq::text AS seq_no, ${readModelLib.LOG_EVENT_COLUMNS}`)}`, ['0', '0']));
    const starts = await db.query(`SELECT tx::text AS tx_id, seq::text AS seq_no FROM vt_events TABLESAMPLE SYSTEM (0.05) REPEATABLE (7) LIMIT 20`);
    for (const start of starts) {
      const rows = await timed(() => db.query(page(`tx::text AS tx_id, seq::text AS seq_no, ${readModelLib.LOG_EVENT_COLUMNS}`), [start.tx_id, start.seq_no]));
      out.selectTextMs += rows.ms;
      const typed = await timed(() => db.query(page('stream_id AS case_key, recorded_at, body'), [start.tx_id, start.seq_no]));
      out.selectMs += typed.ms;
      const converted = await timed(() => {
        const byCase = new Map();
        for (const row of rows.value) {
          let list = byCase.get(row.case_key);
          if (!list) byCase.set(row.case_key, (list = []));
          list.push(readModelLib.logRowToCaseEvent(row));
        }
        return byCase;
      });
      out.convertMs += converted.ms;
      const fold = await timed(() => [...converted.value].map(([key, evts]) => readModelLib.foldCaseRow(key, evts, config)));
      out.foldMs += fold.ms;
      const encode = await timed(() => readModelLib.encodeCaseRows(fold.value));
      out.encodeMs += encode.ms;
      for (const x of fold.value) {
        for (const m of x.months) out.facts += m.facts.length;
        out.spans += x.row.spans.length;
      }
      out.chunks++;
      out.cases += converted.value.size;
      out.events += rows.value.length;
    }
    return out;
  } finally {
    await readModel.close();
    await store.close();
  }
}

const CHILDREN = { load: childLoad, read: childRead, rebuild: childRebuild, reports: childReports, profile: childProfile, analyze: ({ backend, where }) => analyzeReadModels(backend, where) };

/** Runs `phase` in a child process (optionally with --cpu-prof) and returns what it wrote. */
function runChild(phase, args, { cpuProfDir } = {}) {
  const out = join(tmpdir(), `vt-bench-proj-${RUN_ID}-${phase}-${Math.random().toString(36).slice(2)}.json`);
  const node = [...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []), '--max-old-space-size=8192', SELF, '--child', phase, JSON.stringify(args), out];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, node, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`child ${phase} exited ${code}`));
      try {
        const value = JSON.parse(readFileSync(out, 'utf8'));
        rmSync(out, { force: true });
        resolve(value);
      } catch (err) {
        reject(err);
      }
    });
  });
}

// =============================================================================================
// Parent

async function machine() {
  const pgVersion = (await adminQuery('SHOW server_version')).rows[0].server_version;
  const settings = Object.fromEntries(
    (await adminQuery(`SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers','work_mem','maintenance_work_mem','synchronous_commit','max_wal_size','effective_cache_size')`)).rows.map((r) => [
      r.name,
      r.unit === '8kB' ? `${(Number(r.setting) * 8) / 1024} MB` : r.unit === 'kB' ? `${Number(r.setting) / 1024} MB` : `${r.setting}${r.unit ?? ''}`,
    ]),
  );
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memGiB: (totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    postgres: pgVersion,
    pgSettings: settings,
    pglite: packageVersion(join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json')),
    commit: gitCommit(),
    distBuilt: statSync(join(ROOT, 'dist', 'libs', 'read-model', 'src', 'rebuild.js')).mtime.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    loadStart: loadavg().map((x) => x.toFixed(2)).join(' '),
  };
}

const createdDbs = [];
const createdDirs = [];
async function cleanup() {
  if (KEEP) {
    if (createdDbs.length || createdDirs.length) log(`kept (BENCH_KEEP=1): databases ${createdDbs.join(', ')}; directories ${createdDirs.join(', ')}`);
    return;
  }
  for (const name of createdDbs) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((e) => log(`could not drop ${name}: ${e.message}`));
  for (const dir of createdDirs) rmSync(dir, { recursive: true, force: true });
}

/**
 * Self time per function over every profile in `dir`: the rebuild process and its worker threads
 * (each thread writes its own profile), idle time left out of the top list.
 */
function summariseCpuProfile(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) return undefined;
  const self = new Map();
  for (const f of files) {
    const prof = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    const dt = prof.timeDeltas;
    for (let i = 0; i < prof.samples.length; i++) {
      const cf = byId.get(prof.samples[i]).callFrame;
      const file = cf.url ? cf.url.replace(/^file:\/\//, '').replace(ROOT, '') : '';
      const key = `${cf.functionName || '(anonymous)'} ${file ? `${file}:${cf.lineNumber + 1}` : ''}`.trim();
      self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
    }
  }
  const idleMs = self.get('(idle)') ?? 0;
  self.delete('(idle)');
  const busyMs = [...self.values()].reduce((a, b) => a + b, 0);
  return { threads: files.length, busyMs, idleMs, top: [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([fn, ms]) => ({ fn, ms, pct: (100 * ms) / busyMs })) };
}

const results = {};

async function runBackend(backend, events) {
  const res = (results[backend] = { events });
  let where;
  const reuse = backend === 'postgres' ? process.env.BENCH_REUSE_PG : process.env.BENCH_REUSE_EMBEDDED;
  if (reuse) {
    where = reuse;
    log(`${backend}: reusing ${where} (no load)`);
    res.load = JSON.parse(readFileSync(join(RESULTS, `.projections-load-${backend}-${events}.json`), 'utf8'));
  } else if (backend === 'postgres') {
    where = `vt_bench_${RUN_ID}_proj`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
    await adminQuery(`CREATE DATABASE ${where}`);
    createdDbs.push(where);
  } else {
    where = mkdtempSync(join(tmpdir(), 'vt-bench-proj-'));
    createdDirs.push(where);
  }
  const args = { backend, where, events };
  if (!reuse) {
    log(`${backend}: loading ${fmt(events)} events …`);
    res.load = await runChild('load', args);
    writeFileSync(join(RESULTS, `.projections-load-${backend}-${events}.json`), JSON.stringify(res.load));
  }
  const lastRecorded = Date.parse(res.load.summary.lastRecorded);
  if (SECTIONS.has('read')) {
    log(`${backend}: raw read (readAll pages of ${fmt(READ_PAGE)}) …`);
    res.read = await runChild('read', args);
    log(`${backend}: raw read ${fmt(res.read.events)} in ${secs(res.read.ms)}: ${evs(res.read.rate)}`);
  }
  if (SECTIONS.has('rebuild')) {
    res.rebuilds = {};
    for (const variant of rebuildVariants(events)) {
      const profDir = CPU_PROF ? mkdtempSync(join(tmpdir(), 'vt-bench-cpuprof-')) : undefined;
      log(`${backend}: rebuildReadModels, ${VARIANT_NAME[variant]} …${CPU_PROF ? ' (with --cpu-prof)' : ''}`);
      const r = (res.rebuilds[variant] = await runChild('rebuild', { ...args, variant }, { cpuProfDir: profDir }));
      log(`${backend}: rebuild (${variant}) ${fmt(r.events)} events / ${fmt(r.cases)} cases in ${secs(r.ms)}: ${evs(r.rate)}; scans ${JSON.stringify(r.scans)}`);
      if (profDir) {
        r.cpuProfile = summariseCpuProfile(profDir);
        rmSync(profDir, { recursive: true, force: true });
      }
      if (variant === 'asis' && SECTIONS.has('reports')) {
        // What the product leaves (before 1b1a538 no planner statistics on the read models: PGlite never gathers
        // them; PostgreSQL only once autovacuum runs, and it is off on this server).
        log(`${backend}: reports as the as-is rebuild left the read models (no ANALYZE by the bench) …`);
        res.reportsNoStats = await runChild('reports', { ...args, lastRecorded, light: true });
      }
    }
    res.analyze = await runChild('analyze', args);
    log(`${backend}: VACUUM ANALYZE of the read models in ${secs(res.analyze.ms)}`);
  }
  if (SECTIONS.has('reports')) {
    log(`${backend}: reports …`);
    res.reports = await runChild('reports', { ...args, lastRecorded });
  }
  if (SECTIONS.has('profile') && SECTIONS.has('rebuild')) {
    log(`${backend}: fold-pass profile …`);
    res.profile = await runChild('profile', args);
  }
}

const statsNote = (r) =>
  r.analysed && Object.values(r.analysed).every(Boolean)
    ? 'planner statistics present'
    : r.analysed && Object.values(r.analysed).some(Boolean)
      ? `planner statistics only on ${Object.keys(r.analysed).filter((t) => r.analysed[t]).join(', ')}`
      : 'no planner statistics';

function report(info) {
  const L = [];
  const date = new Date().toISOString().slice(0, 10);
  const name = { postgres: 'PostgreSQL', embedded: 'embedded (PGlite)' };
  const scaleOf = (b) => `${name[b]}, ${fmt(results[b].events / 1e6, results[b].events % 1e6 ? 1 : 0)}M events`;
  L.push(`# vt-monitor projections benchmark, ${date}`);
  L.push('');
  L.push(
    `Machine: ${info.nproc} cores (${info.cpu}), ${info.memGiB} GiB RAM, shared with other jobs (load average at start ${info.loadStart}, at end ${loadavg().map((x) => x.toFixed(2)).join(' ')}); Node ${info.node}; PostgreSQL ${info.postgres} (local; ${Object.entries(info.pgSettings).map(([k, v]) => `${k} ${v}`).join(', ')}); PGlite ${info.pglite}; vt-monitor ${info.commit}; dist/ built at ${info.distBuilt}. Total run time ${secs(performance.now() - t0)}.`,
  );
  L.push('');
  for (const b of Object.keys(results)) {
    const s = results[b].load?.summary;
    if (!s) continue;
    L.push(
      `Data (${name[b]}): ${fmt(results[b].events)} events (seed ${SEED}) in ${fmt(s.cases)} cases (${s.meanEventsPerCase.toFixed(2)} events per complete case), 25 synthetic organisations (O01 = VTIJ, O02–O25 = VTNOG, distinct case-id prefixes), meldingen ${s.firstMelding.slice(0, 10)} … ${s.lastMelding.slice(0, 10)}, log in recorded order up to ${s.lastRecorded.slice(0, 16)}Z. Loaded by COPY in ${secs(results[b].load.copyMs)} (${evs(rate(results[b].events, results[b].load.copyMs))}, generation and validation included) + keys/indexes ${secs(results[b].load.indexMs)} + VACUUM ANALYZE ${secs(results[b].load.vacuumMs)}.`,
    );
    L.push('');
  }
  L.push('## Targets');
  L.push('');
  L.push('| # | Measure | Store, scale | Result | Target | Verdict |');
  L.push('|---|---|---|---|---|---|');
  const reportRows = (r, scale, when) => {
    const qi = r.quarter.VTIJ;
    const qn = r.quarter.VTNOG;
    L.push(`| 3 | \`flowReport(VTIJ, quarter)\` ×${qi.n}, random quarters (one organisation: 1/25 of the log)${when} | ${scale} | p50 ${fmt(qi.p50, 1)} ms · p99 ${fmt(qi.p99, 1)} ms (max ${fmt(qi.max, 1)}) | p99 < ${TARGETS.quarterP99} ms | ${verdict(qi.p99 < TARGETS.quarterP99)} |`);
    if (qn) L.push(`| 3 | \`flowReport(VTNOG, quarter)\` ×${qn.n} (24 organisations under one code)${when} | ${scale} | p50 ${fmt(qn.p50, 1)} ms · p99 ${fmt(qn.p99, 1)} ms (max ${fmt(qn.max, 1)}) | (stress) | — |`);
    for (const org of ['VTIJ', 'VTNOG']) {
      const s = r.stock[org];
      if (!s) continue;
      L.push(`| 3 | \`stockReport(${org}, instant)\` ×${s.n}, random instants${org === 'VTNOG' ? ' (24 organisations)' : ''}${when} | ${scale} | p50 ${fmt(s.p50, 1)} ms · p99 ${fmt(s.p99, 1)} ms (max ${fmt(s.max, 1)}) | none stated | ${org === 'VTIJ' ? `(p99 ${s.p99 < 50 ? 'within' : 'over'} 50 ms)` : '—'} |`);
    }
    for (const a of r.asOf) {
      const target = a.org === 'VTIJ';
      L.push(
        `| 4 | as-of \`flowReport(${a.org}, '${a.year}', {asOf: '${a.asOf}'})\`${target ? '' : ' (24 organisations)'}${when} | ${scale} | ${fmt(a.ms)} ms${a.secondMs == null ? '' : ` (again: ${fmt(a.secondMs)} ms)`} | ${target ? '< 2 s' : '(stress)'} | ${target ? verdict(a.ms < TARGETS.asOfMs) : '—'} |`,
      );
    }
  };
  for (const [b, x] of Object.entries(results)) {
    const scale = scaleOf(b);
    if (x.read) L.push(`| 1 | raw read: \`store.readAll\` pages of ${fmt(READ_PAGE)}, whole log | ${scale} | ${evs(x.read.rate)} (${fmt(x.read.events)} in ${secs(x.read.ms)}${x.read.cpu ? `; CPU: Node ${secs(x.read.cpu.node * 1000)}${x.read.cpu.postgres !== null ? `, PostgreSQL ${secs(x.read.cpu.postgres * 1000)}` : ''}` : ''}${x.read.events !== x.read.expected ? ' ⚠ INCOMPLETE' : ''}) | (ceiling) | — |`);
    for (const [variant, rb] of Object.entries(x.rebuilds ?? {})) {
      const ratio = x.read ? rb.rate / x.read.rate : undefined;
      const target = variant === 'asis';
      L.push(
        `| 2 | rebuild \`rebuildReadModels\`, **${VARIANT_NAME[variant]}** (${fmt(rb.cases)} cases${rb.workers ? `; ${rb.workers} ${rb.workers === 1 ? 'thread' : 'threads'}` : ''}) | ${scale} | ${evs(rb.rate)} (${secs(rb.ms)}: ${rb.phases.copyMs ? `copy pass ${secs(rb.phases.copyMs)}, ` : ''}read + fold + write ${secs(rb.phases.foldMs)}, indexes, refolds + ANALYZE ${secs(rb.phases.restMs)}${rb.cpu ? `; CPU: Node ${secs(rb.cpu.node * 1000)}${rb.cpu.postgres !== null ? `, PostgreSQL ${secs(rb.cpu.postgres * 1000)}` : ''}` : ''}) = **${ratio ? `${(ratio * 100).toFixed(1)} %`.replace('.0 %', ' %') : '—'}** of the raw read rate | ≥ 80 % of raw read | ${target ? verdict(ratio === undefined ? undefined : ratio >= TARGETS.rebuildRatio) : `(${ratio >= TARGETS.rebuildRatio ? 'would pass' : 'would still miss'})`} |`,
      );
    }
    if (x.reportsNoStats) reportRows(x.reportsNoStats, scale, `, **as the as-is rebuild left the tables (${statsNote(x.reportsNoStats)})**`);
    if (x.reports) reportRows(x.reports, scale, x.reportsNoStats ? ', after `VACUUM ANALYZE` of the read models' : '');
    const peaks = [
      ['read', x.read],
      ...Object.entries(x.rebuilds ?? {}).map(([v, rb]) => [`rebuild (${v})`, rb]),
      ['reports', x.reports],
    ]
      .filter(([, m]) => m?.memory)
      .map(([p, m]) => `${p} ${mib(m.memory.maxRss)}`);
    if (peaks.length) L.push(`| 5 | peak RSS (process high-water mark, \`maxRSS\`), each phase in its own process | ${scale} | ${peaks.join(' · ')} | none stated | — |`);
  }
  const pgFixed = results.postgres?.rebuilds?.asis ?? results.postgres?.rebuilds?.['indexes-during'];
  if (EVENTS < FULL_SCALE && pgFixed) {
    const x = results.postgres;
    L.push('');
    L.push(
      `**Extrapolation (not measured):** at ${fmt(FULL_SCALE)} events, if the rates above held linearly, the raw read would take ${x.read ? secs((FULL_SCALE / x.read.rate) * 1000) : '—'} and the rebuild (${pgFixed.variant}) ${secs((FULL_SCALE / pgFixed.rate) * 1000)} on PostgreSQL. They do not hold exactly: the read models and the log outgrow the page cache.`,
    );
  }
  for (const [b, x] of Object.entries(results)) {
    for (const [variant, rb] of Object.entries(x.rebuilds ?? {})) {
      L.push('');
      L.push(`## Where the rebuild's time goes: ${scaleOf(b)}, ${VARIANT_NAME[variant]}`);
      L.push('');
      L.push('| part | time | share | calls |');
      L.push('|---|---|---|---|');
      const entries = Object.entries(rb.spent).sort((a, b2) => b2[1].ms - a[1].ms);
      for (const [k, v] of entries) L.push(`| ${k} | ${secs(v.ms)} | ${((v.ms / rb.ms) * 100).toFixed(1)} % | ${fmt(v.calls)} |`);
      const accounted = entries.reduce((a, [, v]) => a + v.ms, 0);
      L.push(`| ${rb.workers > 1 ? `the fold in ${rb.workers} worker threads: their reads, folds and writes (not timed one by one)` : 'JavaScript between statements (foldCase, building parameter arrays, JSON.stringify of bodies and dims)'} | ${secs(rb.ms - accounted)} | ${(((rb.ms - accounted) / rb.ms) * 100).toFixed(1)} % | |`);
      L.push(`| **total** | **${secs(rb.ms)}** | 100 % | |`);
      if (rb.scans && Object.keys(rb.scans).length) {
        L.push('');
        L.push(`Table scans during this rebuild (pg_stat_user_tables): ${Object.entries(rb.scans).map(([t, s]) => `${t} ${fmt(s.seq)} sequential, ${fmt(s.idx)} index`).join('; ')}.`);
      }
      if (rb.cpuProfile) {
        L.push('');
        const cp = rb.cpuProfile;
        L.push(`CPU profile of the rebuild (\`--cpu-prof\`: the process and its ${cp.threads - 1} worker ${cp.threads === 2 ? 'thread' : 'threads'}, ${secs(cp.busyMs)} busy and ${secs(cp.idleMs)} idle sampled), top self time:`);
        L.push('');
        L.push('| function | self time | share of busy |');
        L.push('|---|---|---|');
        for (const t of cp.top) L.push(`| \`${t.fn}\` | ${secs(t.ms)} | ${t.pct.toFixed(1)} % |`);
      }
    }
    const p = x.profile;
    const rb = x.rebuilds?.asis ?? x.rebuilds?.['indexes-during'];
    if (p && p.chunks && rb) {
      const per = (ms) => `${fmt((ms / p.events) * 1e3, 2)} µs/event`;
      L.push('');
      L.push(
        `Rebuild without its writes, ${scaleOf(b)}, on ${p.chunks} pages of 20,000 events read in the global order from sampled positions (${fmt(p.events)} events in ${fmt(p.cases)} cases of those pages, folded as the partial cases the pages hold: ${fmt(p.facts)} facts, ${fmt(p.spans)} spans): the page's SELECT with text columns, as the rebuild runs it, ${per(p.selectTextMs)}; the same page with the driver's jsonb and timestamptz parsing, as readAll reads it, ${per(p.selectMs)}; rows to CaseEvents ${per(p.convertMs)}; \`foldCaseRow\` ${per(p.foldMs)}; encoding the rows to write (\`encodeCaseRows\`) ${per(p.encodeMs)}. Projected over the whole log: read ≈ ${secs((p.selectTextMs / p.events) * rb.events)}, convert ≈ ${secs((p.convertMs / p.events) * rb.events)}, fold ≈ ${secs((p.foldMs / p.events) * rb.events)}, encode ≈ ${secs((p.encodeMs / p.events) * rb.events)}.`,
      );
      L.push('');
      L.push('```');
      L.push(`EXPLAIN (a page of the rebuild's read in the global order)\n${p.plans.page}`);
      L.push('```');
    }
    if (x.analyze?.sizes) {
      L.push('');
      L.push(`Sizes after the rebuild (${scaleOf(b)}): ${x.analyze.sizes.map((s) => `${s.table} ${fmt(s.rows)} rows, ${mib(s.bytes)}`).join('; ')}.`);
    }
  }
  for (const [b, x] of Object.entries(results)) {
    for (const [r, when] of [
      [x.reportsNoStats, `as the as-is rebuild left the tables (${x.reportsNoStats ? statsNote(x.reportsNoStats) : ''})`],
      [x.reports, 'after VACUUM ANALYZE'],
    ]) {
      if (!r) continue;
      L.push('');
      L.push(`## Where a report's time goes: ${scaleOf(b)}, ${when}`);
      L.push('');
      L.push('| call | wall per call (mean) | of which SQL (statement, rows, jsonb parse) | of which JavaScript (fold, rows) | SQL by statement, per call |');
      L.push('|---|---|---|---|---|');
      const bySql = (sql, n) => Object.entries(sql).map(([k, v]) => `${k}: ${fmt(v.ms / n, 1)} ms`).join('; ');
      for (const org of ['VTIJ', 'VTNOG']) {
        for (const [what, m] of [
          [`flowReport(${org}, quarter)`, r.quarter[org]],
          [`stockReport(${org}, instant)`, r.stock[org]],
        ]) {
          if (!m?.sql) continue;
          L.push(`| \`${what}\` | ${fmt(m.mean, 1)} ms | ${fmt(m.sqlMs / m.n, 1)} ms | ${fmt(m.mean - m.sqlMs / m.n, 1)} ms | ${bySql(m.sql, m.n)} |`);
        }
      }
      for (const a of r.asOf) {
        if (!a.sql) continue;
        L.push(`| \`flowReport(${a.org}, '${a.year}', {asOf})\` (${fmt(a.meldingen)} meldingen) | ${fmt(a.ms)} ms | ${fmt(a.sqlMs)} ms | ${fmt(a.ms - a.sqlMs)} ms | ${bySql(a.sql, 1)} |`);
      }
    }
  }
  for (const [b, x] of Object.entries(results)) {
    if (x.reports?.check) L.push(`\nConsistency (${scaleOf(b)}): the stored VTIJ ${x.reports.check.quarter} report ${x.reports.check.equal ? 'equals' : '⚠ DIFFERS FROM'} the same quarter folded from the events as of now (${x.reports.check.rows} rows).`);
  }
  return L.join('\n');
}

async function main() {
  const info = await machine();
  mkdirSync(RESULTS, { recursive: true });
  log(`bench: ${fmt(EVENTS)} events on PostgreSQL, ${fmt(EMBEDDED_EVENTS)} embedded; backends ${BACKENDS.join(',')}; sections ${[...SECTIONS].join(',')}; ${info.nproc} cores, Node ${info.node}, PostgreSQL ${info.postgres}`);
  try {
    for (const b of BACKENDS) await runBackend(b, b === 'postgres' ? EVENTS : EMBEDDED_EVENTS);
  } finally {
    await cleanup();
  }
  const md = report(info);
  // The default run writes projections-<date>.md; any other gets its scales in the name, so that it never overwrites it.
  const full = EVENTS === FULL_SCALE && EMBEDDED_EVENTS === 1_000_000 && BACKENDS.length === 2 && SECTIONS.size === 4 && !process.env.BENCH_REBUILD;
  const label = Object.entries(results).map(([b, x]) => `${b === 'postgres' ? 'pg' : 'embedded'}-${fmt(x.events / 1e6, x.events % 1e6 ? 1 : 0)}M`).join('-');
  const base = `projections-${new Date().toISOString().slice(0, 10)}${full ? '' : `-${label}`}`;
  const out = join(RESULTS, `${base}.md`);
  writeFileSync(out, `${md}\n`);
  writeFileSync(join(RESULTS, `${base}.json`), `${JSON.stringify({ info, results }, null, 2)}\n`);
  process.stdout.write(`${md}\n`);
  log(`done in ${secs(performance.now() - t0)}; wrote ${out}`);
}

if (process.argv[2] === '--child') {
  const [, , , phase, args, out] = process.argv;
  CHILDREN[phase](JSON.parse(args))
    .then((value) => {
      writeFileSync(out, JSON.stringify({ ...value, maxRss: peakRss() }));
      process.exit(0);
    })
    .catch((err) => {
      process.stderr.write(`child ${phase} failed: ${err.stack ?? err}\n`);
      process.exit(1);
    });
} else {
  main().catch(async (err) => {
    process.stderr.write(`bench failed: ${err.stack ?? err}\n`);
    await cleanup().catch(() => undefined);
    process.exit(1);
  });
}
