import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, START, type EventStore } from '../libs/event-store/src';
import { BIN, runCli, startCli, waitForExit } from './support/cli';
import { generateEvents } from './support/generate-events';
import { createTestDatabase, describeWithPostgres } from './support/services';

/**
 * Crashes lose nothing that was acknowledged and retries double nothing: a real `vt-monitor import`
 * and a real `serve` under HTTP load are killed with SIGKILL halfway through 100,000 events; after
 * a restart and a re-run of the same input every event is stored exactly once.
 */
const TOTAL = 100_000;
const events = generateEvents(TOTAL / 10, 10, 'CRASH');
const tmp = mkdtempSync(join(tmpdir(), 'vt-crash-'));
const file = join(tmp, 'events.ndjson');
writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function expectEachEventOnce(storeUrl: string): Promise<void> {
  const store: EventStore = await createEventStore(storeUrl);
  try {
    const ids: string[] = [];
    let from = START;
    for (;;) {
      const page = await store.readAll({ from, limit: 10_000 });
      ids.push(...page.events.map((e) => e.id));
      if (page.events.length === 0) break;
      from = page.next;
    }
    expect(ids).toHaveLength(TOTAL);
    expect(new Set(ids)).toEqual(new Set(events.map((e) => e.id)));
    const stream = await store.readStream('VTIJ', 'CRASH-0');
    expect(stream.map((e) => e.streamVersion)).toEqual([...Array(10).keys()]);
  } finally {
    await store.close();
  }
}

/** Starts an import and SIGKILLs it once it reports between 20% and 80% done. */
function importKilledHalfway(storeUrl: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'import', '--chunk-size', '1000', file], {
      env: { ...process.env, NODE_OPTIONS: '', VT_EVENT_STORE: storeUrl, VT_PROGRESS_INTERVAL_MS: '0' },
    });
    let stderr = '';
    let killedAt = -1;
    child.stderr.on('data', (d) => {
      stderr += d;
      for (const m of String(d).matchAll(/import: (\d+)\/(\d+)/g)) {
        const done = Number(m[1]);
        if (killedAt < 0 && done >= TOTAL * 0.2 && done <= TOTAL * 0.8) {
          killedAt = done;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('close', (code, signal) => (signal === 'SIGKILL' ? resolve(killedAt) : reject(new Error(`import was not killed (exit ${code}):\n${stderr.slice(-2000)}`))));
  });
}

async function crashImportThenRerun(storeUrl: string): Promise<void> {
  const killedAt = await importKilledHalfway(storeUrl);
  expect(killedAt).toBeGreaterThan(0);
  const rerun = await runCli(['import', file], { VT_EVENT_STORE: storeUrl });
  expect(rerun.code).toBe(0);
  const summary = JSON.parse(rerun.stdout);
  expect(summary.appended + summary.duplicates).toBe(TOTAL);
  expect(summary.duplicates).toBeGreaterThanOrEqual(killedAt - 1000);
  expect(summary.rejected).toBe(0);
  await expectEachEventOnce(storeUrl);
}

async function postBatch(url: string, batch: string): Promise<number> {
  try {
    const res = await fetch(`${url}/api/v1/events`, { method: 'POST', body: batch, headers: { 'content-type': 'application/x-ndjson' } });
    await res.text();
    return res.status;
  } catch {
    return 0; // connection refused or reset: the server is gone
  }
}

async function crashServeUnderLoadThenResend(storeUrl: string): Promise<void> {
  const port = 3400 + Math.floor(Math.random() * 500);
  const url = `http://127.0.0.1:${port}`;
  const batches: string[] = [];
  for (let i = 0; i < events.length; i += 1000) batches.push(events.slice(i, i + 1000).map((e) => JSON.stringify(e)).join('\n'));
  const env = { VT_EVENT_STORE: storeUrl };
  const first = await startCli(['serve', '--port', String(port)], env, /listening on/);
  // Two clients post batches until the server dies under them.
  let next = 0;
  let acknowledged = 0;
  const client = async () => {
    while (next < batches.length) {
      const i = next++;
      const status = await postBatch(url, batches[i]);
      if (status === 200) acknowledged++;
      else return;
      if (acknowledged === Math.floor(batches.length * 0.4)) first.child.kill('SIGKILL');
    }
  };
  await Promise.all([client(), client()]);
  await waitForExit(first.child);
  expect(first.child.signalCode).toBe('SIGKILL');
  expect(acknowledged).toBeGreaterThan(0);
  expect(acknowledged).toBeLessThan(batches.length);

  const second = await startCli(['serve', '--port', String(port)], env, /listening on/);
  let appended = 0;
  let duplicates = 0;
  for (const batch of batches) {
    const res = await fetch(`${url}/api/v1/events`, { method: 'POST', body: batch, headers: { 'content-type': 'application/x-ndjson' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { appended: number; duplicates: number };
    appended += body.appended;
    duplicates += body.duplicates;
  }
  expect(appended + duplicates).toBe(TOTAL);
  expect(duplicates).toBeGreaterThanOrEqual(acknowledged * 1000);
  // The projections were killed mid-page too: once caught up, each melding counts exactly once.
  for (let i = 0; i < 600 && (await fetch(`${url}/health/ready`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
  const report = (await (await fetch(`${url}/api/v1/organisations/VTIJ/indicators?period=2024`)).json()) as { rows: { key: string; by: object; value: number }[] };
  expect(report.rows).toContainEqual({ key: 'meldingen', by: {}, value: TOTAL / 10 });
  second.child.kill('SIGTERM');
  await waitForExit(second.child);
  await expectEachEventOnce(storeUrl);
}

describe('crash safety on the embedded store', () => {
  it('an import killed halfway, then re-run, stores every event once', () => crashImportThenRerun(`embedded:${join(tmp, 'import')}`), 300_000);
  it('serve killed under HTTP load, restarted, with the input sent again, stores every event once', () => crashServeUnderLoadThenResend(`embedded:${join(tmp, 'serve')}`), 300_000);
});

describeWithPostgres('crash safety on PostgreSQL', () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });
  it('an import killed halfway, then re-run, stores every event once', async () => {
    const db = await createTestDatabase();
    drops.push(db.drop);
    await crashImportThenRerun(db.url);
  }, 300_000);
  it('serve killed under HTTP load, restarted, with the input sent again, stores every event once', async () => {
    const db = await createTestDatabase();
    drops.push(db.drop);
    await crashServeUnderLoadThenResend(db.url);
  }, 300_000);
});
