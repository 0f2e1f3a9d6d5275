#!/usr/bin/env node
// Live benchmark of vt-monitor (issue #5): the service on PostgreSQL with BullMQ on Redis, the
// seeded history loaded, then new events at 50 times the national rate for 10 minutes while
// /metrics is scraped every 5 s and a dashboard client follows the change stream and polls the
// API. Reports scrape latency, event-to-dashboard delay and deadline-to-delivered-alert delay.
// Uses the BUILT code (dist/, bin/vt-monitor): run `npm run build` first. See bench/README.md.
//
//   npm run bench:live                        the full run (10 minutes of load)
//   BENCH_LIVE_MINUTES=2 npm run bench:live   a shorter run
//   BENCH_LIVE_SEED=0 ...                     skip loading the seeded history (an empty log)
//   BENCH_DEADLINE_CASES=200 ...              open cases whose term passes during the run
//   BENCH_PG_URL=postgres://...               the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)
//   REDIS_URL=redis://...                     the Redis server (default redis://127.0.0.1:6379)
//   BENCH_KEEP=1                              keep the database
//
// The Markdown goes to stdout and to bench/results/live-<date>.md; progress to stderr.

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { dist, requireRoot, RESULTS, ROOT } from './lib/built.mjs';
import { adminQuery, createLog, fmt, latencySummary, timed } from './lib/measure.mjs';

const { createWorkingDayCalendar, addDays, localDateOf, instantAtStartOfLocalDay } = dist('libs/calendar/src/index.js');
const { createEventStore } = dist('libs/event-store/src/index.js');
const { CaseSimulator, organisationRhythm } = dist('seeds/src/simulation/index.js');
const { createParser } = requireRoot('eventsource-parser');
const pg = requireRoot('pg');
const IORedis = requireRoot('ioredis');
const { DateTime } = requireRoot('luxon');

// ---------------------------------------------------------------------------------------------
// Settings

const MINUTES = Number(process.env.BENCH_LIVE_MINUTES ?? 10);
const LOAD_MS = MINUTES * 60_000;
const SEED_HISTORY = process.env.BENCH_LIVE_SEED !== '0';
const DEADLINE_CASES = Number(process.env.BENCH_DEADLINE_CASES ?? 200);
const PG_ADMIN = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const KEEP = process.env.BENCH_KEEP === '1';
/** About 1.6 million events a year across the 25 organisations (issue #5), 50 times over. */
const NATIONAL_EVENTS_PER_YEAR = 1_600_000;
const RATE_FACTOR = 50;
const TARGET_EVENTS_PER_S = (NATIONAL_EVENTS_PER_YEAR * RATE_FACTOR) / (365.25 * 86_400);
const SCRAPE_EVERY_MS = 5_000;
const POLL_EVERY_MS = 5_000;
const TICK_MS = 200;
/** The deadline passes this long after the load starts (on the alerts' shifted clock). */
const DEADLINE_AFTER_MS = Math.min(90_000, LOAD_MS / 3);
const ORG = 'VTIJ';
const ORGS = ['VTIJ', 'VTNOG'];
const RUN_ID = `${Date.now().toString(36)}${process.pid.toString(36)}`;
const TARGETS = { dashboardP99Ms: 1_000, alertMaxMs: 60_000 };

const log = createLog();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Set-up: a fresh database, the seeded history, and cases whose term passes during the run

function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/vt-monitor'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`vt-monitor ${args.join(' ')} exited ${code}`))));
  });
}

/**
 * The deadline day: the last werkdag before today (Amsterdam), so that the term passes at the
 * midnight that ended it, a moment in the past: the alerts' clock is set back to just before it.
 * The meldingen were received 5 werkdagen before (day 0 not counted).
 */
