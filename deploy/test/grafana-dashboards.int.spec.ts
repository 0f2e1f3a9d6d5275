import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsonata from 'jsonata';
import { parse as parseYaml } from 'yaml';
import { startService, type RunningService } from '../../apps/service/src/start-service';
import { createTestDatabase, describeWithPostgres } from '../../test/support/services';

/**
 * The Grafana dashboards of deploy/grafana/dashboards against the real service: every panel uses a
 * provisioned datasource; every Prometheus query names metrics (and labels) that a running
 * vt-monitor exposes and is valid PromQL (promtool); every Infinity query is a route the service
 * answers with the provisioned kind of token, and its JSONata selector finds rows with the declared
 * columns in the service's answer.
 */
const root = join(__dirname, '..', '..');
const dashboardsDir = join(root, 'deploy', 'grafana', 'dashboards');
const files = readdirSync(dashboardsDir).filter((f) => f.endsWith('.json'));
const dashboards = files.map((file) => ({ file, json: JSON.parse(readFileSync(join(dashboardsDir, file), 'utf8')) }));
const provisioned = parseYaml(readFileSync(join(root, 'deploy', 'grafana', 'provisioning', 'datasources', 'datasources.yml'), 'utf8')) as {
  datasources: { uid: string; type: string; url: string; jsonData?: Record<string, unknown> }[];
};
const hasPromtool = spawnSync('promtool', ['--version']).status === 0;
if (!hasPromtool && process.env.REQUIRE_SERVICES === '1') throw new Error('REQUIRE_SERVICES=1 but promtool is not installed (apt-get install prometheus)');

