import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { periodOf, localDateOf, type TermDefinition } from '../../../../libs/calendar/src';
import { isServerUnreachable, type RecordedEvent } from '../../../../libs/event-store/src';
import { DIENSTEN } from '../../../../libs/events/src/enumerations';
import type { ProjectionConfig, ReportRow } from '../../../../libs/projections/src';
import { clockStopsBetween, readComplete, ReadModelSettingsError, ReadModelsRebuildingError, type ClockStopGroup, type ProjectionRunner, type ReadModel } from '../../../../libs/read-model/src';
import { listOrganisations } from '../../../../libs/reference/src/organisations';
import { clockStartOf, DAY_SECONDS, doorlooptijdBuckets, werkdagenToMeet } from './doorlooptijd-buckets';

interface OrgSnapshot {
  stock: ReportRow[];
  flows: ReportRow[];
  stops: ClockStopGroup[];
}

/**
 * How long a scrape waits for the read models, then for a trivial query, before it reports the
 * database out of reach: together under Prometheus's default scrape timeout (10 s).
 */
export const SNAPSHOT_LIMIT_MS = 6_000;
export const PROBE_LIMIT_MS = 1_500;

class SnapshotTimeoutError extends Error {}

function withinLimit<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new SnapshotTimeoutError(`no answer from the database within ${ms} ms`)), ms)));
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

function rowsOf(rows: ReportRow[], key: string, dims: string[]): ReportRow[] {
  return rows.filter((r) => r.key === key && Object.keys(r.by).length === dims.length && dims.every((d) => d in r.by));
}

/**
 * Prometheus metrics (base units, `_total` counters, ratios in 0..1). Stock gauges read the read
 * models at scrape time, so they are never stale (but during a rebuild, see below); labels are
 * bounded (organisation, fase, dienst, termijn, klok, type: never a case id).
 */
export class VtMetrics {
  readonly registry = new Registry();

