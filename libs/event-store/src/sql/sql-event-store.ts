import { EventEmitter } from 'node:events';
import type { VtEvent } from '../../../events/src';
import { isLoginRefused, isServerUnreachable, StoreUnavailableError } from '../errors';
import type { AppendResult, BatchAppendResult, Erasure, EventStore, ExpectedVersion, IdempotencyCheck, Position, ReadAllPage, RecordedEvent } from '../event-store.port';
import { streamIdOf } from '../stream-id';
import { appendEvents, classifyEvents } from './append-events';
import { eraseCase } from './erase-case';
import { compareSqlPositions } from './position';
import { readAll } from './read-all';
import { readStream } from './read-stream';
import { APPEND_CHANNEL, ensureSchema } from './schema';
import type { SqlClient, SqlExecutor } from './sql-client';

/** PostgreSQL error codes that mean "run the transaction again": unique race, deadlock, serialization. */
const RETRYABLE = new Set(['23505', '40P01', '40001']);


/** The event store over SQL: PostgreSQL, or PGlite (the same SQL in-process). */
export class SqlEventStore implements EventStore {
  private readonly appended = new EventEmitter();
  private unlisten?: () => Promise<void>;

  /** The SQL connection, for read models kept in the same database (one transaction with their checkpoint). */
  get sql(): SqlClient {
    return this.db;
  }

  private constructor(readonly kind: 'embedded' | 'postgres', private readonly db: SqlClient) {
    this.appended.setMaxListeners(0);
  }

  static async open(kind: 'embedded' | 'postgres', db: SqlClient): Promise<SqlEventStore> {
    const store = new SqlEventStore(kind, db);
    await store.guard(() =>
      ensureSchema(db).catch((err: unknown) => {
        // Refused at the start: a setting to put right (exit 2), not a server to wait for (exit 3).
        // Refused later, while it runs (a password rotated), it is out of reach like any server (503).
        if (isLoginRefused(err)) throw new Error(`VT_EVENT_STORE: the ${kind} server refuses this service: ${(err as Error).message}`);
        throw err;
      }),
    );
    store.unlisten = await store.guard(() => db.listen(APPEND_CHANNEL, () => store.appended.emit('append')));
    return store;
  }

  async appendToStream(organisation: string, caseId: string, events: VtEvent[], options: { expectedVersion?: ExpectedVersion } = {}): Promise<AppendResult> {
    const streamId = streamIdOf(organisation, caseId);
    const foreign = events.find((e) => streamIdOf(e.organisation, e.caseId) !== streamId);
    if (foreign) throw new Error(`event ${foreign.id} belongs to ${foreign.organisation}/${foreign.caseId}, not to ${organisation}/${caseId}`);
    const outcome = await this.write((tx) => appendEvents(tx, events, { streamId, expectedVersion: options.expectedVersion ?? 'any' }));
    return { appended: outcome.appended, duplicates: outcome.duplicateIndexes.length, nextExpectedVersion: outcome.versions.get(streamId) ?? -1 };
  }

  async appendBatch(events: VtEvent[]): Promise<BatchAppendResult> {
    const outcome = await this.write((tx) => appendEvents(tx, events));
    return { appended: outcome.appended, duplicates: outcome.duplicateIndexes.length, duplicateIndexes: outcome.duplicateIndexes };
  }

  async checkIdempotency(events: VtEvent[]): Promise<IdempotencyCheck> {
    const { duplicateIndexes, conflicts } = await this.guard(() => classifyEvents(this.db, events));
    return { duplicateIndexes, conflicts };
  }

  readStream(organisation: string, caseId: string): Promise<RecordedEvent[]> {
    return this.guard(() => readStream(this.db, organisation, caseId));
  }

  readAll(options: { from?: Position; limit?: number } = {}): Promise<ReadAllPage> {
    return this.guard(() => readAll(this.db, options.from, options.limit));
  }

  comparePositions(a: Position, b: Position): number {
    return compareSqlPositions(a, b);
  }

  onAppend(listener: () => void): () => void {
    this.appended.on('append', listener);
    return () => this.appended.off('append', listener);
  }

  eraseCase(organisation: string, caseId: string): Promise<{ eventsErased: number }> {
    return this.write((tx) => eraseCase(tx, organisation, caseId));
  }

  async listErasures(): Promise<Erasure[]> {
    const rows = await this.guard(() =>
      this.db.query<{ organisation: string; erased_at: Date | string; events_erased: number }>('SELECT organisation, erased_at, events_erased FROM vt_erasures ORDER BY id'),
    );
    return rows.map((r) => ({ organisation: r.organisation, erasedAt: new Date(r.erased_at).toISOString(), eventsErased: r.events_erased }));
  }

  async ping(): Promise<void> {
    await this.guard(() => this.db.query('SELECT 1'));
  }

  async close(): Promise<void> {
    await this.unlisten?.().catch(() => undefined);
    await this.db.close();
  }

  /** Runs a write transaction, again on a lost race; notifies subscribers after the commit. */
  private async write<R>(fn: (tx: SqlExecutor) => Promise<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.guard(() =>
          this.db.transaction(async (tx) => {
            const r = await fn(tx);
            await tx.query(`SELECT pg_notify('${APPEND_CHANNEL}', '')`);
            return r;
          }),
        );
        return result;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code && RETRYABLE.has(code) && attempt < 20) continue;
        throw err;
      }
    }
  }

  private async guard<R>(fn: () => Promise<R>): Promise<R> {
    try {
      return await fn();
    } catch (err) {
      if (isServerUnreachable(err)) throw new StoreUnavailableError(`the ${this.kind} event store cannot be reached: ${(err as Error).message}`, err);
      throw err;
    }
  }
}
