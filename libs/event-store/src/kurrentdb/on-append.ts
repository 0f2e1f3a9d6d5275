import { EventEmitter } from 'node:events';
import { END, streamNameFilter, type AllStreamSubscription, type KurrentDBClient } from '@kurrent/kurrentdb-client';

const RESUBSCRIBE_AFTER_MS = 1_000;

/**
 * Calls listeners when case events may have been appended: at once for appends by this process,
 * and through a live $all subscription (from the end, filtered to the case-stream prefix) for
 * appends by any process. The subscription starts with the first listener and stops with the last.
 * It only wakes readers up; they read what is new with readAll, so a missed or doubled
 * notification costs a poll interval at most, never an event.
 */
export class AppendNotifier {
  private readonly emitter = new EventEmitter();
  private subscription?: AllStreamSubscription;
  private retry?: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly client: KurrentDBClient, private readonly casePrefix: string) {
    this.emitter.setMaxListeners(0);
  }

  on(listener: () => void): () => void {
    this.emitter.on('append', listener);
    if (!this.subscription && !this.retry) this.subscribe();
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.emitter.off('append', listener);
      if (this.emitter.listenerCount('append') === 0) this.stop();
    };
  }

  /** An append by this process. */
  notify(): void {
    this.emitter.emit('append');
  }

  async close(): Promise<void> {
    this.closed = true;
    this.emitter.removeAllListeners();
    await this.stop();
  }

  private subscribe(): void {
    if (this.closed || this.emitter.listenerCount('append') === 0) return;
    let subscription: AllStreamSubscription;
    try {
      subscription = this.client.subscribeToAll({ fromPosition: END, resolveLinkTos: false, filter: streamNameFilter({ prefixes: [this.casePrefix] }) });
    } catch {
      this.retry = setTimeout(() => {
        this.retry = undefined;
        this.subscribe();
      }, RESUBSCRIBE_AFTER_MS);
      this.retry.unref();
      return;
    }
    this.subscription = subscription;
    subscription.on('data', () => this.notify());
    subscription.on('error', () => this.resubscribe(subscription));
    subscription.on('end', () => this.resubscribe(subscription));
  }

  /** The subscription dropped (server restart, lost connection): try again shortly, and wake readers. */
  private resubscribe(dropped: AllStreamSubscription): void {
    if (this.subscription !== dropped) return;
    this.subscription = undefined;
    dropped.unsubscribe().catch(() => undefined);
    if (this.closed || this.retry || this.emitter.listenerCount('append') === 0) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.notify();
      this.subscribe();
    }, RESUBSCRIBE_AFTER_MS);
    this.retry.unref();
  }

  private async stop(): Promise<void> {
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    const subscription = this.subscription;
    this.subscription = undefined;
    if (subscription) await subscription.unsubscribe().catch(() => undefined);
  }
}
