import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { CatchUpSubscription, START, type EventStore, type Position, type SqlClient } from '../../event-store/src';
import type { ProjectionConfig } from '../../projections/src';
import { applyEvents } from './apply-events';
import { readCheckpoint, REBUILDING, UnfinishedRebuildError } from './checkpoint';
import { rebuildRunning } from './read-model-lock';
import { rebuildIfNothingApplied } from './rebuild';
import { assertReadModelsOfTheseSettings, markReadModelsOfAnotherFold, ReadModelSettingsError } from './fold-version';
import { detectCaseEventSource, type CaseEventSource } from './schema';

export interface ProjectionRunnerOptions {
  /** Events per page of the subscription (default 2,000). */
  pageSize?: number;
  /**
   * With nothing applied yet and at least this many events in the log (default 20,000), the
   * runner first rebuilds the read models in bulk, then follows the log from the rebuild's
   * checkpoint. Smaller logs are applied page by page.
   */
  bulkFromEvents?: number;
  /**
   * On a database server: how often a runner that follows the log looks for read models a rebuild
   * in another process left half-way (killed, its server connection lost) when no page comes to
   * find them (default 5,000 ms). It rebuilds them, unless a rebuild still runs.
   */
  watchIntervalMs?: number;
}

/**
 * Keeps the read models up to date from the store's checkpointed subscription (not from an
 * in-memory event bus, which loses events on a crash). Resumes from the saved checkpoint.
 * Emits `applied` with the events of each page once they are committed; `rebuilding` and
 * `rebuilt` around a rebuild in bulk: at a first start on a long log, and whenever it finds the
 * read models left incomplete by a rebuild that did not finish (then before it applies anything).
 */
export class ProjectionRunner extends EventEmitter {
  private subscription?: CatchUpSubscription;
  private starting?: Promise<void>;
  private stopped = false;
  private recovering = false;
  private looking = false;
  private rebuildingNow = false;
  /** Tells waiters that the subscription they wait on was stopped (a rebuild first, or stop()). */
  private readonly replacedSignal = new EventEmitter().setMaxListeners(0);
  private lastError?: string;
  private haltedBy?: string;
  private readonly pageSize: number;
  private readonly bulkFromEvents: number;
  private readonly watchIntervalMs: number;
  private watch?: NodeJS.Timeout;

  constructor(private readonly store: EventStore, private readonly db: SqlClient, private readonly config: ProjectionConfig, options: ProjectionRunnerOptions = {}) {
    super();
    this.pageSize = options.pageSize ?? 2000;
    this.bulkFromEvents = options.bulkFromEvents ?? 20_000;
    this.watchIntervalMs = options.watchIntervalMs ?? 5_000;
  }

  /**
   * Starts following the log. On a bulk start it returns at once; the rebuild runs in the
   * background (`caughtUp` stays false, `waitUntilCaughtUp` waits for it too).
   */
  async start(): Promise<this> {
    const from = await readCheckpoint(this.db);
    const source = await detectCaseEventSource(this.db);
    if (this.stopped) return this;
    if (from === REBUILDING || (from === START && source === 'log' && (await this.logHoldsAtLeast(this.bulkFromEvents)))) {
      this.starting = this.rebuildThenFollow(source);
    } else {
      this.follow(from, source);
    }
    // Only a server's read models can be rebuilt by another process (the embedded store is one).
    if (this.db.withSessionLock) this.watch = setInterval(() => void this.lookForUnfinishedRebuild(source), this.watchIntervalMs).unref();
    return this;
  }

  /**
   * While following the log: read models marked REBUILDING with no rebuild running were left by one
   * that died. A page would find them too, but only once an event comes: rebuild them now.
   */
  private async lookForUnfinishedRebuild(source: CaseEventSource): Promise<void> {
    if (!this.subscription || this.recovering || this.stopped || this.looking) return;
    this.looking = true;
    try {
      // Rows of another release's fold (its process rebuilt them, or an upgrade found them): marked here, rebuilt below.
      await markReadModelsOfAnotherFold(this.db, this.config);
      // Rebuilt by another process with other settings (VT_CONFIG): applying this process's fold
      // on top would mix two sets of terms. Stop following and say so (health, log) until restarted.
      if (await this.haltOnOtherSettings()) return;
      // Marked, then no rebuild holding the lock, then still marked (not one that just ended).
      const left = (await readCheckpoint(this.db)) === REBUILDING && !(await rebuildRunning(this.db)) && (await readCheckpoint(this.db)) === REBUILDING;
      if (left && this.subscription && !this.stopped) this.rebuildInstead(source);
    } catch {
      // The server is unreachable: the subscription reports that itself; look again next time.
    } finally {
      this.looking = false;
    }
  }

  /** Halts when the read models hold folds of other settings; says whether it did. */
  private async haltOnOtherSettings(): Promise<boolean> {
    try {
      await assertReadModelsOfTheseSettings(this.db, this.config);
      return false;
    } catch (err) {
      if (!(err instanceof ReadModelSettingsError)) throw err;
      await this.halt(err);
      return true;
    }
  }

