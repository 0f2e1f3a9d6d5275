import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { BIN, runCli } from './support/cli';
import { createTestDatabase, describeWithPostgres } from './support/services';

const tmp = mkdtempSync(join(tmpdir(), 'vt-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const store = `embedded:${join(tmp, 'store')}`;
const ev = (caseId: string, type: string, occurredAt: string, data: Record<string, unknown> = {}) => ({ id: randomUUID(), type, organisation: 'VTIJ', caseId, occurredAt, data });
const melding = (caseId: string, at: string, gemeente: string) => ev(caseId, 'MeldingOntvangen', at, { gemeente, melder: { soort: 'beroepsmatig', groep: 'onderwijs' }, aard: ['kindermishandeling'], crisis: false });

const file = join(tmp, 'events.ndjson');
beforeAll(async () => {
  const events = [
    melding('R-1', '2024-01-15T09:00:00+01:00', 'GM0193'),
    melding('R-2', '2024-02-15T09:00:00+01:00', 'GM0150'),
    ev('R-1', 'TriagebesluitGenomen', '2024-01-16T09:00:00+01:00', { besluit: 'overdracht' }),
    ev('R-1', 'OverdrachtGedaan', '2024-02-01T09:00:00+01:00', { soort: 'direct', partij: 'sociaal_team' }),
  ];
  writeFileSync(file, events.map((e) => JSON.stringify(e)).join('\n'));
  expect((await runCli(['import', file], { VT_EVENT_STORE: store })).code).toBe(0);
}, 60_000);

describe('vt-monitor report', () => {
  it('prints JSON rows for a period (json when stdout is not a terminal)', async () => {
    const run = await runCli(['report', '--org', 'VTIJ', '--period', '2024-Q1'], { VT_EVENT_STORE: store });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ organisation: 'VTIJ', period: '2024-Q1', from: '2024-01-01', to: '2024-03-31' });
    expect(report.rows).toContainEqual({ key: 'meldingen', by: {}, value: 2 });
    expect(report.rows).toContainEqual({ key: 'overdrachten', by: { soort: 'direct', gemeente: 'GM0193' }, value: 1 });
  }, 60_000);

  it('filters on a gemeente and prints NDJSON, CSV and a table', async () => {
    const ndjson = await runCli(['report', '--org', 'VTIJ', '--period', '2024', '--gemeente', 'GM0150', '--format', 'ndjson'], { VT_EVENT_STORE: store });
    const rows = ndjson.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toContainEqual(expect.objectContaining({ organisation: 'VTIJ', period: '2024', gemeente: 'GM0150', key: 'meldingen', by: {}, value: 1 }));
    const csv = await runCli(['report', '--org', 'VTIJ', '--period', '2024', '--by', 'gemeente', '--format', 'csv'], { VT_EVENT_STORE: store });
    expect(csv.stdout.split('\n')).toContain('VTIJ,2024,2024-01-01,2024-12-31,,,meldingen,GM0193,,,,,,,,,,,,1,,');
    const table = await runCli(['report', '--org', 'VTIJ', '--at', '2024-02-20', '--format', 'table'], { VT_EVENT_STORE: store });
    expect(table.stdout).toMatch(/wachtlijst\s+fase=triage\s+1/);
  }, 60_000);

  it('exits 2 with a clear message for bad input', async () => {
    const bad = [
      ['report', '--org', 'VTIJ'],
      ['report', '--org', 'VTIJ', '--period', '2024', '--at', '2024-01-01'],
      ['report', '--org', 'VTIJ', '--period', '2024-13'],
      ['report', '--org', 'VTIJ', '--at', 'gisteren'],
      ['report', '--org', 'VTIJ', '--period', '2024', '--gemeente', 'GM0200'],
      ['report', '--org', 'VTIJ', '--period', '2024', '--format', 'xml'],
      ['report', '--org', 'VTIJ', '--period', '2024', '--by', 'gemeente,foo'],
      ['report', '--org', 'VTIJ', '--at', '2024-02-20', '--by', 'besluit'],
      ['report', '--org', 'VTIJ', '--period', '2024', '--period', '2025'],
      ['report', '--org', 'VTIJ', '--period', '2024', '--gemeente', ''],
      ['report', '--org', 'VTIJ', '--period', '1900'],
    ];
    for (const args of bad) {
      const run = await runCli(args, { VT_EVENT_STORE: store });
      expect([args.join(' '), run.code]).toEqual([args.join(' '), 2]);
      expect(run.stderr).toMatch(/vt-monitor: |error: /);
      expect(run.stdout).toBe('');
    }
    // An option given twice is refused, not decided by its order; an empty one (an unset shell variable) too.
    expect((await runCli(['report', '--org', 'VTIJ', '--period', '2024', '--period', '2025'], { VT_EVENT_STORE: store })).stderr).toContain('vt-monitor: --period: given twice; give it once');
    expect((await runCli(['report', '--org', 'VTIJ', '--period', '2024', '--gemeente', ''], { VT_EVENT_STORE: store })).stderr).toContain('vt-monitor: --gemeente: empty');
    // The same rule on the other commands that take one value per option.
    for (const args of [
      ['reconcile', '--org', 'VTIJ', '--org', 'VTNOG'],
      ['reconcile', '--format', 'json', '--format', 'table'],
      ['data-quality', '--org', 'VTIJ', '--org', 'VTNOG'],
      ['erase', '--org', 'VTIJ', '--case', 'R-1', '--case', 'R-2'],
    ]) {
      const run = await runCli(args, { VT_EVENT_STORE: store });
      expect([args.join(' '), run.code, run.stdout]).toEqual([args.join(' '), 2, '']);
      expect(run.stderr).toMatch(/^vt-monitor: --(org|format|case): given twice; give it once$/m);
    }
  }, 120_000);

  it('refuses an embedded directory without a store (a wrong working directory) with exit 2, and makes none there', async () => {
    const nowhere = join(tmp, 'no-store-here');
    for (const args of [
      ['report', '--org', 'VTIJ', '--period', '2024'],
      ['reconcile'],
      ['data-quality', '--org', 'VTIJ'],
      ['rebuild'],
      ['erase', '--org', 'VTIJ', '--case', 'R-1'],
    ]) {
      const run = await runCli(args, { VT_EVENT_STORE: `embedded:${nowhere}` });
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).toContain(`there is no event store in ${nowhere}`);
      expect(run.stdout).toBe('');
      expect(existsSync(nowhere)).toBe(false);
    }
  });

  it('exits 74 and says so when its output cannot be written (a full disk), not 0', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const child = spawn(process.execPath, [BIN, 'report', '--org', 'VTIJ', '--period', '2024-Q1', '--format', 'json'], {
        env: { ...process.env, NODE_OPTIONS: '', VT_EVENT_STORE: store },
        stdio: ['ignore', full, 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(74);
      expect(stderr).toContain('the output could not be written: ENOSPC');
    } finally {
      closeSync(full);
    }
  });

  it('takes --at now as this instant', async () => {
    const before = Date.now();
    const run = await runCli(['report', '--org', 'VTIJ', '--at', 'now'], { VT_EVENT_STORE: store });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    const at = Date.parse(report.at);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
    // R-2 still waits for its triagebesluit; R-1 was handed over.
    expect(report.rows).toContainEqual(expect.objectContaining({ key: 'wachtlijst', by: { fase: 'triage' }, value: 1 }));
  }, 60_000);

  it('rebuilds the read models with a JSON summary, and reports the same afterwards', async () => {
    const before = await runCli(['report', '--org', 'VTIJ', '--period', '2024'], { VT_EVENT_STORE: store });
    const rebuild = await runCli(['rebuild'], { VT_EVENT_STORE: store });
    expect(rebuild.code).toBe(0);
    expect(JSON.parse(rebuild.stdout)).toMatchObject({ events: 4, cases: 2 });
    const after = await runCli(['report', '--org', 'VTIJ', '--period', '2024'], { VT_EVENT_STORE: store });
    expect(JSON.parse(after.stdout)).toEqual(JSON.parse(before.stdout));
  }, 60_000);
});

