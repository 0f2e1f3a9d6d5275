import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from '../libs/event-store/src';
import { runCli, startCli, waitForExit } from './support/cli';

/**
 * `vt-monitor simulate` against a running service (the built CLI, both as processes): events
 * arrive through the API with an ingest token, and the service's counts move.
 */
const tmp = mkdtempSync(join(tmpdir(), 'vt-simulate-'));
const TOKEN = 'simulate-e2e-ingest-token';
let serve: Awaited<ReturnType<typeof startCli>>;
let url: string;

beforeAll(async () => {
  const tokens = join(tmp, 'tokens.json');
  writeFileSync(tokens, JSON.stringify({ tokens: [{ name: 'simulator', token: TOKEN, role: 'ingest', organisations: ['VTNOG'] }] }));
  serve = await startCli(['serve', '--port', '0', '--host', '127.0.0.1'], { VT_EVENT_STORE: `embedded:${join(tmp, 'store')}`, VT_API_TOKENS: tokens }, /listening on \S+:\d+/);
  url = `http://127.0.0.1:${/listening on \S+:(\d+)/.exec(serve.output())![1]}`;
}, 60_000);

afterAll(async () => {
  serve?.child.kill('SIGTERM');
  if (serve) await waitForExit(serve.child);
  rmSync(tmp, { recursive: true, force: true });
});

async function ingested(): Promise<number> {
  // The projections apply what was appended; wait until they have caught up.
  for (let i = 0; i < 100 && (await fetch(`${url}/health/ready`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
  const text = await (await fetch(`${url}/metrics`)).text();
  return [...text.matchAll(/^vt_events_ingested_total\{organisation="VTNOG",[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

describe('vt-monitor simulate', () => {
  it('posts new cases at high speed for --duration, and the service counts every one', async () => {
    const before = await ingested();
    const run = await runCli(['simulate', '--org', 'VTNOG', '--speed', '50000', '--duration', '3s', '--seed', 'e2e', '--url', url], { VT_API_TOKEN: TOKEN, VT_PROGRESS_INTERVAL_MS: '1000' });
    expect(run.stderr).toContain('VTNOG at 50000×');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ organisation: 'VTNOG', seed: 'e2e', speed: 50000, duplicates: 0, unsent: 0 });
    expect(summary.cases).toBeGreaterThan(5);
    expect(summary.appended).toBe(summary.events);
    expect(summary.byType.MeldingOntvangen + summary.byType.AdviesvraagOntvangen).toBe(summary.cases);
    expect(await ingested()).toBe(before + summary.events);
  }, 60_000);

  it('stops cleanly on SIGINT and prints its summary', async () => {
    const sim = await startCli(['simulate', '--org', 'VTNOG', '--speed', '50000', '--url', url], { VT_API_TOKEN: TOKEN }, /Ctrl-C stops/);
    await new Promise((r) => setTimeout(r, 1500));
    let stdout = '';
    sim.child.stdout!.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => sim.child.once('close', (code) => resolve(code)));
    sim.child.kill('SIGINT');
    expect(await exited).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.events).toBe(summary.appended);
  }, 60_000);

  it('with --direct appends to the store of VT_EVENT_STORE, and stops after --events', async () => {
    const store = `embedded:${join(tmp, 'direct-store')}`;
    const run = await runCli(['simulate', '--org', 'VTIJ', '--speed', '100000', '--events', '25', '--direct', '--seed', 'direct'], { VT_EVENT_STORE: store });
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ organisation: 'VTIJ', events: 25, appended: 25, duplicates: 0 });
    // What the store holds: the 25 events, none dated after the store recorded it, ids of the run's form.
    const opened = await createEventStore(store);
    try {
      const { events } = await opened.readAll({ limit: 1000 });
      expect(events).toHaveLength(25);
      for (const e of events) {
        expect(Date.parse(e.occurredAt)).toBeLessThanOrEqual(Date.parse(e.recordedAt));
        expect(e.caseId).toMatch(new RegExp(`^VTIJ-\\d{4}-S${summary.runKey}-A?\\d{6}$`));
      }
      expect(events.filter((e) => e.type === 'MeldingOntvangen' || e.type === 'AdviesvraagOntvangen')).toHaveLength(new Set(events.map((e) => e.caseId)).size);
    } finally {
      await opened.close();
    }
  }, 60_000);

  it('exits 2 without a token the service accepts', async () => {
    const run = await runCli(['simulate', '--org', 'VTNOG', '--speed', '100000', '--duration', '3s', '--url', url], { VT_API_TOKEN: 'wrong-token-of-some-length' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('HTTP 401');
  }, 60_000);

  it('exits 2 at once for an --url that is no http address (not 3 after retrying it as unreachable)', async () => {
    const run = await runCli(['simulate', '--org', 'VTNOG', '--speed', '100000', '--duration', '3s', '--url', 'notaurl']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--url: not an http:// or https:// address');
  }, 60_000);
});
