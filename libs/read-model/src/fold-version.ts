import type { SqlClient, SqlExecutor } from '../../event-store/src';
import { START } from '../../event-store/src';
import { PROJECTION_NAME, readCheckpoint, REBUILDING, writeCheckpoint } from './checkpoint';
import { withReadModelsToItself } from './read-model-lock';

/**
 * The version of what `foldCase` makes of a case's events. Raise it in a change that folds the
 * same events into other rows (a rule put right): read models folded by an earlier release are
 * then rebuilt by the first process that opens them, instead of mixing old and new rows until
 * somebody thinks of running `vt-monitor rebuild`.
 */
export const FOLD_VERSION = '2026-11-24 event_voor_melding';

/** The row of rm_checkpoints that says which fold the read models hold. */
const FOLD_VERSION_NAME = `${PROJECTION_NAME}:fold`;

/** In the transaction that empties the read models for a rebuild: what it writes is of this fold. */
export async function writeFoldVersion(tx: SqlExecutor): Promise<void> {
  await writeCheckpoint(tx, FOLD_VERSION, FOLD_VERSION_NAME);
}

/**
 * On opening the read models: when they were folded by another version (or by a release before
 * versions were kept), and hold anything, they are marked for a rebuild, as one left half-way is:
 * the next projection runner to start or apply a page rebuilds them, and the reports answer 503
 * (rebuilding) meanwhile rather than mix rows of two folds. Empty read models only get the version.
 * Waits for a rebuild under way in another process. Returns whether it marked them.
 */
export async function markReadModelsOfAnotherFold(db: SqlClient): Promise<boolean> {
  const [row] = await db.query<{ position: string }>('SELECT position FROM rm_checkpoints WHERE name = $1', [FOLD_VERSION_NAME]);
  if (row?.position === FOLD_VERSION) return false;
  return withReadModelsToItself(db, () =>
    db.transaction(async (tx) => {
      // Under the lock, again: another process may have done it meanwhile.
      const [now] = await tx.query<{ position: string }>('SELECT position FROM rm_checkpoints WHERE name = $1 FOR UPDATE', [FOLD_VERSION_NAME]);
      if (now?.position === FOLD_VERSION) return false;
      const at = await readCheckpoint(tx);
      const mark = at !== START && at !== REBUILDING;
      if (mark) await writeCheckpoint(tx, REBUILDING);
      await writeFoldVersion(tx);
      return mark;
    }),
  );
}
