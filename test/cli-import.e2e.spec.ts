import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from '../libs/event-store/src';
import { BIN, runCli, startCli, waitForExit } from './support/cli';
import { eersteContact, melding } from './support/event-factory';

const tmp = mkdtempSync(join(tmpdir(), 'vt-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const freshStore = () => `embedded:${join(tmp, `store-${n++}`)}`;
const write = (name: string, text: string) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

async function countEvents(storeUrl: string, caseIds: string[]): Promise<number> {
  const store = await createEventStore(storeUrl);
  try {
    let total = 0;
    for (const c of caseIds) total += (await store.readStream('VTIJ', c)).length;
    return total;
  } finally {
    await store.close();
  }
}

describe('vt-monitor import', () => {
  it('imports NDJSON, JSON and CSV and prints a JSON summary on stdout', async () => {
    const store = freshStore();
    const ndjson = write('a.ndjson', [melding('N-1'), eersteContact('N-1')].map((e) => JSON.stringify(e)).join('\n'));
    const json = write('b.json', JSON.stringify([melding('J-1')]));
    const csv = write(
      'c.csv',
      'id,type,organisation,caseId,occurredAt,data.gemeente,data.melder.soort,data.melder.groep,data.aard,data.crisis,data.prioriteit\n' +
        `${melding('x').id},MeldingOntvangen,VTIJ,C-1,2024-03-04T10:00:00+01:00,GM0150,particulier,buurtbewoner,partnergeweld|kindermishandeling,true,\n`,
    );
    const run = await runCli(['import', ndjson, json, csv], { VT_EVENT_STORE: store });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ appended: 4, duplicates: 0, rejected: 0, problems: [] });
    const again = await runCli(['import', ndjson, json, csv], { VT_EVENT_STORE: store });
    expect(JSON.parse(again.stdout)).toMatchObject({ appended: 0, duplicates: 4 });
    const s = await createEventStore(store);
    const [csvEvent] = await s.readStream('VTIJ', 'C-1');
    await s.close();
    expect(csvEvent.data).toEqual({ gemeente: 'GM0150', melder: { soort: 'particulier', groep: 'buurtbewoner' }, aard: ['partnergeweld', 'kindermishandeling'], crisis: true });
  }, 60_000);

  it('writes nothing when any record is invalid, names file, line and field, and exits 2', async () => {
    const store = freshStore();
    const good = write('good.ndjson', JSON.stringify(melding('V-1')));
    const bad = write('bad.ndjson', [JSON.stringify(melding('V-2')), JSON.stringify({ ...melding('V-3'), caseId: '123456789' })].join('\n'));
    const run = await runCli(['import', good, bad], { VT_EVENT_STORE: store });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bad.ndjson:2: caseId:');
    expect(run.stderr).not.toContain('123456789');
    expect(JSON.parse(run.stdout)).toMatchObject({ appended: 0, rejected: 1 });
    expect(await countEvents(store, ['V-1', 'V-2'])).toBe(0);
  }, 60_000);

  it('writes nothing when a later file or chunk reuses an id with another body, naming that file and line', async () => {
    const store = freshStore();
    const first = melding('W-1');
    const a = write('first.ndjson', [JSON.stringify(first), JSON.stringify(melding('W-2'))].join('\n'));
    const b = write('second.ndjson', [JSON.stringify(melding('W-3')), JSON.stringify({ ...first, occurredAt: '2024-03-05T10:00:00+01:00' })].join('\n'));
    const run = await runCli(['import', a, b], { VT_EVENT_STORE: store });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`second.ndjson:2: id: event id ${first.id} appears earlier in the input with another body`);
    expect(await countEvents(store, ['W-1', 'W-2', 'W-3'])).toBe(0);
    // The same within one file across transactions (--chunk-size 1): nothing written either.
    const one = write('one.ndjson', [JSON.stringify(first), JSON.stringify(melding('W-2')), JSON.stringify({ ...first, occurredAt: '2024-03-05T10:00:00+01:00' })].join('\n'));
    const chunked = await runCli(['import', '--chunk-size', '1', one], { VT_EVENT_STORE: store });
    expect(chunked.code).toBe(2);
    expect(chunked.stderr).toContain('one.ndjson:3: id:');
    expect(await countEvents(store, ['W-1', 'W-2'])).toBe(0);
  }, 60_000);

  it('lists in one run the invalid records and the ids reused with another body, in the store or in the input, writing nothing', async () => {
    const store = freshStore();
    const stored = melding('U-1');
    expect((await runCli(['import', write('stored.ndjson', JSON.stringify(stored))], { VT_EVENT_STORE: store })).code).toBe(0);
    const again = melding('U-2');
    const { caseId: _caseId, ...noCase } = melding('U-3');
    const file = write(
      'mixed.ndjson',
      [JSON.stringify({ ...stored, occurredAt: '2024-03-05T10:00:00+01:00' }), JSON.stringify(again), JSON.stringify(noCase), JSON.stringify({ ...again, occurredAt: '2024-03-06T10:00:00+01:00' })].join('\n'),
    );
    const run = await runCli(['import', file], { VT_EVENT_STORE: store });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`mixed.ndjson:1: id: event id ${stored.id} is already stored with another body`);
    expect(run.stderr).toContain('mixed.ndjson:3: caseId:');
    expect(run.stderr).toContain(`mixed.ndjson:4: id: event id ${again.id} appears earlier in the input with another body`);
    expect(JSON.parse(run.stdout)).toMatchObject({ appended: 0, rejected: 3 });
    expect(await countEvents(store, ['U-1', 'U-2'])).toBe(1);
    // Into a directory without a store: the input's own reuse is still named, and no store is made.
    const nowhere = join(tmp, 'no-store-for-refused-input');
    const refused = await runCli(['import', file], { VT_EVENT_STORE: `embedded:${nowhere}` });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('mixed.ndjson:4: id:');
    expect(refused.stderr).not.toContain('mixed.ndjson:1: id:');
    expect(existsSync(nowhere)).toBe(false);
  }, 60_000);

  it('exits 2 for a --chunk-size that is not a whole number from 1', async () => {
    const ok = write('chunk.ndjson', JSON.stringify(melding('K-1')));
    for (const size of ['0', '-3', 'abc']) {
      const run = await runCli(['import', '--chunk-size', size, ok], { VT_EVENT_STORE: freshStore() });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--chunk-size must be a whole number from 1 to 100000');
    }
  }, 60_000);

  it('with --skip-invalid stores the valid records and lists the rest', async () => {
    const store = freshStore();
    const bad = write('mixed.ndjson', [JSON.stringify(melding('S-1')), '{not json', JSON.stringify({ ...melding('S-2'), type: 'Onbekend' })].join('\n'));
    const run = await runCli(['import', '--skip-invalid', bad], { VT_EVENT_STORE: store });
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ appended: 1, duplicates: 0, rejected: 2 });
    expect(summary.problems.map((p: { line: number; field: string }) => [p.line, p.field])).toEqual([
      [2, ''],
      [3, 'type'],
    ]);
  }, 60_000);

  it('with --skip-invalid still refuses a CSV file whose quoting breaks (its valid rows would be lost without a word), writing nothing', async () => {
    const store = freshStore();
    const good = write('good.ndjson', JSON.stringify(melding('Q-0')));
    const header = 'id,type,organisation,caseId,occurredAt,data.gemeente,data.melder.soort,data.melder.groep,data.aard,data.crisis';
    const row = (caseId: string, gemeente: string) => { const m = melding(caseId); return `${m.id},MeldingOntvangen,VTIJ,${caseId},${m.occurredAt},${gemeente},beroepsmatig,onderwijs,partnergeweld,false`; };
    const broken = write('broken.csv', [header, row('Q-1', 'GM0193'), row('Q-2', 'GM0193'), row('Q-3', '"GM0193'), row('Q-4', 'GM0193')].join('\n'));
    const run = await runCli(['import', '--skip-invalid', good, broken], { VT_EVENT_STORE: store });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ appended: 0, duplicates: 0, rejected: 1, problems: [{ file: broken, field: '', message: expect.stringMatching(/^is not valid CSV/) }] });
    expect(run.stderr).toMatch(/broken\.csv:\d+: is not valid CSV \(CSV_QUOTE_NOT_CLOSED at line \d+\); the file cannot be read record by record, so nothing was written/);
    expect(await countEvents(store, ['Q-0', 'Q-1', 'Q-2', 'Q-4'])).toBe(0);
  }, 60_000);

  it('exits 2 for an unknown file type and 3 when the store cannot be reached', async () => {
    const txt = write('events.txt', 'x');
    const unknown = await runCli(['import', txt], { VT_EVENT_STORE: freshStore() });
    expect([unknown.code, unknown.stderr]).toEqual([2, `vt-monitor: ${txt}: unknown file type ".txt"; use .ndjson, .jsonl, .json, .csv\n`]);
    const ok = write('ok.ndjson', JSON.stringify(melding('U-1')));
    const down = await runCli(['import', ok], { VT_EVENT_STORE: 'postgres://postgres@127.0.0.1:1/nothing' });
    expect(down.code).toBe(3);
    expect(down.stderr).toContain('cannot be reached');
    // A server that answers but refuses the setting (no such database) is a setting to put right: 2, not "run it again".
    const refused = await runCli(['import', ok], { VT_EVENT_STORE: 'postgres://postgres@127.0.0.1:5432/vt_no_such_database' });
    expect([refused.code, refused.stderr.trim()]).toEqual([2, 'vt-monitor: VT_EVENT_STORE: the postgres server refuses this service: database "vt_no_such_database" does not exist']);
  }, 60_000);

  it('exits 3 with a clear message while serve holds the embedded store', async () => {
    const store = freshStore();
    const serve = await startCli(['serve', '--port', '0'], { VT_EVENT_STORE: store }, /listening on/);
    try {
      const run = await runCli(['import', write('l.ndjson', JSON.stringify(melding('L-1')))], { VT_EVENT_STORE: store });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('in use by process');
    } finally {
      serve.child.kill('SIGTERM');
      await waitForExit(serve.child);
    }
  }, 60_000);
});

