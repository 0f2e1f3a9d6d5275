import { setImmediate } from 'node:timers/promises';
import { START, type EventStore, type Position, type RecordedEvent } from './event-store.port';

export interface SubscriptionOptions {
  /** Start after this checkpoint (default: from the beginning). */
  from?: Position;
  /** Events handed to `handle` at once (default 1000). */
  batchSize?: number;
  /** Fallback poll when no append notification arrives (default 500 ms). */
  pollIntervalMs?: number;
  /**
   * Handles a page of events in global order. The subscription moves its checkpoint past them only
   * when this resolves; a handler that persists its read model and the checkpoint together never
   * counts an event twice after a crash.
   */
  handle(events: RecordedEvent[], checkpoint: Position): Promise<void>;
  /** Called when reading or handling fails; the subscription retries the same page after a pause. */
  onError?(err: unknown): void;
}

/**
 * A catch-up subscription to the global order: reads from a checkpoint to the end, then follows
 * live appends. It wakes on the store's append notifications and polls as a fallback, so it never
 * depends on a notification arriving. It never skips or repeats an event: it only ever asks the
 * store for what comes after its own checkpoint.
 */
export class CatchUpSubscription {
  private checkpoint: Position;
  private running = false;
  private wake?: () => void;
  private dirty = false;
  private loop?: Promise<void>;
  private caughtUpWaiters: (() => void)[] = [];
  private unsubscribe?: () => void;
  private isCaughtUp = false;

  constructor(private readonly store: EventStore, private readonly options: SubscriptionOptions) {
    this.checkpoint = options.from ?? START;
  }

  get position(): Position {
    return this.checkpoint;
  }

  get caughtUp(): boolean {
    return this.isCaughtUp;
  }

  start(): this {
    if (this.running) return this;
    this.running = true;
    this.unsubscribe = this.store.onAppend(() => {
      this.dirty = true;
      this.isCaughtUp = false;
      this.wake?.();
    });
    this.loop = this.run();
    return this;
  }

  /** Resolves the next time the subscription has read everything there is. */
  waitUntilCaughtUp(): Promise<void> {
    return new Promise((resolve) => this.caughtUpWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 1000;
    const poll = this.options.pollIntervalMs ?? 500;
    while (this.running) {
      try {
        this.dirty = false;
        const page = await this.store.readAll({ from: this.checkpoint, limit: batchSize });
        if (page.events.length > 0) {
          // Events to apply: not caught up until they are, also when no notification said so (a
          // lost LISTEN connection; the poll found them) and while a failing page is retried.
          this.isCaughtUp = false;
          await this.options.handle(page.events, page.next);
          this.checkpoint = page.next;
          if (page.events.length === batchSize) {
            // A turn for the event loop between full pages: an in-process store (PGlite) resolves
            // its queries without one, and HTTP requests and signals would wait for the whole catch-up.
            await setImmediate();
            continue;
          }
        }
        if (this.dirty) continue;
        if (page.pending) {
          // Events exist that are not readable yet (an older transaction in flight): not caught up.
          this.isCaughtUp = false;
          await this.sleep(Math.min(poll, 50));
          continue;
        }
        this.isCaughtUp = true;
        for (const resolve of this.caughtUpWaiters.splice(0)) resolve();
        await this.sleep(poll);
      } catch (err) {
        this.isCaughtUp = false;
        this.options.onError?.(err);
        await this.sleep(Math.max(poll, 1000));
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
      if (this.dirty || !this.running) done();
    });
  }
}
