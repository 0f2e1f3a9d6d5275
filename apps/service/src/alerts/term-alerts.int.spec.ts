import { Redis } from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { overdueAt, termijnOverschredenEventId, type AlertmanagerWebhookPayload } from '../../../../libs/alerts/src';
import type { VtEvent } from '../../../../libs/events/src';
import { createProjectionConfig } from '../../../../libs/projections/src';
import { markRebuilding, openReadModel, rebuildReadModels } from '../../../../libs/read-model/src';
import { withReadModelsToItself } from '../../../../libs/read-model/src/read-model-lock';
import { createTestDatabase, describeWithPostgresAndRedis, REDIS_URL_FOR_TESTS } from '../../../../test/support/services';
import { startService, type RunningService } from '../start-service';
import type { AlertOptions } from './alert-options';
import { ALERT_QUEUE_NAME } from './bullmq-alert-queue';

// Real PostgreSQL (one fresh database per test) and real Redis (one BullMQ prefix per test, whose
// keys alone are deleted afterwards). "Now" is injected: the service lives a few seconds before a
// term passes, so a delayed job fires after seconds of real time.
jest.setTimeout(30_000);

const MELDER = { soort: 'beroepsmatig', groep: 'justitie_en_veiligheid' };
const ev = (caseId: string, type: string, occurredAt: string, data: Record<string, unknown> = {}): VtEvent =>
  ({ id: randomUUID(), type, organisation: 'VTIJ', caseId, occurredAt, data }) as VtEvent;

/**
 * A case whose only running legal clock is triage: the melding on `meldingAt` (a local date),
 * veiligheidsbeoordeling and eerste contact done the next day.
 */
function caseWithTriageRunning(caseId: string, meldingDate: string, nextDate: string): VtEvent[] {
  return [
    ev(caseId, 'MeldingOntvangen', `${meldingDate}T10:00:00+01:00`, { gemeente: 'GM0193', melder: MELDER, aard: ['partnergeweld'], crisis: false }),
    ev(caseId, 'VeiligheidsbeoordelingAfgerond', `${nextDate}T10:00:00+01:00`, { conclusie: 'geen_zorgen' }),
    ev(caseId, 'EersteContactGelegd', `${nextDate}T11:00:00+01:00`),
  ];
}
// Melding Friday 1 March 2024: triage within 5 werkdagen, deadline Friday 8 March; the term passes
// at Saturday 9 March 00:00 (+01:00).
const DEADLINE = '2024-03-08';
const DUE = overdueAt(DEADLINE);

interface Received {
  payload: AlertmanagerWebhookPayload;
  status: number;
  /** The test clock when it arrived. */
  at: number;
}

