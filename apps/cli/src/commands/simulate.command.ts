import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { createEventStore, StoreUnavailableError, type EventStore } from '../../../../libs/event-store/src';
import type { VtEvent } from '../../../../libs/events/src';
import { SEEDED_ORGANISATIONS } from '../../../../seeds/src';
import { CaseSimulator, organisationRhythm } from '../../../../seeds/src/simulation';
import { CliError, EXIT } from '../exit-codes';
import { shownOrganisation } from '../assert-organisation';

/** Largest batch in one request or transaction. */
const MAX_BATCH = 2000;
/** Without one successful send for this long after the start, the target is taken as unreachable. */
const FIRST_SEND_PATIENCE_MS = 15_000;

/** A failure worth retrying with the same events (their ids make a second send a duplicate). */
class TransientError extends Error {}

interface Target {
  describe: string;
  send(events: VtEvent[]): Promise<{ appended: number; duplicates: number }>;
  close(): Promise<void>;
}

/** POST /api/v1/events of a running service: one request is one transaction. */
function httpTarget(url: string, token: string | undefined): Target {
  const endpoint = `${url.replace(/\/+$/, '')}/api/v1/events`;
  return {
    describe: endpoint,
    async send(events) {
      let res: Response;
      try {
        res = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(events),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (err) {
        throw new TransientError(`${endpoint}: ${(err as Error).message}`);
      }
      const body = await res.text();
      if (res.status === 200) return JSON.parse(body) as { appended: number; duplicates: number };
      if (res.status >= 500 || res.status === 429) throw new TransientError(`${endpoint}: HTTP ${res.status}`);
      if (res.status === 401 || res.status === 403) throw new CliError(`${endpoint}: HTTP ${res.status}: give a token with the ingest role for this organisation (--token or VT_API_TOKEN)`);
      throw new CliError(`${endpoint}: HTTP ${res.status}: ${body.slice(0, 500)}`);
    },
    close: async () => undefined,
  };
}

/** Appends straight into the event store of VT_EVENT_STORE (not while `serve` holds an embedded store). */
async function directTarget(): Promise<Target> {
  const store: EventStore = await createEventStore();
  return {
    describe: `the event store (${store.kind})`,
    async send(events) {
      try {
        return await store.appendBatch(events);
      } catch (err) {
        if (err instanceof StoreUnavailableError) throw new TransientError(err.message);
        throw err;
      }
    },
    close: () => store.close(),
  };
}

/** `30`, `30s`, `5m`, `2h` → milliseconds. */
function parseDuration(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!m) throw new CliError(`--duration: "${value}" is not a duration such as 30s, 5m or 2h`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
}

function positive(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new CliError(`${name}: "${value}" is not a positive number`);
    return n;
  };
}

interface SimulateOptions {
  org: string;
  speed: number;
  seed?: string;
  url: string;
  token?: string;
  direct?: boolean;
  duration?: string;
  events?: number;
  interval: number;
}

/**
 * `vt-monitor simulate --org ORG --speed N`: new cases in real time, following the organisation's
 * seeded rhythm (seeds/src/simulation), sent to a running service (default) or the store
 * (`--direct`). Runs until --duration, --events or SIGINT/SIGTERM; prints a JSON summary on stdout.
 */