function deadlinePlan() {
  const calendar = createWorkingDayCalendar();
  const today = localDateOf(new Date().toISOString());
  let deadline = addDays(today, -1);
  while (!calendar.isWerkdag(deadline)) deadline = addDays(deadline, -1);
  let received = addDays(deadline, -1);
  while (calendar.addWerkdagen(received, 5) > deadline) received = addDays(received, -1);
  while (calendar.addWerkdagen(received, 5) < deadline) received = addDays(received, 1);
  if (calendar.addWerkdagen(received, 5) !== deadline) throw new Error(`no receipt date with deadline ${deadline}`);
  const passesAt = Date.parse(instantAtStartOfLocalDay(addDays(deadline, 1)));
  return { deadline, received, passesAt };
}

function deadlineCases(plan) {
  const at = DateTime.fromISO(`${plan.received}T10:00:00`, { zone: 'Europe/Amsterdam' }).toISO({ suppressMilliseconds: true });
  return Array.from({ length: DEADLINE_CASES }, (_, i) => ({
    id: randomUUID(),
    type: 'MeldingOntvangen',
    organisation: ORG,
    caseId: `${ORG}-BENCH-${RUN_ID}-${String(i).padStart(5, '0')}`,
    occurredAt: at,
    data: { gemeente: 'GM0193', melder: { soort: 'beroepsmatig', groep: 'medisch' }, aard: ['kindermishandeling'], crisis: false },
  }));
}

// ---------------------------------------------------------------------------------------------
// The parts that run during the load

/** The alerts' clock is the real one plus this (set in the service through IPC as well). */
let clockOffsetMs = 0;

/** Receives the alerts; records when each arrived, on the alerts' clock. */
function startWebhook() {
  const received = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const at = Date.now() + clockOffsetMs;
      try {
        const message = JSON.parse(body);
        for (const a of message.alerts ?? []) if (a.status !== 'resolved') received.push({ at, startsAt: Date.parse(a.startsAt), labels: a.labels });
        res.writeHead(200).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, received, url: `http://127.0.0.1:${server.address().port}/alerts` })));
}

function startService(env) {
  const child = spawn(process.execPath, [join(ROOT, 'bench/lib/live-service.mjs')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`the service exited ${code} before it listened`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve({ child, url: JSON.parse(line).url }));
  });
}

async function waitReady(url, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const res = await fetch(`${url}/health/ready`).catch(() => null);
    if (res?.status === 200) return;
    await sleep(500);
  }
  throw new Error(`${url} not ready within ${timeoutMs / 1000} s`);
}

async function fetchOk(url) {
  const res = await fetch(url);
  const text = await res.text();
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return text;
}