describeWithPostgres('vt-monitor rebuild on PostgreSQL', () => {
  let db: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    db = await createTestDatabase();
    expect((await runCli(['import', file], { VT_EVENT_STORE: db.url })).code).toBe(0);
  }, 60_000);
  afterAll(() => db?.drop(), 30_000);

  it('folds in worker threads (--workers), and reports the same afterwards', async () => {
    const before = await runCli(['report', '--org', 'VTIJ', '--period', '2024'], { VT_EVENT_STORE: db.url });
    const rebuild = await runCli(['rebuild', '--workers', '3'], { VT_EVENT_STORE: db.url, VT_PROGRESS_INTERVAL_MS: '0' });
    expect([rebuild.code, rebuild.stderr]).toEqual([0, expect.stringContaining('rebuild: folded (3 threads)')]);
    expect(JSON.parse(rebuild.stdout)).toMatchObject({ events: 4, cases: 2, workers: 3 });
    const after = await runCli(['report', '--org', 'VTIJ', '--period', '2024'], { VT_EVENT_STORE: db.url });
    expect(JSON.parse(after.stdout)).toEqual(JSON.parse(before.stdout));
    expect(JSON.parse(after.stdout).rows).toContainEqual({ key: 'meldingen', by: {}, value: 2 });
  }, 120_000);

  it('exits 2 for a bad --workers, with the read models untouched', async () => {
    const before = await runCli(['report', '--org', 'VTIJ', '--period', '2024'], { VT_EVENT_STORE: db.url });
    for (const n of ['0', 'two', '1.5', '17']) {
      const run = await runCli(['rebuild', '--workers', n], { VT_EVENT_STORE: db.url });
      expect([n, run.code, run.stderr]).toEqual([n, 2, expect.stringContaining('--workers must be a whole number')]);
    }
    expect((await runCli(['report', '--org', 'VTIJ', '--period', '2024'], { VT_EVENT_STORE: db.url })).stdout).toEqual(before.stdout);
  }, 120_000);

  it('a report after a rebuild that died half-way rebuilds first and says so on stderr, with the same figures', async () => {
    const before = await runCli(['report', '--org', 'VTIJ', '--period', '2024'], { VT_EVENT_STORE: db.url });
    // What a rebuild killed half-way leaves (rebuild.ts): emptied read models marked as being rebuilt.
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(`TRUNCATE rm_cases, rm_case_facts, rm_quality; UPDATE rm_checkpoints SET position = 'rebuilding' WHERE name = 'indicators'`);
    } finally {
      await client.end();
    }
    const after = await runCli(['report', '--org', 'VTIJ', '--period', '2024'], { VT_EVENT_STORE: db.url });
    expect([after.code, after.stderr]).toEqual([0, expect.stringContaining('they are rebuilt from the log')]);
    expect(JSON.parse(after.stdout)).toEqual(JSON.parse(before.stdout));
  }, 120_000);
});
