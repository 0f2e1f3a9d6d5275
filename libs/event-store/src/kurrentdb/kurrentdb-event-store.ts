import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { VtEvent } from '../../../events/src';
import { StoreUnavailableError } from '../errors';
import type { AppendResult, BatchAppendResult, Erasure, EventStore, ExpectedVersion, IdempotencyCheck, Position, ReadAllPage, RecordedEvent } from '../event-store.port';
import { appendBatch } from './append-batch';
import { appendToStream } from './append-to-stream';
import { checkIdempotency } from './check-idempotency';
import type { BatchWriteMode, KurrentContext } from './context';
import { eraseCase } from './erase-case';
import { ErasedIds } from './erased-ids';
import { listErasures } from './list-erasures';
import { AppendNotifier } from './on-append';
import { ping, DEFAULT_PING_TIMEOUT_MS } from './ping';
import { compareKurrentPositions } from './position';
import { readAll } from './read-all';
import { readStream } from './read-stream';
import { StreamNames } from './stream-names';

export interface KurrentDbEventStoreOptions {
  /** Put in front of every stream name, to keep stores apart in one database (tests). Default ''. */
  namespace?: string;
  /** How long `connect` and `ping` wait for an answer. Default 5 s. */
  pingTimeoutMs?: number;
}

/** Hides the password of a connection string, for errors. */
function describeUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/**
 * The event store on KurrentDB (or EventStoreDB 22.10+): one stream per case,
 * `vt-case-${organisation}-${caseId}`, each event stored as JSON under its own id and catalogue
 * type, with its idempotency fingerprint in the metadata. The operations live one per file, as in
 * KurrentDB's own client; this class composes them.
 */
export class KurrentDbEventStore implements EventStore {
  readonly kind = 'kurrentdb' as const;
  private readonly ctx: KurrentContext;
  private readonly notifier: AppendNotifier;

  private constructor(
    private readonly client: KurrentDBClient,
    names: StreamNames,
    private readonly pingTimeoutMs: number,
  ) {
    this.notifier = new AppendNotifier(client, names.casePrefix);
    const notifier = this.notifier;
    this.ctx = {
      client,
      names,
      erased: new ErasedIds(client, names.erasedIds),
      batchWriteMode: 'records' as BatchWriteMode,
      notifyAppended: () => notifier.notify(),
    };
  }

  /**
   * Connects with a KurrentDB connection string (`kurrentdb://host:2113?tls=false`; also
   * `kurrentdb+discover://`, `kurrent://`, `kdb://`, and the deprecated `esdb://`), and checks that
   * the server answers. Throws `StoreUnavailableError` when it does not.
   */
  static async connect(url: string, options: KurrentDbEventStoreOptions = {}): Promise<KurrentDbEventStore> {
    const names = new StreamNames(options.namespace ?? '');
    let client: KurrentDBClient;
    try {
      client = KurrentDBClient.connectionString(url);
    } catch (err) {
      throw new Error(`VT_EVENT_STORE is not a valid KurrentDB connection string ("${describeUrl(url)}"): ${(err as Error).message}`);
    }
    const store = new KurrentDbEventStore(client, names, options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS);
    try {
      await store.ping();
    } catch (err) {
      await client.dispose().catch(() => undefined);
      if (err instanceof StoreUnavailableError) {
        const reason = err.message.replace(/^the kurrentdb event store /, '');
        throw new StoreUnavailableError(`the kurrentdb event store at ${describeUrl(url)} ${reason}`, err.cause ?? err);
      }
      throw err;
    }
    return store;
  }

  /** A store over a client made elsewhere (tests, or a client configured in code). Does not ping. */
  static fromClient(client: KurrentDBClient, options: KurrentDbEventStoreOptions = {}): KurrentDbEventStore {
    return new KurrentDbEventStore(client, new StreamNames(options.namespace ?? ''), options.pingTimeoutMs ?? DEFAULT_PING_TIMEOUT_MS);
  }

  appendToStream(organisation: string, caseId: string, events: VtEvent[], options: { expectedVersion?: ExpectedVersion } = {}): Promise<AppendResult> {
    return appendToStream(this.ctx, organisation, caseId, events, options.expectedVersion ?? 'any');
  }

  appendBatch(events: VtEvent[]): Promise<BatchAppendResult> {
    return appendBatch(this.ctx, events);
  }

  checkIdempotency(events: VtEvent[]): Promise<IdempotencyCheck> {
    return checkIdempotency(this.ctx, events);
  }

  readStream(organisation: string, caseId: string): Promise<RecordedEvent[]> {
    return readStream(this.ctx, organisation, caseId);
  }

  readAll(options: { from?: Position; limit?: number } = {}): Promise<ReadAllPage> {
    return readAll(this.ctx, options.from, options.limit);
  }

  comparePositions(a: Position, b: Position): number {
    return compareKurrentPositions(a, b);
  }

  onAppend(listener: () => void): () => void {
    return this.notifier.on(listener);
  }

  eraseCase(organisation: string, caseId: string): Promise<{ eventsErased: number }> {
    return eraseCase(this.ctx, organisation, caseId);
  }

  listErasures(): Promise<Erasure[]> {
    return listErasures(this.ctx);
  }

  ping(): Promise<void> {
    return ping(this.ctx, this.pingTimeoutMs);
  }

  async close(): Promise<void> {
    await this.notifier.close();
    await this.client.dispose();
  }
}