/** What the dashboard asks for on a refresh of the organisation's page (the headline figures). */
function dashboardRequests(url) {
  const base = `${url}/api/v1/organisations/${ORG}`;
  const quarter = (() => {
    const d = localDateOf(new Date().toISOString());
    return `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
  })();
  return [`${base}/indicators?at=${encodeURIComponent(new Date().toISOString())}`, `${base}/indicators?period=${quarter}`, `${base}/cases?status=over_termijn`];
}

/**
 * A dashboard: follows GET /api/v1/stream and, on each `changed`, reads the figures again, as the
 * page does (one refresh at a time; changes that arrive meanwhile are taken in by the next one).
 * A batch is on the dashboard when a refresh that began after a change covering it has finished:
 * a change covers a batch when its record time is at or after the batch's send time (batches are
 * sent one after another, so an event recorded after the send is this batch's or a later one's,
 * and the projections apply events in order).
 */
function startDashboardClient(url, pending, delays) {
  const controller = new AbortController();
  let covered = [];
  let refreshing = false;
  const refresh = async () => {
    refreshing = true;
    while (covered.length > 0) {
      const batches = covered;
      covered = [];
      try {
        await Promise.all(dashboardRequests(url).map(fetchOk));
        const now = performance.now();
        for (const b of batches) delays.push(now - b.sentPerf);
      } catch (err) {
        log(`dashboard refresh: ${err.message}`);
        covered.push(...batches);
        await sleep(500);
      }
    }
    refreshing = false;
  };
  const onChange = (change) => {
    const recordedAt = Date.parse(change.recordedAt);
    for (let i = pending.length - 1; i >= 0; i--) if (pending[i].sentWall <= recordedAt) covered.push(...pending.splice(i, 1));
    if (!refreshing && covered.length > 0) void refresh();
  };
  const done = (async () => {
    const res = await fetch(`${url}/api/v1/stream`, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
    const parser = createParser({ onEvent: (e) => e.event === 'changed' && onChange(JSON.parse(e.data)) });
    const decoder = new TextDecoder();
    for await (const chunk of res.body) parser.feed(decoder.decode(chunk, { stream: true }));
  })().catch((err) => {
    if (err.name !== 'AbortError') log(`dashboard stream: ${err.message}`);
  });
  return { stop: () => controller.abort(), done };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const db = `vt_bench_live_${RUN_ID}`;
  const storeUrl = PG_ADMIN.replace(/\/[^/]*$/, `/${db}`);
  const prefix = `vt-bench-${RUN_ID}`;
  await adminQuery(PG_ADMIN, `CREATE DATABASE ${db}`);
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const results = { machine: `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`, started: new Date().toISOString() };
  let service;
  let webhook;
  try {
    if (SEED_HISTORY) {
      log('loading the seeded history (vt-monitor seed)');
      const seconds = (await timed(() => runCli(['seed'], { VT_EVENT_STORE: storeUrl }))).ms / 1000;
      results.seedSeconds = seconds;
    }
    const plan = deadlinePlan();
    const store = await createEventStore(storeUrl);
    await store.appendBatch(deadlineCases(plan));
    const counter = new pg.Client({ connectionString: storeUrl });
    await counter.connect();
    const history = (await counter.query('SELECT count(*)::int AS n FROM vt_events')).rows[0].n;
    await counter.end();
    await store.close();
    results.history = history;
    log(`${fmt(history)} events in the log; ${DEADLINE_CASES} open meldingen of ${plan.received}, deadline ${plan.deadline}`);

    // The alerts' clock starts two days before the deadline passes (beyond the scheduler's 24 h
    // horizon, so nothing about it is planned yet); when the load starts it is set so that the
    // deadline passes DEADLINE_AFTER_MS later.
    clockOffsetMs = plan.passesAt - 2 * 86_400_000 - Date.now();
    webhook = await startWebhook();
    const readyFrom = performance.now();
    service = await startService({
      BENCH_STORE: storeUrl,
      BENCH_CLOCK_OFFSET_MS: String(clockOffsetMs),
      BENCH_ALERT_PREFIX: prefix,
      REDIS_URL,
      VT_ALERT_WEBHOOK_URL: webhook.url,
      VT_ALERT_LOOKBACK_DAYS: '7',
    });
    await waitReady(service.url, 600_000);
    results.catchUpSeconds = (performance.now() - readyFrom) / 1000;
    log(`service ready at ${service.url} after ${fmt(results.catchUpSeconds, 1)} s (projections caught up)`);

    clockOffsetMs = plan.passesAt - DEADLINE_AFTER_MS - Date.now();
    service.child.send({ clockOffsetMs });

    // The load: the seeded rhythms of VTIJ and VTNOG, sped up to 50 × the national event rate.
    const startMs = Date.now();
    // Calibrate: events per hour of each rhythm at speed 1, over a simulated week.
    const probe = ORGS.map((o, i) => new CaseSimulator(organisationRhythm(o), { speed: 1, seed: `probe-${i}`, startMs }));
    let probeEvents = 0;
    for (const p of probe) for (let h = 1; h <= 24 * 7 * 4; h++) probeEvents += p.advance(startMs + h * 3_600_000).length;
    const speed = TARGET_EVENTS_PER_S / (probeEvents / (24 * 7 * 4 * 3_600));
    const loaders = ORGS.map((o, i) => new CaseSimulator(organisationRhythm(o), { speed, seed: `bench-live-${i}`, startMs }));
    results.speed = speed;
    log(`load: ${fmt(TARGET_EVENTS_PER_S, 2)} events/s (speed ${fmt(speed, 0)} on the seeded rhythms of ${ORGS.join(', ')}) for ${MINUTES} min`);

    const pending = [];
    const dashboardDelays = [];
    const dashboard = startDashboardClient(service.url, pending, dashboardDelays);
    const scrapeMs = [];
    const pollMs = [];
    const postMs = [];
    let sent = 0;
    let appended = 0;
    let errors = 0;
    const loadEnd = Date.now() + LOAD_MS;

    const scraper = (async () => {
      while (Date.now() < loadEnd) {
        try {
          scrapeMs.push((await timed(() => fetchOk(`${service.url}/metrics`))).ms);
        } catch (err) {
          errors++;
          log(`scrape: ${err.message}`);
        }
        await sleep(SCRAPE_EVERY_MS);
      }
    })();
    const poller = (async () => {
      while (Date.now() < loadEnd) {
        try {
          pollMs.push((await timed(() => Promise.all(dashboardRequests(service.url).map(fetchOk)))).ms);
        } catch (err) {
          errors++;
          log(`poll: ${err.message}`);
        }
        await sleep(POLL_EVERY_MS);
      }
    })();
    let lastReport = Date.now();
    while (Date.now() < loadEnd) {
      const now = Date.now();
      const events = loaders.flatMap((l) => l.advance(now));
      if (events.length > 0) {
        const batch = { sentWall: Date.now(), sentPerf: performance.now() };
        pending.push(batch);
        try {
          const res = await fetch(`${service.url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events) });
          const body = await res.json();
          if (res.status !== 200) throw new Error(`HTTP ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
          appended += body.appended;
          sent += events.length;
          postMs.push(performance.now() - batch.sentPerf);
        } catch (err) {
          pending.splice(pending.indexOf(batch), 1);
          errors++;
          log(`post: ${err.message}`);
        }
      }
      if (now - lastReport >= 60_000) {
        lastReport = now;
        log(`${fmt(sent)} events sent; dashboard p99 so far ${fmt(latencySummary(dashboardDelays).p99)} ms; ${webhook.received.length} alerts received`);
      }
      await sleep(Math.max(0, TICK_MS - (Date.now() - now)));
    }
    await Promise.all([scraper, poller]);
    await sleep(3_000); // the last batches reach the dashboard
    dashboard.stop();
    await dashboard.done;

    const overdue = webhook.received.filter((a) => a.labels.alertname === 'TermijnOverschreden' && a.labels.caseId?.includes(`BENCH-${RUN_ID}`));
    const uniqueOverdue = new Map();
    for (const a of overdue) if (!uniqueOverdue.has(`${a.labels.caseId}/${a.labels.termijn}`)) uniqueOverdue.set(`${a.labels.caseId}/${a.labels.termijn}`, a);
    const alertDelays = [...uniqueOverdue.values()].map((a) => a.at - plan.passesAt);
    const expectedAlerts = DEADLINE_CASES * 2; // veiligheidsbeoordeling and triage; eerste_contact (10 dagen) has not passed
    Object.assign(results, {
      seconds: LOAD_MS / 1000,
      sent,
      appended,
      errors,
      ratePerS: sent / (LOAD_MS / 1000),
      scrape: latencySummary(scrapeMs),
      poll: latencySummary(pollMs),
      post: latencySummary(postMs),
      dashboard: latencySummary(dashboardDelays),
      dashboardMissing: pending.length,
      alerts: { ...latencySummary(alertDelays), expected: expectedAlerts, received: overdue.length, unique: uniqueOverdue.size, warnings: webhook.received.filter((a) => a.labels.severity === 'warning').length },
      deadline: plan,
    });
    report(results);
  } finally {
    if (service) {
      service.child.kill('SIGTERM');
      await new Promise((r) => service.child.once('exit', r));
    }
    webhook?.server.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length && !KEEP) await redis.del(...keys);
    await redis.quit();
    if (!KEEP) await adminQuery(PG_ADMIN, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  }
}

function report(r) {
  const pass = (ok) => (ok ? '**PASS**' : '**MISS**');
  const lines = [
    `## Live benchmark, ${r.started.slice(0, 10)} (${r.machine})`,
    '',
    `PostgreSQL store, BullMQ on Redis, one \`serve\` process (bench/lib/live-service.mjs). History: ${fmt(r.history)} events` +
      `${r.seedSeconds ? ` (seeded in ${fmt(r.seedSeconds, 1)} s; projections caught up ${fmt(r.catchUpSeconds, 1)} s after start)` : ''}.` +
      ` Load: ${fmt(r.sent)} events in ${fmt(r.seconds / 60, 1)} min = ${fmt(r.ratePerS, 2)} events/s (target ${fmt(TARGET_EVENTS_PER_S, 2)}: 50 × 1.6 million a year),` +
      ` POSTed every ${TICK_MS} ms; ${fmt(r.appended)} appended; ${r.errors} errors.`,
    '',
    '| measure | n | p50 | p99 | max | target | result |',
    '|---|---|---|---|---|---|---|',
    `| \`GET /metrics\` every 5 s | ${r.scrape.n} | ${fmt(r.scrape.p50, 1)} ms | ${fmt(r.scrape.p99, 1)} ms | ${fmt(r.scrape.max, 1)} ms | — | — |`,
    `| dashboard API poll (3 requests) every 5 s | ${r.poll.n} | ${fmt(r.poll.p50, 1)} ms | ${fmt(r.poll.p99, 1)} ms | ${fmt(r.poll.max, 1)} ms | — | — |`,
    `| \`POST /api/v1/events\` | ${r.post.n} | ${fmt(r.post.p50, 1)} ms | ${fmt(r.post.p99, 1)} ms | ${fmt(r.post.max, 1)} ms | — | — |`,
    `| event to dashboard (POST sent → change on the stream → figures read again) | ${r.dashboard.n} (${r.dashboardMissing} never shown) | ${fmt(r.dashboard.p50)} ms | ${fmt(r.dashboard.p99)} ms | ${fmt(r.dashboard.max)} ms | p99 < 1 s | ${pass(r.dashboard.p99 < TARGETS.dashboardP99Ms && r.dashboardMissing === 0)} |`,
    `| deadline to delivered alert (${r.alerts.unique} of ${r.alerts.expected} expected; ${r.alerts.received} deliveries) | ${r.alerts.n} | ${fmt(r.alerts.p50 / 1000, 1)} s | ${fmt(r.alerts.p99 / 1000, 1)} s | ${fmt(r.alerts.max / 1000, 1)} s | < 60 s | ${pass(r.alerts.unique === r.alerts.expected && r.alerts.max < TARGETS.alertMaxMs && r.alerts.received === r.alerts.unique)} |`,
    '',
    `Deadline: ${r.alerts.expected / 2} meldingen received ${r.deadline.received}, still open, so veiligheidsbeoordeling and triage pass at the end of ${r.deadline.deadline};` +
      ` the alerts' clock was set back so that moment fell ${DEADLINE_AFTER_MS / 1000} s into the load. Warnings delivered meanwhile: ${r.alerts.warnings}.`,
    '',
  ];
  const md = lines.join('\n');
  process.stdout.write(`${md}\n`);
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `live-${r.started.slice(0, 10)}${MINUTES === 10 && SEED_HISTORY ? '' : `-partial-${MINUTES}min`}.md`);
  writeFileSync(file, `${md}\n`);
  log(`written to ${file}`);
}

main().catch((err) => {
  log(err.stack ?? String(err));
  process.exit(1);
});