interface Target {
  refId: string;
  datasource?: { uid: string; type: string };
  expr?: string;
  url?: string;
  root_selector?: string;
  columns?: { selector: string; text: string; type: string }[];
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { uid: string; type: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets: Target[];
}
const panelsOf = (d: { panels: Panel[] }) => d.panels;
/** The PromQL of a dashboard's Prometheus annotations (events drawn over the panels). */
const annotationExprsOf = (d: { annotations?: { list: { datasource?: { type: string }; expr?: string }[] } }) =>
  (d.annotations?.list ?? []).filter((a) => a.datasource?.type === 'prometheus' && a.expr).map((a) => a.expr!);
const targetsOf = (p: Panel) => p.targets.map((t) => ({ ...t, datasource: t.datasource ?? p.datasource! }));

/** Grafana's variables as a user would pick them: VTIJ, 2024, the time range ending now. */
function substitute(text: string, now: Date): string {
  return text
    .replace(/\$\{__to:date:iso\}/g, now.toISOString())
    .replace(/\$\{organisation\}|\$organisation\b/g, 'VTIJ')
    .replace(/\$\{jaar\}|\$jaar\b/g, '2024')
    .replace(/\$__rate_interval\b/g, '5m');
}

describe('Grafana dashboards (static)', () => {
  it('are the four dashboards, each valid Grafana JSON with unique uid, panel ids and refIds, laid out on the 24-column grid', () => {
    expect(files.sort()).toEqual(['doorlooptijden.json', 'gemeenten.json', 'tijdig-per-kwartaal.json', 'wachtlijst-live.json']);
    expect(new Set(dashboards.map((d) => d.json.uid)).size).toBe(dashboards.length);
    for (const { file, json } of dashboards) {
      expect({ file, uid: typeof json.uid, title: typeof json.title, schemaVersion: json.schemaVersion, timezone: json.timezone }).toEqual({ file, uid: 'string', title: 'string', schemaVersion: 39, timezone: 'Europe/Amsterdam' });
      const panels = panelsOf(json);
      expect(panels.length).toBeGreaterThan(0);
      expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
      for (const p of panels) {
        expect(p.title).toBeTruthy();
        expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
        expect(p.targets.length).toBeGreaterThan(0);
        expect(new Set(p.targets.map((t) => t.refId)).size).toBe(p.targets.length);
      }
    }
  });

  it('use only provisioned datasources (by uid and type), and only the variables they define', () => {
    const byUid = new Map(provisioned.datasources.map((d) => [d.uid, d.type]));
    for (const { file, json } of dashboards) {
      const refs: { uid: string; type: string }[] = [];
      JSON.stringify(json, (key, value) => {
        if (key === 'datasource' && value && typeof value === 'object') refs.push(value);
        return value;
      });
      for (const ref of refs) expect({ file, uid: ref.uid, type: byUid.get(ref.uid) }).toEqual({ file, uid: ref.uid, type: ref.type });
      const defined = new Set<string>((json.templating?.list ?? []).map((v: { name: string }) => v.name));
      // Where Grafana substitutes variables (JSONata selectors have $functions of their own).
      const texts = [json.title, ...panelsOf(json).flatMap((p) => [p.title, ...p.targets.flatMap((t) => [t.expr ?? '', t.url ?? ''])])];
      const used = texts.flatMap((t) => [...t.matchAll(/\$\{?([A-Za-z_]\w*)/g)].map((m) => m[1])).filter((n) => !n.startsWith('__'));
      expect(used.length).toBeGreaterThan(0);
      for (const name of used) expect({ file, variable: name, defined: defined.has(name) }).toEqual({ file, variable: name, defined: true });
    }
  });

  it('has norm lines at 80% and 90% on the tijdig panels', () => {
    for (const { json } of dashboards) {
      for (const p of panelsOf(json).filter((x) => /tijdig/i.test(x.title) && x.type !== 'table' && x.type !== 'stat')) {
        const defaults = (p as unknown as { fieldConfig: { defaults: { thresholds: { steps: { value: number | null }[] }; custom?: { thresholdsStyle?: { mode: string } } } } }).fieldConfig.defaults;
        expect(defaults.custom?.thresholdsStyle?.mode).toBe('dashed');
        const steps = defaults.thresholds.steps.map((s) => s.value).filter((v) => v !== null);
        expect(steps.some((v) => v === 80 || v === 90 || v === 0.8 || v === 0.9)).toBe(true);
      }
    }
  });

  it('provision Infinity with the service URL and a bearer token, and docker-compose installs the plugin and passes the token', () => {
    const infinity = provisioned.datasources.find((d) => d.type === 'yesoreyeram-infinity-datasource')!;
    expect(infinity.url).toBe('http://vt-monitor:3000');
    expect(infinity.jsonData).toMatchObject({ auth_method: 'bearerToken', allowedHosts: ['http://vt-monitor:3000'] });
    const compose = parseYaml(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as { services: Record<string, { environment?: Record<string, string>; volumes?: string[] }> };
    expect(compose.services.grafana.environment).toMatchObject({ GF_INSTALL_PLUGINS: expect.stringContaining('yesoreyeram-infinity-datasource'), VT_GRAFANA_READ_TOKEN: expect.any(String) });
    expect(compose.services.grafana.volumes).toContain('./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro');
    const tokens = JSON.parse(readFileSync(join(root, 'deploy', 'api-tokens.example.json'), 'utf8')).tokens as { token: string; role: string }[];
    expect(tokens).toContainEqual(expect.objectContaining({ token: compose.services.grafana.environment!.VT_GRAFANA_READ_TOKEN, role: 'read' }));
  });

  (hasPromtool ? it : it.skip)('has only valid PromQL (promtool check rules on every query)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vt-dash-promql-'));
    try {
      const rules = dashboards.flatMap(({ json }) => [...panelsOf(json).flatMap((p) => targetsOf(p).filter((t) => t.expr).map((t) => t.expr!)), ...annotationExprsOf(json)].map((expr) => substitute(expr, new Date())));
      expect(rules.length).toBeGreaterThan(10);
      const file = join(dir, 'dashboard-queries.yml');
      writeFileSync(file, JSON.stringify({ groups: [{ name: 'dashboards', rules: rules.map((expr, i) => ({ record: `dashboard:query_${i}`, expr })) }] }));
      expect(execFileSync('promtool', ['check', 'rules', file], { encoding: 'utf8' })).toContain(`SUCCESS: ${rules.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const READ_TOKEN = 'dashboard-test-read-token';
const INGEST_TOKEN = 'dashboard-test-ingest-token';

describeWithPostgres('Grafana dashboards against a running vt-monitor', () => {
  let service: RunningService;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let metricsText: string;
  const tmp = mkdtempSync(join(tmpdir(), 'vt-dash-'));
  const now = new Date();

  beforeAll(async () => {
    db = await createTestDatabase();
    const tokensFile = join(tmp, 'tokens.json');
    writeFileSync(tokensFile, JSON.stringify({ tokens: [{ name: 'grafana', token: READ_TOKEN, role: 'read', organisations: '*' }, { name: 'ingest', token: INGEST_TOKEN, role: 'ingest', organisations: '*' }] }));
    service = await startService({ port: 0, host: '127.0.0.1', storeUrl: db.url, tokensFile, logger: false });
    const ev = (caseId: string, type: string, occurredAt: string, data: Record<string, unknown> = {}) => ({ id: randomUUID(), type, organisation: 'VTIJ', caseId, occurredAt, data });
    const melding = (caseId: string, occurredAt: string, gemeente: string) => ev(caseId, 'MeldingOntvangen', occurredAt, { gemeente, melder: { soort: 'beroepsmatig', groep: 'onderwijs' }, aard: ['kindermishandeling'], crisis: false });
    const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();
    // Clock stops a minute or two ago fall in the current quarter, whatever day the test runs.
    const minutesAgo = (n: number) => new Date(now.getTime() - n * 60_000).toISOString();
    const events = [
      // 2024: a case through triage, onderzoek and transfer, an advice request, a huisverbod.
      melding('D-1', '2024-02-05T10:00:00+01:00', 'GM0193'),
      ev('D-1', 'EersteContactGelegd', '2024-02-07T10:00:00+01:00'),
      ev('D-1', 'VeiligheidsbeoordelingAfgerond', '2024-02-08T10:00:00+01:00', { conclusie: 'structurele_onveiligheid' }),
      ev('D-1', 'TriagebesluitGenomen', '2024-02-09T10:00:00+01:00', { besluit: 'vervolgstappen_veilig_thuis', dienst: 'onderzoek' }),
      ev('D-1', 'TijdelijkHuisverbodOpgelegd', '2024-02-09T11:00:00+01:00'),
      ev('D-1', 'DienstGestart', '2024-02-20T10:00:00+01:00', { dienst: 'onderzoek' }),
      ev('D-1', 'DienstAfgerond', '2024-04-10T10:00:00+02:00', { dienst: 'onderzoek' }),
      ev('D-1', 'OverdrachtGedaan', '2024-04-11T10:00:00+02:00', { soort: 'na_actieve_betrokkenheid', partij: 'sociaal_team' }),
      melding('D-2', '2024-05-06T10:00:00+02:00', 'GM0166'),
      ev('D-2', 'TriagebesluitGenomen', '2024-05-08T10:00:00+02:00', { besluit: 'vervolgstappen_veilig_thuis', dienst: 'voorwaarden_en_vervolg' }),
      ev('D-2', 'DienstGestart', '2024-05-13T10:00:00+02:00', { dienst: 'voorwaarden_en_vervolg' }),
      ev('D-2', 'DienstAfgerond', '2024-08-30T10:00:00+02:00', { dienst: 'voorwaarden_en_vervolg' }),
      ev('A-1', 'AdviesvraagOntvangen', '2024-03-01T10:00:00+01:00', { gemeente: 'GM0150', vrager: { soort: 'particulier', groep: 'familielid' }, aard: ['partnergeweld'] }),
      // Now: a case waiting for triage past its term, one whose clocks stopped this quarter, one in a dienst.
      melding('N-1', daysAgo(30), 'GM0150'),
      melding('N-2', daysAgo(12), 'GM0193'),
      ev('N-2', 'EersteContactGelegd', minutesAgo(3)),
      ev('N-2', 'TriagebesluitGenomen', minutesAgo(2), { besluit: 'overdracht' }),
      melding('N-3', daysAgo(40), 'GM0166'),
      ev('N-3', 'TriagebesluitGenomen', daysAgo(35), { besluit: 'vervolgstappen_veilig_thuis', dienst: 'onderzoek' }),
      ev('N-3', 'DienstGestart', daysAgo(20), { dienst: 'onderzoek' }),
    ];
    const res = await fetch(`${service.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${INGEST_TOKEN}` }, body: JSON.stringify(events) });
    expect(res.status).toBe(200);
    await service.runner.waitUntilCaughtUp();
    metricsText = await (await fetch(`${service.url}/metrics`)).text();
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await db?.drop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('queries in Prometheus only metrics the service exposes, with labels those metrics carry', () => {
    const exposed = new Map<string, Set<string>>();
    for (const [, name, type] of metricsText.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      for (const n of type === 'histogram' ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name]) exposed.set(n, new Set());
    }
    for (const [, name, labels] of metricsText.matchAll(/^([a-zA-Z_:][\w:]*)\{([^}]*)\}/gm)) for (const [, label] of labels.matchAll(/(\w+)="/g)) exposed.get(name)?.add(label);
    let checked = 0;
    for (const { file, json } of dashboards) {
      for (const p of panelsOf(json)) {
        for (const t of targetsOf(p).filter((x) => x.expr)) {
          for (const [, metric, selector] of t.expr!.matchAll(/\b(vt_\w+)(?:\{([^}]*)\})?/g)) {
            expect({ file, panel: p.title, metric, exposed: exposed.has(metric) }).toEqual({ file, panel: p.title, metric, exposed: true });
            for (const [, label] of (selector ?? '').matchAll(/(\w+)\s*(?:=~|!=|!~|=)/g)) {
              expect({ file, metric, label, carried: exposed.get(metric)!.has(label) }).toEqual({ file, metric, label, carried: true });
            }
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
    // The annotation that marks a rebuild (the gauges repeat their last values meanwhile).
    const annotations = dashboards.flatMap(({ file, json }) => annotationExprsOf(json).map((expr) => ({ file, expr })));
    expect(annotations).toContainEqual({ file: 'wachtlijst-live.json', expr: expect.stringContaining('vt_read_models_rebuilding') });
    for (const { file, expr } of annotations) {
      for (const [, metric] of expr.matchAll(/\b(vt_\w+)/g)) expect({ file, annotation: expr, metric, exposed: exposed.has(metric) }).toEqual({ file, annotation: expr, metric, exposed: true });
    }
  });

  it('calls in Infinity only routes the service answers with a read token, and each selector finds rows with the declared columns', async () => {
    const infinityUrl = provisioned.datasources.find((d) => d.type === 'yesoreyeram-infinity-datasource')!.url;
    let checked = 0;
    for (const { file, json } of dashboards) {
      for (const p of panelsOf(json)) {
        const targets = targetsOf(p).filter((t) => t.datasource.type === 'yesoreyeram-infinity-datasource');
        if (targets.length === 0) continue;
        const rows: Record<string, unknown>[] = [];
        for (const t of targets) {
          expect(t.url!.startsWith('/api/v1/')).toBe(true);
          const url = `${service.url}${substitute(t.url!, now)}`;
          expect(`${infinityUrl}${t.url}`).toMatch(/^http:\/\/vt-monitor:3000\/api\/v1\/organisations\/\$\{organisation\}\//);
          const res = await fetch(url, { headers: { authorization: `Bearer ${READ_TOKEN}` } });
          expect({ file, panel: p.title, url, status: res.status }).toEqual({ file, panel: p.title, url, status: 200 });
          const result = await jsonata(t.root_selector!).evaluate(await res.json());
          rows.push(...(result === undefined ? [] : Array.isArray(result) ? result : [result]));
          checked++;
        }
        // Every declared column has a value of its type in some row of the panel.
        const columns = targets.flatMap((t) => t.columns!);
        for (const c of columns) {
          const values = rows.map((r) => c.selector.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], r));
          const typed = values.filter((v) => (c.type === 'number' ? typeof v === 'number' : typeof v === 'string'));
          expect({ file, panel: p.title, column: c.text, found: typed.length > 0 }).toEqual({ file, panel: p.title, column: c.text, found: true });
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
    // Without a token the API refuses, so Grafana's datasource needs the one provisioned.
    expect((await fetch(`${service.url}${substitute('/api/v1/organisations/${organisation}/indicators?period=${jaar}', now)}`)).status).toBe(401);
  });
});