/** A webhook receiver that answers 500 to its first `failures` requests, then 200. */
async function startWebhook(
  clock: () => number,
  failures = 0,
): Promise<{ url: string; received: Received[]; overdue: () => Received[]; warnings: () => Received[]; resolved: () => Received[]; heal: () => void; close: () => Promise<void> }> {
  const received: Received[] = [];
  let left = failures;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const status = left-- > 0 ? 500 : 200;
      received.push({ payload: JSON.parse(body), status, at: clock() });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`,
    received,
    overdue: () => received.filter((r) => r.status === 200 && r.payload.status === 'firing' && r.payload.alerts[0].labels.alertname === 'TermijnOverschreden'),
    warnings: () => received.filter((r) => r.status === 200 && r.payload.status === 'firing' && r.payload.alerts[0].labels.alertname === 'TermijnVerlooptBinnenkort'),
    resolved: () => received.filter((r) => r.status === 200 && r.payload.status === 'resolved'),
    /** Answers 200 from now on. */
    heal: () => (left = 0),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeWithPostgresAndRedis('term alerts (PostgreSQL + Redis)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let prefix: string;
  let redis: Redis;
  let offset: number;
  const services: RunningService[] = [];
  const hooks: (() => Promise<void>)[] = [];
  /** The injected clock: `setNow(t)` moves "now" to t, and time runs on from there. */
  const now = () => Date.now() + offset;
  const setNow = (t: number) => (offset = t - Date.now());

  const start = async (mode: 'bullmq' | 'in-process', webhookUrl: string | undefined, extra: AlertOptions = {}) => {
    const service = await startService({
      port: 0,
      storeUrl: db.url,
      logger: process.env.ALERT_TEST_LOG === '1',
      alerts: { redisUrl: mode === 'bullmq' ? REDIS_URL_FOR_TESTS : undefined, prefix, webhookUrl, now, scanIntervalMs: 1_000, backoffMs: 50, ...extra },
    });
    services.push(service);
    return service;
  };
  const stop = async (service: RunningService) => {
    services.splice(services.indexOf(service), 1);
    await service.close();
  };
  const termijnOverschreden = async (service: RunningService, caseId: string) => (await service.store.readStream('VTIJ', caseId)).filter((e) => e.type === 'TermijnOverschreden');
  /** Delayed `fire` jobs in Redis (BullMQ keeps delayed jobs in the sorted set `<prefix>:<queue>:delayed`). */
  const delayedJobs = async () => (await redis.zrange(`${prefix}:${ALERT_QUEUE_NAME}:delayed`, '0', '-1')).filter((id) => id.startsWith('fire-')).length;
  const flushPrefix = async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  };

  beforeAll(() => {
    redis = new Redis(REDIS_URL_FOR_TESTS, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    await redis.quit();
  });
  beforeEach(async () => {
    db = await createTestDatabase();
    prefix = `vt-test-${randomBytes(4).toString('hex')}`;
    offset = 0;
  });
  afterEach(async () => {
    for (const s of services.splice(0)) await s.close();
    for (const h of hooks.splice(0)) await h();
    await flushPrefix();
    await db.drop();
  });

  it.each(['bullmq', 'in-process'] as const)('%s: a delayed job fires when the term passes; TermijnOverschreden is appended once and delivered once', async (mode) => {
    const webhook = await startWebhook(now);
    hooks.push(webhook.close);
    const service = await start(mode, webhook.url);
    setNow(DUE - 3_000); // after the start, so that the start's own time does not count
    await service.store.appendBatch(caseWithTriageRunning('A-1', '2024-03-01', '2024-03-02'));
    await service.runner.waitUntilCaughtUp();
    if (mode === 'bullmq') await waitFor('the delayed job', async () => (await delayedJobs()) === 1);
    await waitFor('the overdue alert', () => webhook.overdue().length === 1);

    const written = await termijnOverschreden(service, 'A-1');
    expect(written).toHaveLength(1);
    // Not before the term passed (recordedAt is real time; the service's clock runs `offset` ahead).
    expect(Date.parse(written[0].recordedAt) + offset).toBeGreaterThanOrEqual(DUE);
    expect(webhook.overdue()[0].at).toBeGreaterThanOrEqual(DUE);
    expect(written[0]).toMatchObject({ id: termijnOverschredenEventId('VTIJ', 'A-1', 'triage'), occurredAt: '2024-03-09T00:00:00+01:00', data: { termijn: 'triage', deadline: DEADLINE } });
    const alert = webhook.overdue()[0].payload;
    expect(alert).toMatchObject({ version: '4', status: 'firing' });
    expect(alert.alerts[0].labels).toEqual({ alertname: 'TermijnOverschreden', organisation: 'VTIJ', termijn: 'triage', severity: 'critical', caseId: 'A-1' });
    // The warning (due Thursday 7 March) went out once too, before the term passed.
    expect(webhook.warnings()).toHaveLength(1);

    // The event counts in termijnen_overschreden and changes no clock: triage still runs, untimely.
    await service.runner.waitUntilCaughtUp();
    const march = await service.readModel.queries.flowReport('VTIJ', '2024-03');
    expect(march.rows.find((r) => r.key === 'termijnen_overschreden' && r.by.termijn === 'triage')?.value).toBe(1);
    expect(march.rows.find((r) => r.key === 'tijdig_pct' && r.by.termijn === 'triage' && Object.keys(r.by).length === 1)?.denominator ?? 0).toBe(0);

    // Scans go on (every second); nothing is written or sent twice.
    await sleep(1_500);
    expect(await termijnOverschreden(service, 'A-1')).toHaveLength(1);
    expect(webhook.overdue()).toHaveLength(1);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toContain('vt_alerts_delivered_total{kind="overdue"} 1');
    expect(metrics).toContain('vt_termijn_overschreden_written_total{termijn="triage"} 1');
  });

  it('a restart and a flush of Redis (while running, and while stopped) lose no alert and double none', async () => {
    const webhook = await startWebhook(now);
    hooks.push(webhook.close);
    const first = await start('bullmq', webhook.url);
    setNow(DUE - 3_000);
    await first.store.appendBatch(caseWithTriageRunning('R-1', '2024-03-01', '2024-03-02'));
    await first.runner.waitUntilCaughtUp();
    await waitFor('the delayed job', async () => (await delayedJobs()) === 1);
    await stop(first); // the job waits in Redis; nobody runs it

    const second = await start('bullmq', webhook.url);
    await waitFor('the alert after the restart', () => webhook.overdue().length === 1);

    // A second case, due at Tuesday 12 March 00:00: every key of the prefix (its job, the scan
    // scheduler) is flushed while the service runs.
    setNow(overdueAt('2024-03-11') - 3_000);
    await second.store.appendBatch(caseWithTriageRunning('R-2', '2024-03-04', '2024-03-05'));
    await second.runner.waitUntilCaughtUp();
    await waitFor('the delayed job of R-2', async () => (await delayedJobs()) === 1);
    await flushPrefix();
    await waitFor('the alert after the flush', () => webhook.overdue().length === 2);

    // A third, due at Wednesday 13 March 00:00: flushed while no service runs.
    setNow(overdueAt('2024-03-12') - 3_000);
    await second.store.appendBatch(caseWithTriageRunning('R-3', '2024-03-05', '2024-03-06'));
    await second.runner.waitUntilCaughtUp();
    await waitFor('the delayed job of R-3', async () => (await delayedJobs()) === 1);
    await stop(second);
    await flushPrefix();
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
    const third = await start('bullmq', webhook.url);
    await waitFor('the alert after the flush and restart', () => webhook.overdue().length === 3);

    await sleep(1_500);
    expect(webhook.overdue().map((r) => r.payload.alerts[0].labels.caseId)).toEqual(['R-1', 'R-2', 'R-3']);
    for (const c of ['R-1', 'R-2', 'R-3']) expect(await termijnOverschreden(third, c)).toHaveLength(1);
  });

  it.each(['bullmq', 'in-process'] as const)('%s: two replicas on one database write and deliver each alert once', async (mode) => {
    const webhook = await startWebhook(now);
    hooks.push(webhook.close);
    const a = await start(mode, webhook.url);
    const b = await start(mode, webhook.url);
    setNow(DUE - 2_500);
    const cases = ['T-1', 'T-2', 'T-3'];
    await a.store.appendBatch(cases.flatMap((c) => caseWithTriageRunning(c, '2024-03-01', '2024-03-02')));
    await Promise.all([a.runner.waitUntilCaughtUp(), b.runner.waitUntilCaughtUp()]);
    await waitFor('three alerts', () => webhook.overdue().length >= 3);
    await sleep(1_500); // both replicas scan again meanwhile
    expect(webhook.overdue().map((r) => r.payload.alerts[0].labels.caseId).sort()).toEqual(cases);
    expect(webhook.warnings()).toHaveLength(3);
    for (const c of cases) expect(await termijnOverschreden(a, c)).toHaveLength(1);
  });

  it('a failing webhook is retried with back-off until it answers, and the alert is delivered once', async () => {
    const webhook = await startWebhook(now, 4);
    hooks.push(webhook.close);
    const service = await start('bullmq', webhook.url);
    setNow(DUE - 1_500);
    await service.store.appendBatch(caseWithTriageRunning('F-1', '2024-03-01', '2024-03-02'));
    await waitFor('delivery after the failures', () => webhook.overdue().length === 1);
    await sleep(1_500);
    // The first four POSTs failed (warning and overdue alert share them); each alert was then delivered once, and not tried again.
    expect(webhook.received.slice(0, 4).map((r) => r.status)).toEqual([500, 500, 500, 500]);
    // Firing messages only: the warning's resolved message (the term passed) is a delivery of its own.
    const attempts = new Map<string, number[]>();
    for (const r of webhook.received.filter((m) => m.payload.status === 'firing')) attempts.set(r.payload.alerts[0].fingerprint, [...(attempts.get(r.payload.alerts[0].fingerprint) ?? []), r.status]);
    expect(attempts.size).toBe(2);
    for (const statuses of attempts.values()) expect(statuses.filter((s) => s === 200)).toEqual([200]);
    for (const statuses of attempts.values()) expect(statuses[statuses.length - 1]).toBe(200);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    const failures = [...metrics.matchAll(/vt_alert_delivery_failures_total\{kind="\w+"\} (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(failures).toBe(4);
    expect(metrics).toContain('vt_alerts_delivered_total{kind="overdue"} 1');
  });

  it.each(['bullmq', 'in-process'] as const)(
    '%s: a delivered alert is resolved once when it stops holding: the warning when the term passes, the overdue alert when triage is done weeks later',
    async (mode) => {
      const webhook = await startWebhook(now);
      hooks.push(webhook.close);
      const service = await start(mode, webhook.url);
      setNow(DUE - 3_000);
      const rows = async () => (await service.readModel.db.query<{ n: number }>('SELECT count(*)::int AS n FROM vt_alert_deliveries'))[0].n;
      await service.store.appendBatch(['S-1', 'S-2', 'S-3'].flatMap((c) => caseWithTriageRunning(c, '2024-03-01', '2024-03-02')));
      await waitFor('the overdue alerts', () => webhook.overdue().length === 3);
      // The term passed: the warnings are resolved, as of that moment; the overdue alerts hold.
      await waitFor('the warnings resolved', () => webhook.resolved().length === 3);
      // Erasing S-3 deletes its three rows from the delivery log: warning, its resolved message, overdue.
      expect(await rows()).toBe(9);
      await service.store.eraseCase('VTIJ', 'S-3');
      await service.readModel.eraseCase('VTIJ', 'S-3');
      expect(await rows()).toBe(6);
      for (const r of webhook.resolved()) {
        expect(r.payload.alerts[0]).toMatchObject({ status: 'resolved', labels: { alertname: 'TermijnVerlooptBinnenkort', termijn: 'triage' }, endsAt: new Date(DUE).toISOString() });
        expect(r.payload.alerts[0].fingerprint).toBe(webhook.warnings().find((w) => w.payload.alerts[0].labels.caseId === r.payload.alerts[0].labels.caseId)?.payload.alerts[0].fingerprint);
      }

      // Five weeks later (far outside the scan's 7-day window of deadlines) triage of S-1 is done.
      const done = Date.parse('2024-04-15T10:00:00+02:00');
      setNow(done + 60_000);
      await service.store.appendBatch([ev('S-1', 'TriagebesluitGenomen', '2024-04-15T10:00:00+02:00', { besluit: 'geen_vervolgstappen' })]);
      await waitFor('the overdue alert of S-1 resolved', () => webhook.resolved().length === 4);
      const resolved = webhook.resolved()[3].payload;
      expect(resolved).toMatchObject({ version: '4', status: 'resolved' });
      expect(resolved.alerts[0]).toMatchObject({
        status: 'resolved',
        labels: { alertname: 'TermijnOverschreden', caseId: 'S-1', termijn: 'triage', severity: 'critical' },
        startsAt: new Date(DUE).toISOString(),
        endsAt: new Date(done).toISOString(),
        fingerprint: webhook.overdue().find((o) => o.payload.alerts[0].labels.caseId === 'S-1')?.payload.alerts[0].fingerprint,
      });

      // Scans go on: nothing is resolved twice, S-2 still holds, and the log keeps S-2's case only while it is open.
      await sleep(1_500);
      expect(webhook.resolved()).toHaveLength(4);
      expect(webhook.overdue()).toHaveLength(3);
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      expect(metrics).toContain('vt_alerts_resolved_total{kind="warning"} 3');
      expect(metrics).toContain('vt_alerts_resolved_total{kind="overdue"} 1');
      const open = await service.readModel.db.query<{ case_key: string }>('SELECT case_key FROM vt_alert_deliveries WHERE case_key IS NOT NULL');
      expect(open.map((r) => r.case_key)).toEqual(['VTIJ:S-2']);

      // Alerts due over three weeks ago are forgotten, but not one still waiting to be resolved:
      // S-2's overdue alert is the only row left. Erasing S-2 deletes it.
      expect(await rows()).toBe(1);
      await service.store.eraseCase('VTIJ', 'S-2');
      await service.readModel.eraseCase('VTIJ', 'S-2');
      expect(await rows()).toBe(0);
      await sleep(1_200);
      expect(webhook.resolved()).toHaveLength(4);
    },
  );

  it('an alert whose case is erased while its delivery is retried is not sent, and leaves nothing in the delivery log', async () => {
    const webhook = await startWebhook(now, 1_000_000);
    hooks.push(webhook.close);
    const service = await start('bullmq', webhook.url);
    setNow(DUE - 1_500);
    await service.store.appendBatch(caseWithTriageRunning('E-1', '2024-03-01', '2024-03-02'));
    await waitFor('attempts at the overdue alert', () => webhook.received.some((r) => r.payload.alerts[0].labels.alertname === 'TermijnOverschreden'));
    await service.store.eraseCase('VTIJ', 'E-1');
    await service.readModel.eraseCase('VTIJ', 'E-1');
    webhook.heal();
    await sleep(2_000); // retries every 50–800 ms meanwhile, and scans every second
    expect(webhook.received.filter((r) => r.status === 200)).toEqual([]);
    expect(await service.readModel.db.query('SELECT fingerprint FROM vt_alert_deliveries')).toEqual([]);
  });

  it('a late event that stops the clock before the deadline cancels the alert', async () => {
    const webhook = await startWebhook(now);
    hooks.push(webhook.close);
    const service = await start('bullmq', webhook.url);
    setNow(DUE - 3_000);
    await service.store.appendBatch(caseWithTriageRunning('L-1', '2024-03-01', '2024-03-02'));
    await service.runner.waitUntilCaughtUp();
    await waitFor('the delayed job', async () => (await delayedJobs()) === 1);
    // Registered late, dated on the deadline day: triage was tijdig after all.
    await service.store.appendBatch([ev('L-1', 'TriagebesluitGenomen', `${DEADLINE}T16:00:00+01:00`, { besluit: 'geen_vervolgstappen' })]);
    const metrics = async () => (await fetch(`${service.url}/metrics`)).text();
    await waitFor('the due job to cancel the alert', async () => (await metrics()).includes('vt_alerts_cancelled_total{kind="overdue"} 1'));
    expect(now()).toBeGreaterThanOrEqual(DUE);
    await sleep(1_000); // scans go on: nothing plans it again
    expect(await termijnOverschreden(service, 'L-1')).toEqual([]);
    expect(webhook.overdue()).toEqual([]);
    expect(await delayedJobs()).toBe(0);
  });

  it('a rebuild in another process when the term passes holds the alert back; it does not cancel it', async () => {
    const service = await start('bullmq', undefined);
    setNow(DUE - 4_000);
    await service.store.appendBatch(caseWithTriageRunning('R-1', '2024-03-01', '2024-03-02'));
    await service.runner.waitUntilCaughtUp();
    await waitFor('the delayed job', async () => (await delayedJobs()) === 1); // due when the term passes
    // `vt-monitor rebuild` elsewhere: it has the read models to itself, emptied and marked.
    const other = await openReadModel(service.store, createProjectionConfig());
    await withReadModelsToItself(other.db, async () => {
      await other.db.transaction(async (tx) => {
        await tx.query('TRUNCATE rm_cases, rm_case_facts, rm_quality');
        await markRebuilding(tx);
      });
      await waitFor('the term to pass', () => now() > DUE + 2_500, 10_000); // its job was due, tried, and planned again
    });
    const metrics = async () => (await fetch(`${service.url}/metrics`)).text();
    expect(await metrics()).not.toMatch(/vt_alerts_cancelled_total\{kind="overdue"\} [1-9]/);
    expect(await termijnOverschreden(service, 'R-1')).toEqual([]);
    // The rebuild finishes: the alert fires once.
    await rebuildReadModels(service.store, other.db, createProjectionConfig());
    await waitFor('the event', async () => (await termijnOverschreden(service, 'R-1')).length === 1);
    expect(await metrics()).not.toMatch(/vt_alerts_cancelled_total\{kind="overdue"\} [1-9]/);
  });

  it('a replica halted by read models of other settings leaves its alert jobs to the replica that follows', async () => {
    const webhook = await startWebhook(now);
    hooks.push(webhook.close);
    const halted = await start('bullmq', webhook.url);
    setNow(DUE - 4_000);
    await halted.store.appendBatch(caseWithTriageRunning('H-1', '2024-03-01', '2024-03-02'));
    await halted.runner.waitUntilCaughtUp();
    await waitFor('the delayed job', async () => (await delayedJobs()) === 1); // planned by this replica, due when the term passes
    const [job] = (await redis.zrange(`${prefix}:${ALERT_QUEUE_NAME}:delayed`, '0', '-1')).filter((id) => id.startsWith('fire-'));
    // `VT_CONFIG=other.json vt-monitor rebuild` elsewhere: a decree day in 2030 (other settings, the same deadline for H-1).
    const otherSettings = { extraDecreeDays: ['2030-01-02'] };
    const other = await openReadModel(halted.store, createProjectionConfig(otherSettings), { otherSettings: true });
    hooks.push(() => other.close());
    await rebuildReadModels(halted.store, other.db, createProjectionConfig(otherSettings));
    // The next page the old replica folds finds the other settings: it halts (and closes its alert queue).
    await halted.store.appendBatch(caseWithTriageRunning('H-2', '2024-03-04', '2024-03-05'));
    await waitFor('the halt', () => halted.runner.halted !== undefined);
    // The term passes: the job is due, and the halted replica does not take it (taken, it would
    // fail on the stopped projections and be spent).
    await waitFor('the term to pass', () => now() > DUE + 1_500, 10_000);
    expect(await redis.zrange(`${prefix}:${ALERT_QUEUE_NAME}:delayed`, '0', '-1')).toContain(job);
    expect(await redis.zcard(`${prefix}:${ALERT_QUEUE_NAME}:failed`)).toBe(0);
    expect(webhook.overdue()).toEqual([]);
    expect(await termijnOverschreden(halted, 'H-1')).toEqual([]);

    // A replica with the new settings starts: it takes the job; the alert is written and sent once.
    const file = join(tmpdir(), `vt-config-${randomBytes(4).toString('hex')}.json`);
    writeFileSync(file, JSON.stringify(otherSettings));
    hooks.push(async () => rmSync(file, { force: true }));
    const saved = process.env.VT_CONFIG;
    process.env.VT_CONFIG = file;
    let following: RunningService;
    try {
      following = await start('bullmq', webhook.url);
    } finally {
      if (saved === undefined) delete process.env.VT_CONFIG;
      else process.env.VT_CONFIG = saved;
    }
    await waitFor('the alert from the following replica', () => webhook.overdue().length === 1);
    await sleep(1_500);
    expect(webhook.overdue().map((r) => r.payload.alerts[0].labels.caseId)).toEqual(['H-1']);
    expect(await termijnOverschreden(following, 'H-1')).toHaveLength(1);
    const delivered = async (s: RunningService) => (await (await fetch(`${s.url}/metrics`)).text()).match(/vt_alerts_delivered_total\{kind="overdue"\} (\d+)/)?.[1] ?? '0';
    expect(await delivered(halted)).toBe('0');
    expect(await delivered(following)).toBe('1');
  });

  it('without a webhook TermijnOverschreden is still written, and nothing is planned again', async () => {
    const service = await start('in-process', undefined);
    setNow(DUE - 1_500);
    await service.store.appendBatch(caseWithTriageRunning('N-1', '2024-03-01', '2024-03-02'));
    await waitFor('the event', async () => (await termijnOverschreden(service, 'N-1')).length === 1);
    await sleep(1_500);
    expect(await termijnOverschreden(service, 'N-1')).toHaveLength(1);
  });
});