  constructor(readModel: ReadModel, runner: ProjectionRunner, config: ProjectionConfig, now: () => Date = () => new Date()) {
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    const organisations = listOrganisations().map((o) => o.code);

    const applied = new Counter({ name: 'vt_events_ingested_total', help: 'Events this process followed into the read models since it started, per type; every replica counts each event of the log, also those another replica applied first', labelNames: ['organisation', 'type'], registers });
    let lastRecordedAt = 0;
    runner.on('applied', (events: RecordedEvent[]) => {
      for (const e of events) applied.inc({ organisation: e.organisation, type: e.type });
      lastRecordedAt = Date.parse(events[events.length - 1].recordedAt);
    });
    // Behind since when, as this process saw it: until it has applied an event (a first start's bulk
    // rebuild, a first page that keeps failing) the lag counts from when it was first seen behind,
    // so the lag alert fires for projections stuck from the start too, not only for ones that stall.
    let behindSince: number | undefined;
    new Gauge({
      name: 'vt_projection_lag_seconds',
      help: 'How far the projections are behind the event log: since the record time of the last event applied, or, before one is applied in this process, since they were first seen behind (0 when caught up, and while this process rebuilds the read models)',
      registers,
      collect() {
        const t = now().getTime();
        // While this runner rebuilds the read models the lag is not followed (0): vt_read_models_rebuilding
        // and its alert (VtHerbouwDuurtLang) cover that time, so the lag alert does not fire beside it.
        if (runner.caughtUp || runner.rebuilding) {
          behindSince = undefined;
          return this.set(0);
        }
        behindSince ??= t;
        this.set(Math.max(0, (t - (lastRecordedAt === 0 ? behindSince : lastRecordedAt)) / 1000));
      },
    });
    new Gauge({
      name: 'vt_projection_caught_up',
      help: '1 when the projections have read the whole event log',
      registers,
      collect() {
        this.set(runner.caughtUp ? 1 : 0);
      },
    });
    new Gauge({
      name: 'vt_projection_halted',
      help: '1 when the projections stopped for good: the read models were rebuilt by another process with other term settings (VT_CONFIG); restart with those settings, or rebuild with these',
      registers,
      collect() {
        this.set(runner.halted ? 1 : 0);
      },
    });
    new Gauge({
      name: 'vt_projection_checkpoint_timestamp_seconds',
      help: 'Record time of the last event the projections applied in this process (unix seconds; 0 until they apply one)',
      registers,
      collect() {
        this.set(lastRecordedAt / 1000);
      },
    });

    // One scrape reads each organisation's stocks now, and the flows and clock stops of the current
    // quarter, once; every gauge's and histogram's collect awaits the same snapshot (prom-client
    // collects metrics concurrently).
    // While a rebuild has the read models they hold part of the cases: the gauges then repeat the
    // last complete snapshot (none after a start that began with a rebuild), so that a rebuild
    // shows in Grafana and the alert rules as a pause, not as a waiting list that drops and climbs.
    let snapshot: { at: number; data: Promise<Map<string, OrgSnapshot>> } | undefined;
    let lastComplete: Map<string, OrgSnapshot> | undefined;
    let rebuilding = false;
    let databaseUp = true;
    let inflight: Promise<Map<string, OrgSnapshot>> | undefined;
    new Gauge({
      name: 'vt_database_up',
      help: '0 while the database of the read models cannot be reached (the figures are then left out, not repeated), else 1',
      registers,
      async collect() {
        await read();
        this.set(databaseUp ? 1 : 0);
      },
    });
    new Gauge({
      name: 'vt_read_models_rebuilding',
      help: '1 while the read models are being rebuilt from the log (the other vt_ gauges then repeat their last complete values)',
      registers,
      async collect() {
        await read();
        this.set(rebuilding ? 1 : 0);
      },
    });
    let probing: Promise<boolean> | undefined;
    /** Whether the database answers `SELECT 1` within PROBE_LIMIT_MS; one probe at a time. */
    const probe = (): Promise<boolean> => {
      probing ??= readModel.db
        .query('SELECT 1')
        .then(() => true)
        .finally(() => (probing = undefined));
      return withinLimit(probing, PROBE_LIMIT_MS).catch(() => false);
    };
    const read = () => {
      const t = now().getTime();
      if (!snapshot || t - snapshot.at > 1000) {
        const at = new Date(t).toISOString();
        const quarter = periodOf('quarter', localDateOf(at));
        // One read of the database at a time: a read that hangs (a server gone without a reset)
        // is waited for by later scrapes, not joined by more queries that hang too.
        inflight ??= readComplete(readModel.db, async () => {
          // All organisations from the same read models (the clock stops are read directly).
          const snapshotByOrg = new Map<string, OrgSnapshot>();
          for (const organisation of organisations) {
            const stock = (await readModel.queries.stockReport(organisation, at)).rows;
            const flows = (await readModel.queries.flowReport(organisation, quarter.label)).rows;
            const stops = await clockStopsBetween(readModel.db, organisation, quarter.from, quarter.to);
            snapshotByOrg.set(organisation, { stock, flows, stops });
          }
          return snapshotByOrg;
        }, readModel.settings)
          .then((byOrg) => {
            // Kept even when it came after the scrape gave up waiting (a slow database).
            lastComplete = byOrg;
            return byOrg;
          })
          .finally(() => (inflight = undefined));
        const pending = inflight;
        const data = (async () => {
          try {
            // A database that does not answer within the limit counts as out of reach, so that the
            // scrape still answers within Prometheus's timeout (10 s by default).
            const byOrg = await withinLimit(pending, SNAPSHOT_LIMIT_MS);
            rebuilding = false;
            databaseUp = true;
            lastComplete = byOrg;
            return byOrg;
          } catch (err) {
            // The database out of reach: /metrics still answers (the service is up, and says so:
            // `up` stays 1), with vt_database_up 0 and no figures, rather than a 500 for the scrape.
            if (isServerUnreachable(err)) {
              databaseUp = false;
              return new Map<string, OrgSnapshot>();
            }
            if (err instanceof SnapshotTimeoutError) {
              // Slow, or gone without a reset? A trivial query, under its own limit, tells them
              // apart: slow shows the last complete figures, gone shows none.
              databaseUp = await probe();
              return databaseUp ? (lastComplete ?? new Map<string, OrgSnapshot>()) : new Map<string, OrgSnapshot>();
            }
            // Rebuilt elsewhere with other term settings: no figures from this process (they are not
            // its settings'); vt_projection_halted and its alert follow once the runner halts.
            if (err instanceof ReadModelSettingsError) {
              databaseUp = true;
              rebuilding = false;
              lastComplete = undefined;
              return new Map<string, OrgSnapshot>();
            }
            if (!(err instanceof ReadModelsRebuildingError)) throw err;
            databaseUp = true;
            rebuilding = true;
            return lastComplete ?? new Map<string, OrgSnapshot>();
          }
        })();
        snapshot = { at: t, data };
        data.catch(() => (snapshot = undefined));
      }
      return snapshot.data;
    };
    const gauge = (name: string, help: string, labelNames: string[], fill: (set: (labels: Record<string, string>, v: number) => void, organisation: string, rows: OrgSnapshot) => void) =>
      new Gauge({
        name,
        help,
        labelNames,
        registers,
        async collect() {
          const data = await read();
          this.reset();
          for (const [organisation, rows] of data) fill((labels, v) => this.set(labels, v), organisation, rows);
        },
      });

    // Every fase and dienst has its series, 0 when nobody is in it: Grafana then shows 0 rather than
    // "No data", and an organisation whose list is empty stays in the dashboards' organisation list.
    gauge('vt_wachtlijst_cases', 'Cases on the waiting list now, per fase and dienst', ['organisation', 'fase', 'dienst'], (set, organisation, { stock }) => {
      for (const fase of ['triage', 'overdracht']) set({ organisation, fase, dienst: '' }, 0);
      for (const dienst of DIENSTEN) set({ organisation, fase: 'dienst', dienst }, 0);
      for (const r of rowsOf(stock, 'wachtlijst', ['fase'])) if (r.by.fase !== 'dienst') set({ organisation, fase: r.by.fase, dienst: '' }, r.value ?? 0);
      for (const r of rowsOf(stock, 'wachtlijst', ['fase', 'dienst'])) set({ organisation, fase: r.by.fase, dienst: r.by.dienst }, r.value ?? 0);
    });
    gauge('vt_wachtlijst_over_termijn_cases', 'Waiting cases past their term now', ['organisation', 'fase'], (set, organisation, { stock }) => {
      for (const fase of ['triage', 'dienst']) set({ organisation, fase }, 0);
      for (const r of rowsOf(stock, 'wachtlijst_over_termijn', ['fase'])) set({ organisation, fase: r.by.fase }, r.value ?? 0);
    });
    gauge('vt_wachtlijst_oldest_wait_seconds', 'How long the longest-waiting case of a fase has waited', ['organisation', 'fase'], (set, organisation, { stock }) => {
      for (const r of rowsOf(stock, 'wachttijd_dagen', ['fase', 'stat'])) if (r.by.stat === 'max') set({ organisation, fase: r.by.fase }, (r.value ?? 0) * DAY_SECONDS);
    });
    gauge('vt_open_diensten_cases', 'Diensten started and not yet afgerond', ['organisation', 'dienst'], (set, organisation, { stock }) => {
      for (const dienst of DIENSTEN) set({ organisation, dienst }, 0);
      for (const r of rowsOf(stock, 'open_diensten', ['dienst'])) set({ organisation, dienst: r.by.dienst }, r.value ?? 0);
    });
    gauge('vt_tijdig_ratio', 'Share of clock stops in time in the current quarter (0..1), per term and dienst clock', ['organisation', 'termijn', 'klok'], (set, organisation, { flows }) => {
      for (const r of flows) if (r.key === 'tijdig_pct' && r.denominator) set({ organisation, termijn: r.by.termijn, klok: r.by.klok ?? '' }, r.numerator! / r.denominator);
    });
    // Doorlooptijden of the current quarter's clock stops, rebuilt from the read models at each
    // scrape like the gauges above (so they survive restarts, replays and retractions): read them
    // directly, not with rate(). Whole calendar days as in doorlooptijd_dagen, so the bucket at a
    // term counts exactly its tijdig stops (see README, Metrics).
    const buckets = doorlooptijdBuckets(organisations.flatMap((o) => Object.values(config.termsFor(o))));
    const histogram = (name: string, help: string, bucketList: number[], observe: (organisation: string, stop: ClockStopGroup, add: (value: number) => void) => void) =>
      new Histogram({
        name,
        help,
        labelNames: ['organisation', 'termijn', 'klok'],
        buckets: bucketList,
        registers,
        async collect() {
          const data = await read();
          this.reset();
          for (const [organisation, { stops }] of data) {
            for (const stop of stops) {
              const labels = { organisation, termijn: stop.termijn, klok: stop.klok };
              observe(organisation, stop, (value) => {
                for (let i = 0; i < stop.count; i++) this.observe(labels, value);
              });
            }
          }
        },
      });
    histogram('vt_doorlooptijd_seconds', 'Doorlooptijd of the clock stops in the current quarter, in whole calendar days (x 86400), per term and dienst clock', buckets.seconds, (_organisation, stop, add) => add(stop.days * DAY_SECONDS));
    histogram('vt_doorlooptijd_werkdagen', 'Doorlooptijd of the current quarter\'s clock stops of terms counted in werkdagen: the shortest term in werkdagen each stop met', buckets.werkdagen, (organisation, stop, add) => {
      if ((config.termsFor(organisation) as Record<string, TermDefinition | undefined>)[stop.termijn]?.unit !== 'werkdagen') return;
      add(werkdagenToMeet(config.calendar, clockStartOf(stop.stopDate, stop.days), stop.stopDate));
    });
  }
}