  /** Stops following for good: the read models hold folds of other settings (see fold-version.ts). */
  private async halt(err: ReadModelSettingsError): Promise<void> {
    if (this.haltedBy) return;
    this.lastError = err.message;
    this.haltedBy = err.message;
    this.emit('error-state', err.message, err);
    await this.stop();
  }

  private async logHoldsAtLeast(n: number): Promise<boolean> {
    const [row] = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM vt_events LIMIT $1) AS s`, [n]);
    return (row?.n ?? 0) >= n;
  }

  /** Rebuilds (unless another process did meanwhile), then follows the log from there; on a failure, tries again (1 s, 2 s, … 30 s apart). */
  private async rebuildThenFollow(source: CaseEventSource): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        this.rebuildingNow = true;
        this.emit('rebuilding');
        const result = await rebuildIfNothingApplied(this.store, this.db, this.config);
        if (this.stopped) return;
        // Rebuilt by another process meanwhile (no result): perhaps with other settings, which no page would find before the watch.
        if (!result && (await this.haltOnOtherSettings())) {
          this.rebuildingNow = false;
          return;
        }
        this.follow(await readCheckpoint(this.db), source);
        this.lastError = undefined;
        this.rebuildingNow = false;
        this.emit('rebuilt', result);
        return;
      } catch (err) {
        this.rebuildingNow = false;
        this.lastError = (err as Error).message;
        this.emit('error-state', this.lastError, err);
        await sleep(Math.min(1000 * 2 ** attempt, 30_000));
      }
    }
  }

  /** A page (or the watch) found the read models incomplete (a rebuild elsewhere died half-way): stop following, rebuild, follow again. */
  private rebuildInstead(source: CaseEventSource): void {
    if (this.recovering) return;
    this.recovering = true;
    const subscription = this.subscription;
    this.subscription = undefined;
    this.replacedSignal.emit('replaced');
    // Not awaited here: the subscription stops once this page's handler has thrown.
    this.starting = (async () => {
      await subscription?.stop();
      await this.rebuildThenFollow(source);
      this.recovering = false;
    })();
  }

  private follow(from: Position, source: CaseEventSource): void {
    this.subscription = new CatchUpSubscription(this.store, {
      from,
      batchSize: this.pageSize,
      pollIntervalMs: 250,
      handle: async (events, checkpoint) => {
        try {
          await applyEvents(this.db, events, checkpoint, this.config, source, (a, b) => this.store.comparePositions(a, b));
        } catch (err) {
          if (err instanceof UnfinishedRebuildError) this.rebuildInstead(source);
          if (err instanceof ReadModelSettingsError) void this.halt(err);
          throw err;
        }
        this.lastError = undefined;
        this.emit('applied', events);
      },
      onError: (err) => {
        if (this.haltedBy) return; // said once, by halt()
        this.lastError = (err as Error).message;
        this.emit('error-state', this.lastError, err);
      },
    }).start();
  }

  /** True while the runner follows the log and has applied all of it (never once halted). */
  get caughtUp(): boolean {
    return !this.haltedBy && (this.subscription?.caughtUp ?? false);
  }

  /** True while this runner rebuilds the read models (from its 'rebuilding' to its 'rebuilt', or the 'error-state' of a failed attempt). */
  get rebuilding(): boolean {
    return this.rebuildingNow;
  }

  get position(): Position | undefined {
    return this.subscription?.position;
  }

  get error(): string | undefined {
    return this.lastError;
  }

  /** Why the runner stopped following the log by itself (read models folded with other settings), or undefined. */
  get halted(): string | undefined {
    return this.haltedBy;
  }

  /** Resolves when every event appended before the call has been applied; rejects once the runner is stopped. */
  async waitUntilCaughtUp(): Promise<void> {
    if (!this.subscription && !this.starting) throw new Error('the projection runner is not started');
    for (;;) {
      await this.starting;
      const subscription = this.subscription;
      if (this.stopped) throw new Error('the projection runner was stopped');
      if (!subscription) continue; // between a failed page and the rebuild it asked for
      // The subscription may be stopped and replaced (a rebuild first): then wait on the new one.
      let forget = () => {};
      const replaced = new Promise<'replaced'>((resolve) => {
        const done = () => resolve('replaced');
        this.replacedSignal.once('replaced', done);
        forget = () => this.replacedSignal.off('replaced', done);
      });
      try {
        if ((await Promise.race([subscription.waitUntilCaughtUp().then(() => 'caught up' as const), replaced])) === 'caught up') return;
      } finally {
        forget();
      }
    }
  }

  /**
   * Stops following the log. A rebuild in the background is not waited for: it goes on until it
   * is done or its connections close; one cut short leaves REBUILDING, and the next start rebuilds.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.watch);
    this.replacedSignal.emit('replaced');
    await this.subscription?.stop();
  }
}