function isHttpAddress(url: string): boolean {
  try {
    return /^https?:$/.test(new URL(url).protocol);
  } catch {
    return false;
  }
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('generate new cases in real time from an organisation\'s seeded rhythm (demonstrations and load)')
    .requiredOption('--org <org>', `the organisation (${SEEDED_ORGANISATIONS.join(', ')})`)
    .option('--speed <n>', 'N times the seeded rate of new cases, and every delay within a case divided by N', positive('--speed'), 1)
    .option('--seed <seed>', 'seed of the random choices (default: a random one, printed in the summary)')
    .option('--url <url>', 'the running service to POST to', 'http://127.0.0.1:3000')
    .option('--token <token>', 'API token with the ingest role (default: VT_API_TOKEN)')
    .option('--direct', 'append to the event store of VT_EVENT_STORE instead of a running service')
    .option('--duration <d>', 'stop after this long (30s, 5m, 2h)')
    .option('--events <n>', 'stop after sending this many events', positive('--events'))
    .option('--interval <ms>', 'how often due events are sent', positive('--interval'), 250)
    .action(async (opts: SimulateOptions) => {
      if (!(SEEDED_ORGANISATIONS as readonly string[]).includes(opts.org)) throw new CliError(`--org: no seeded rhythm for ${shownOrganisation(opts.org)}; seeded are ${SEEDED_ORGANISATIONS.join(', ')}`);
      if (!opts.direct && !isHttpAddress(opts.url)) throw new CliError('--url: not an http:// or https:// address of the service (for example http://127.0.0.1:3000)');
      const durationMs = opts.duration !== undefined ? parseDuration(opts.duration) : Infinity;
      const maxEvents = opts.events ?? Infinity;
      const seed = opts.seed ?? randomBytes(4).toString('hex');
      const rhythm = organisationRhythm(opts.org);
      const target = opts.direct ? await directTarget() : httpTarget(opts.url, opts.token ?? process.env.VT_API_TOKEN);
      const startedAt = Date.now();
      const sim = new CaseSimulator(rhythm, { speed: opts.speed, seed, startMs: startedAt });
      process.stderr.write(`simulate: ${opts.org} at ${opts.speed}× its seeded ${rhythm.year} rhythm (seed ${seed}, cases ${opts.org}-…-S${sim.runKey}-…) into ${target.describe}; Ctrl-C stops\n`);

      let stopping = false;
      const stop = () => (stopping = true);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const summary = { appended: 0, duplicates: 0, sent: 0, retries: 0 };
      const byType: Record<string, number> = {};
      let backlog: VtEvent[] = [];
      let lastProgress = startedAt;
      let lastWarning = 0;
      const progressEvery = Number(process.env.VT_PROGRESS_INTERVAL_MS ?? 5000);
      try {
        while (!stopping) {
          const now = Date.now();
          if (now - startedAt >= durationMs) break;
          backlog.push(...sim.advance(now));
          while (backlog.length > 0 && summary.sent < maxEvents) {
            const batch = backlog.slice(0, Math.min(MAX_BATCH, maxEvents - summary.sent));
            try {
              const result = await target.send(batch);
              summary.appended += result.appended;
              summary.duplicates += result.duplicates;
              summary.sent += batch.length;
              for (const e of batch) byType[e.type] = (byType[e.type] ?? 0) + 1;
              backlog = backlog.slice(batch.length);
            } catch (err) {
              if (!(err instanceof TransientError)) throw err;
              if (summary.sent === 0 && Date.now() - startedAt > FIRST_SEND_PATIENCE_MS) throw new CliError(`could not send: ${err.message}`, EXIT.unavailable);
              summary.retries++;
              if (Date.now() - lastWarning > 5000) {
                process.stderr.write(`simulate: ${err.message}; retrying (the same event ids: nothing is doubled)\n`);
                lastWarning = Date.now();
              }
              break;
            }
          }
          if (summary.sent >= maxEvents) break;
          if (Date.now() - lastProgress >= progressEvery) {
            lastProgress = Date.now();
            process.stderr.write(`simulate: ${sim.casesStarted} cases begun, ${summary.sent} events sent (${summary.appended} new), ${sim.openCases} cases running\n`);
          }
          await sleep(opts.interval);
        }
      } finally {
        process.removeListener('SIGINT', stop);
        process.removeListener('SIGTERM', stop);
        await target.close();
      }
      // Events left due and unsent because the target failed: nothing lost here, but say so.
      if (backlog.length > 0 && summary.sent < maxEvents) process.exitCode = EXIT.unavailable;
      process.stdout.write(
        `${JSON.stringify({
          organisation: opts.org,
          seed,
          runKey: sim.runKey,
          speed: opts.speed,
          seconds: Math.round((Date.now() - startedAt) / 100) / 10,
          cases: sim.casesStarted,
          events: summary.sent,
          appended: summary.appended,
          duplicates: summary.duplicates,
          byType,
          // Due but not sent (a limit or an unreachable target), and not yet due when it stopped.
          unsent: backlog.length,
          notYetDue: sim.pendingEvents,
          casesRunning: sim.openCases,
          retries: summary.retries,
        })}\n`,
      );
    });
}
