#!/usr/bin/env node
// Where an import's time goes, statement by statement: the import's two passes (checkIdempotency,
// then appendBatch in transactions of 2,000) over the BUILT store code (dist/), with every SQL
// statement timed by its kind and the rest counted as JavaScript. Uses the event file written by
// `npm run bench:ingest` (or BENCH_FILE=...).
//
//   node bench/profile-append.mjs                  PostgreSQL (BENCH_PG_URL, a fresh vt_bench_* database)
//   node bench/profile-append.mjs embedded         PGlite in a fresh temporary directory

import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const requireRoot = createRequire(join(ROOT, 'package.json'));
const dist = (p) => requireRoot(join(ROOT, 'dist', p));
const { appendEvents, classifyEvents } = dist('libs/event-store/src/sql/append-events.js');
const { ensureSchema } = dist('libs/event-store/src/sql/schema.js');
const { PgSqlClient } = dist('libs/event-store/src/postgres/pg-sql-client.js');
const { PgliteSqlClient } = dist('libs/event-store/src/embedded/pglite-sql-client.js');
const { eventFingerprint } = dist('libs/events/src/index.js');
const { hashEventId } = dist('libs/event-store/src/sql/hash-event-id.js');
const { readEventFile, validateRecords } = dist('libs/ingest/src/index.js');
const pg = requireRoot('pg');

const kind = process.argv[2] === 'embedded' ? 'embedded' : 'postgres';
const FILE = process.env.BENCH_FILE ?? join(ROOT, 'bench', 'results', 'events-20000-cases-seed-20240101.ndjson');
const CHUNK = Number(process.env.BENCH_CHUNK ?? 2000);
const PG_ADMIN = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const spent = new Map();
const add = (k, ms) => spent.set(k, (spent.get(k) ?? 0) + ms);
function label(sql) {
  const s = sql.replace(/\s+/g, ' ').trim();
  if (s.startsWith('SELECT event_id')) return 'SELECT stored ids (event_id = ANY)';
  if (s.startsWith('SELECT id_hash')) return 'SELECT erased hashes';
  if (s.startsWith('INSERT INTO vt_streams')) return 'INSERT vt_streams … ON CONFLICT (lock streams)';
  if (s.startsWith('INSERT INTO vt_events')) return 'INSERT vt_events unnest';
  if (s.startsWith('UPDATE vt_streams')) return 'UPDATE vt_streams versions';
  if (s.startsWith('SELECT pg_notify')) return 'pg_notify';
  return s.slice(0, 40);
}
const timedExecutor = (exec) => ({
  query: async (sql, params) => {
    const t = performance.now();
    try {
      return await exec.query(sql, params);
    } finally {
      add(`sql: ${label(sql)}`, performance.now() - t);
    }
  },
});

const read = await readEventFile(FILE);
const { valid } = validateRecords(read.records, read.errors);
const events = valid.map((v) => v.event);
process.stderr.write(`${events.length} events from ${FILE}; ${kind}; chunks of ${CHUNK}\n`);

// CPU-only costs, measured alone.
let t = performance.now();
for (const e of events) eventFingerprint(e);
const fingerprintMs = performance.now() - t;
t = performance.now();
for (const e of events) hashEventId(e.id);
const hashMs = performance.now() - t;

let client;
let dbName;
let dir;
if (kind === 'postgres') {
  dbName = `vt_bench_profile_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${dbName}`;
  client = new PgSqlClient(url.toString());
} else {
  dir = mkdtempSync(join(tmpdir(), 'vt-bench-profile-'));
  t = performance.now();
  client = await PgliteSqlClient.open(dir);
  add('PGlite open (fresh directory: initdb)', performance.now() - t);
}
try {
  await ensureSchema(client);
  const db = timedExecutor(client);
  const t0 = performance.now();
  for (let i = 0; i < events.length; i += CHUNK) await classifyEvents(db, events.slice(i, i + CHUNK));
  const checkMs = performance.now() - t0;
  const t1 = performance.now();
  for (let i = 0; i < events.length; i += CHUNK) {
    const chunk = events.slice(i, i + CHUNK);
    await client.transaction(async (tx) => {
      const inner = timedExecutor(tx);
      await appendEvents(inner, chunk);
      await inner.query(`SELECT pg_notify('vt_events_appended', '')`);
    });
  }
  const appendMs = performance.now() - t1;
  const sqlMs = [...spent].filter(([k]) => k.startsWith('sql:')).reduce((a, [, v]) => a + v, 0);
  const rows = [
    ['check pass (classifyEvents, read-only), wall', checkMs],
    ['append pass (appendEvents in transactions), wall', appendMs],
    ...[...spent].filter(([k]) => k.startsWith('sql:')).sort((a, b) => b[1] - a[1]),
    ['everything else in both passes (JavaScript: fingerprints, hashes, pg parameter encoding; BEGIN/COMMIT)', checkMs + appendMs - sqlMs],
    ['  of which eventFingerprint × 1 pass (measured alone)', fingerprintMs],
    ['  of which hashEventId × 1 (measured alone; classifyEvents hashes each id twice per pass)', hashMs],
  ];
  if (spent.has('PGlite open (fresh directory: initdb)')) rows.unshift(['PGlite open (fresh directory: initdb)', spent.get('PGlite open (fresh directory: initdb)')]);
  process.stdout.write(`| ${kind}: ${events.length.toLocaleString('en-US')} events | ms | ev/s |\n|---|---|---|\n`);
  for (const [k, ms] of rows) process.stdout.write(`| ${k} | ${ms.toFixed(0)} | ${Math.round((events.length * 1000) / ms).toLocaleString('en-US')} |\n`);
} finally {
  await client.close();
  if (dbName) {
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}
