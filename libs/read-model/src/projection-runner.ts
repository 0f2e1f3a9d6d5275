import { EventEmitter } from 'node:events';
import { CatchUpSubscription, START, type EventStore, type Position, type SqlClient } from '../../event-store/src';
import type { ProjectionConfig } from '../../projections/src';
import { applyEvents } from './apply-events';
import { readCheckpoint } from './checkpoint';
import { rebuildIfNothingApplied } from './rebuild';
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
}

/**
 * Keeps the read models up to date from the store's checkpointed subscription (not from an
 * in-memory event bus, which loses events on a crash). Resumes from the saved checkpoint.
 * Emits `applied` with the events of each page once they are committed; `rebuilding` and
 * `rebuilt` around a bulk start.
 */
export class ProjectionRunner extends EventEmitter {
  private subscription?: CatchUpSubscription;
  private starting?: Promise<void>;
  private stopped = false;
  private lastError?: string;
  private readonly pageSize: number;
  private readonly bulkFromEvents: number;

  constructor(private readonly store: EventStore, private readonly db: SqlClient, private readonly config: ProjectionConfig, options: ProjectionRunnerOptions = {}) {
    super();
    this.pageSize = options.pageSize ?? 2000;
    this.bulkFromEvents = options.bulkFromEvents ?? 20_000;
  }

  /**
   * Starts following the log. On a bulk start it returns at once; the rebuild runs in the
   * background (`caughtUp` stays false, `waitUntilCaughtUp` waits for it too).
   */
  async start(): Promise<this> {
    const from = await readCheckpoint(this.db);
    const source = await detectCaseEventSource(this.db);
    if (from === START && source === 'log' && (await this.logHoldsAtLeast(this.bulkFromEvents))) {
      this.starting = this.rebuildThenFollow(source);
    } else {
      this.follow(from, source);
    }
    return this;
  }

  private async logHoldsAtLeast(n: number): Promise<boolean> {
    const [row] = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM vt_events LIMIT $1) AS s`, [n]);
    return (row?.n ?? 0) >= n;
  }

  private async rebuildThenFollow(source: CaseEventSource): Promise<void> {
    try {
      this.emit('rebuilding');
      const result = await rebuildIfNothingApplied(this.store, this.db, this.config);
      this.emit('rebuilt', result);
    } catch (err) {
      // Not fatal: the subscription below applies the log page by page from the checkpoint.
      this.lastError = (err as Error).message;
      this.emit('error-state', this.lastError);
    }
    if (!this.stopped) this.follow(await readCheckpoint(this.db), source);
  }

  private follow(from: Position, source: CaseEventSource): void {
    this.subscription = new CatchUpSubscription(this.store, {
      from,
      batchSize: this.pageSize,
      pollIntervalMs: 250,
      handle: async (events, checkpoint) => {
        await applyEvents(this.db, events, checkpoint, this.config, source);
        this.lastError = undefined;
        this.emit('applied', events);
      },
      onError: (err) => {
        this.lastError = (err as Error).message;
        this.emit('error-state', this.lastError);
      },
    }).start();
  }

  get caughtUp(): boolean {
    return this.subscription?.caughtUp ?? false;
  }

  get position(): Position | undefined {
    return this.subscription?.position;
  }

  get error(): string | undefined {
    return this.lastError;
  }

  /** Resolves when every event appended before the call has been applied. */
  async waitUntilCaughtUp(): Promise<void> {
    if (!this.subscription && !this.starting) throw new Error('the projection runner is not started');
    await this.starting;
    if (!this.subscription) throw new Error('the projection runner was stopped');
    return this.subscription.waitUntilCaughtUp();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await this.subscription?.stop();
  }
}