describe('vt-monitor erase', () => {
  it('removes every event of the case and prints what it did', async () => {
    const store = freshStore();
    await runCli(['import', write('e.ndjson', [melding('E-1'), eersteContact('E-1'), melding('E-2')].map((e) => JSON.stringify(e)).join('\n'))], { VT_EVENT_STORE: store });
    const run = await runCli(['erase', '--org', 'VTIJ', '--case', 'E-1'], { VT_EVENT_STORE: store });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ organisation: 'VTIJ', eventsErased: 2 });
    expect(await countEvents(store, ['E-1'])).toBe(0);
    expect(await countEvents(store, ['E-2'])).toBe(1);
  }, 60_000);

  it('exits 2 for an unknown organisation or a malformed case id', async () => {
    expect((await runCli(['erase', '--org', 'NOPE', '--case', 'E-1'], { VT_EVENT_STORE: freshStore() })).code).toBe(2);
    expect((await runCli(['erase', '--org', 'VTIJ', '--case', 'a b'], { VT_EVENT_STORE: freshStore() })).code).toBe(2);
    expect((await runCli(['erase', '--org', 'VTIJ'], { VT_EVENT_STORE: freshStore() })).code).toBe(2);
    // No case id has the shape of a BSN (events.md): such an argument is a mistake, not an id.
    const bsn = await runCli(['erase', '--org', 'VTIJ', '--case', '123456782'], { VT_EVENT_STORE: freshStore() });
    expect([bsn.code, bsn.stderr]).toEqual([2, expect.stringContaining('not be exactly nine digits')]);
    expect(bsn.stderr).not.toContain('123456782');
    // Given twice, the second would have been erased alone.
    expect((await runCli(['erase', '--org', 'VTIJ', '--case', 'E-1', '--case', 'E-2'], { VT_EVENT_STORE: freshStore() })).stderr).toContain('--case: given twice');
  }, 60_000);
});

describe('vt-monitor output through a pipe', () => {
  it('writes all of a summary larger than a pipe holds (64 KiB) before it exits, also to a reader that waits', async () => {
    // 3,000 records without a caseId: a summary of some 200 KB listing every problem, exit 2.
    const lines = Array.from({ length: 3000 }, (_, i) => {
      const { caseId: _caseId, ...rest } = melding(`P-${i}`);
      return JSON.stringify(rest);
    });
    const file = write('many-problems.ndjson', lines.join('\n'));
    const child = spawn(process.execPath, [BIN, 'import', file], { env: { ...process.env, NODE_OPTIONS: '', VT_EVENT_STORE: freshStore() } });
    // The reader takes its time (as `| (sleep 1; jq …)` would): a process that exits without waiting
    // for the pipe leaves all but its first 64 KiB unwritten.
    child.stdout.pause();
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stdout.resume();
    expect(await exited).toBe(2);
    expect(stdout.length).toBeGreaterThan(65_536);
    const summary = JSON.parse(stdout) as { rejected: number; problems: unknown[] };
    expect(summary.rejected).toBe(3000);
    expect(summary.problems).toHaveLength(3000);
  });
});
