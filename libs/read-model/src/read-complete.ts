import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { START, type SqlExecutor } from '../../event-store/src';
import { PROJECTION_NAME, REBUILDING, writeCheckpoint } from './checkpoint';
import { FOLD_SETTINGS_NAME, ReadModelSettingsError } from './fold-version';

/**
 * A query found the read models being rebuilt (or left half-built by a rebuild that died): their
 * figures would be incomplete, so none are given. Retry once the rebuild is done.
 */
export class ReadModelsRebuildingError extends Error {
  constructor() {
    super('the read models are being rebuilt from the event log; their figures are incomplete until it is done');
  }
}

/**
 * The name of a second row of rm_checkpoints: a new id for every rebuild, written when it empties
 * the read models, so that a reader can tell that they were rebuilt while it read them.
 */
const GENERATION = `${PROJECTION_NAME}:generation`;

/** Marks the read models as being rebuilt, in the transaction that empties them. */
export async function markRebuilding(tx: SqlExecutor): Promise<void> {
  await writeCheckpoint(tx, REBUILDING);
  await writeCheckpoint(tx, randomUUID(), GENERATION);
}

async function readModelsState(db: SqlExecutor): Promise<{ rebuilding: boolean; generation?: string; settings?: string }> {
  const rows = await db.query<{ name: string; position: string }>('SELECT name, position FROM rm_checkpoints WHERE name IN ($1, $2, $3)', [PROJECTION_NAME, GENERATION, FOLD_SETTINGS_NAME]);
  const row = (name: string) => rows.find((r) => r.name === name)?.position;
  // Nothing folded yet (no checkpoint, or START): whoever folds first records the settings (fold-version.ts).
  const folded = row(PROJECTION_NAME) !== undefined && row(PROJECTION_NAME) !== START;
  return { rebuilding: row(PROJECTION_NAME) === REBUILDING, generation: row(GENERATION), settings: folded ? row(FOLD_SETTINGS_NAME) : undefined };
}

/** Throws ReadModelSettingsError when the read models record other settings than `own` (fold-version.ts). */
function assertSettings(state: { settings?: string }, own: string | undefined): void {
  if (own !== undefined && state.settings !== undefined && state.settings !== own) throw new ReadModelSettingsError(state.settings, own);
}

/** Set inside a `readComplete`: the reads nested in it (a metrics snapshot's reports) are covered by its checks. */
const guarded = new AsyncLocalStorage<true>();

/**
 * Runs `read` (queries of the derived tables) on complete read models: throws
 * ReadModelsRebuildingError when a rebuild has them, checked before (no query on emptied tables
 * without their indexes) and after (a rebuild that began meanwhile). A rebuild that began and
 * ended meanwhile (its new generation) makes it read once more. With `ownSettings`, read models
 * recording others throw ReadModelSettingsError. Nested in another, it only reads: the outer one
 * checks for both.
 */
export async function readComplete<T>(db: SqlExecutor, read: () => Promise<T>, ownSettings?: string): Promise<T> {
  if (guarded.getStore()) return read();
  for (let attempt = 1; ; attempt++) {
    const before = await readModelsState(db);
    if (before.rebuilding) throw new ReadModelsRebuildingError();
    // Rebuilt by another process with other settings (VT_CONFIG): this process's runner halts at its
    // next page or look (within seconds); its reports refuse at once rather than serve those figures meanwhile.
    assertSettings(before, ownSettings);
    const result = await guarded.run(true, read);
    const after = await readModelsState(db);
    if (after.rebuilding) throw new ReadModelsRebuildingError();
    assertSettings(after, ownSettings);
    if (after.generation === before.generation) return result;
    if (attempt === 2) throw new ReadModelsRebuildingError();
  }
}
