import { EventEmitter } from 'node:events';
import { CatchUpSubscription, type EventStore, type Position, type SqlClient } from '../../event-store/src';
import type { ProjectionConfig } from '../../projections/src';
import { applyEvents } from './apply-events';
import { readCheckpoint } from './checkpoint';
import { detectCaseEventSource } from './schema';

/**
 * Keeps the read models up to date from the store's checkpointed subscription (not from an
 * in-memory event bus, which loses events on a crash). Resumes from the saved checkpoint.
 * Emits `applied` with the events of each page once they are committed.
 */
export class ProjectionRunner extends EventEmitter {
  private subscription?: CatchUpSubscription;
  private lastError?: string;

  constructor(private readonly store: EventStore, private readonly db: SqlClient, private readonly config: ProjectionConfig, private readonly pageSize = 2000) {
    super();
  }

  async start(): Promise<this> {
    const from = await readCheckpoint(this.db);
    const source = await detectCaseEventSource(this.db);
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
    return this;
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
  waitUntilCaughtUp(): Promise<void> {
    if (!this.subscription) throw new Error('the projection runner is not started');
    return this.subscription.waitUntilCaughtUp();
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
  }
}
