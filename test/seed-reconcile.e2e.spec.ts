import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/cli';
import { createTestDatabase, describeWithPostgres } from './support/services';

/**
 * The seeded history, replayed through the real store, runner and read models, reproduces every
 * published figure (reference/published-figures.json). PostgreSQL here for speed; the read-model
 * tests show the embedded store computes the same rows.
 */
describeWithPostgres('vt-monitor seed and reconcile on a fresh store', () => {
  let drop: () => Promise<void>;
  let store: string;
  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    store = db.url;
  });
  afterAll(() => drop());

  it('seeds every year, and a second seed appends nothing', async () => {
    const first = await runCli(['seed'], { VT_EVENT_STORE: store }, 240_000);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary.appended).toBeGreaterThan(200_000);
    expect(summary.duplicates).toBe(0);
    expect(summary.sets.map((s: { organisation: string; year: number }) => `${s.organisation} ${s.year}`)).toEqual(
      expect.arrayContaining(['VTIJ 2014', 'VTIJ 2015', 'VTIJ 2019', 'VTIJ 2020', 'VTIJ 2023', 'VTIJ 2024', 'VTNOG 2023', 'VTNOG 2024', 'VTNOG 2025']),
    );
    const again = await runCli(['seed', '--org', 'VTIJ', '--year', '2024'], { VT_EVENT_STORE: store }, 240_000);
    expect(JSON.parse(again.stdout)).toMatchObject({ appended: 0 });
    // A year without seeds is an error (exit 2, nothing on stdout), not an empty success.
    for (const args of [['--year', '1990'], ['--org', 'VTNOG', '--year', '2019']]) {
      const none = await runCli(['seed', ...args], { VT_EVENT_STORE: store });
      expect([args.join(' '), none.code, none.stdout]).toEqual([args.join(' '), 2, '']);
      expect(none.stderr).toMatch(/--year: no seeds for (1990|2019); seeded years are /);
    }
    // reconcile names what it has figures for.
    const unknownOrg = await runCli(['reconcile', '--org', 'VTXX'], { VT_EVENT_STORE: store });
    expect([unknownOrg.code, unknownOrg.stderr]).toEqual([2, expect.stringContaining('--org: no published figures for "VTXX"; there are figures for VTIJ, VTNOG')]);
    const unknownYear = await runCli(['reconcile', '--org', 'VTNOG', '--year', '2015'], { VT_EVENT_STORE: store });
    expect([unknownYear.code, unknownYear.stderr]).toEqual([2, expect.stringContaining('--year: no published figures of VTNOG for 2015; there are figures for 2023, 2024, 2025')]);
    // One year without figures among others is refused too, not left out in silence.
    const mixed = await runCli(['reconcile', '--org', 'VTIJ', '--year', '2024', '--year', '2099'], { VT_EVENT_STORE: store });
    expect([mixed.code, mixed.stdout, mixed.stderr]).toEqual([2, '', expect.stringContaining('--year: no published figures of VTIJ for 2099')]);
  }, 300_000);

  it('reconciles every published row within its tolerance (exit 0), citing its source', async () => {
    const run = await runCli(['reconcile', '--format', 'json'], { VT_EVENT_STORE: store }, 300_000);
    const result = JSON.parse(run.stdout);
    const off = result.rows.filter((r: { ok: boolean }) => !r.ok);
    expect(off).toEqual([]);
    expect(result.summary).toMatchObject({ total: 501, ok: 501, failed: 0 });
    expect(result.rows.every((r: { source: string }) => /^\d{3}_[0-9a-f]+\.txt:\d+/.test(r.source))).toBe(true);
    expect(run.code).toBe(0);
  }, 300_000);

  it('gives no data-quality complaint for any seeded case', async () => {
    for (const org of ['VTIJ', 'VTNOG']) {
      const quality = JSON.parse((await runCli(['data-quality', '--org', org], { VT_EVENT_STORE: store })).stdout);
      expect([org, quality.kinds]).toEqual([org, []]);
    }
  }, 120_000);

  it('exits 1 when a row falls outside its tolerance', async () => {
    // One melding more in VTIJ's 2024 breaks a zero-tolerance row.
    const file = join(mkdtempSync(join(tmpdir(), 'vt-extra-')), 'extra.ndjson');
    writeFileSync(file, JSON.stringify({ id: randomUUID(), type: 'MeldingOntvangen', organisation: 'VTIJ', caseId: 'EXTRA-1', occurredAt: '2024-05-01T10:00:00+02:00', data: { gemeente: 'GM0193', melder: { soort: 'particulier', groep: 'buurtbewoner' }, aard: ['partnergeweld'], crisis: false } }));
    expect((await runCli(['import', file], { VT_EVENT_STORE: store })).code).toBe(0);
    const run = await runCli(['reconcile', '--org', 'VTIJ', '--year', '2024', '--format', 'json'], { VT_EVENT_STORE: store }, 300_000);
    expect(run.code).toBe(1);
    const off = JSON.parse(run.stdout).rows.filter((r: { ok: boolean }) => !r.ok);
    expect(off).toContainEqual(expect.objectContaining({ organisation: 'VTIJ', period: '2024', key: 'meldingen', by: {}, published: 2492, computed: 2493 }));
  }, 300_000);
});
