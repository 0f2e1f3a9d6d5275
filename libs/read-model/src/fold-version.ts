import type { SqlClient, SqlExecutor } from '../../event-store/src';
import { START } from '../../event-store/src';
import { PROJECTION_NAME, readCheckpoint, REBUILDING, writeCheckpoint } from './checkpoint';
import { tryReadModelsToItself } from './read-model-lock';

/**
 * The version of what `foldCase` makes of a case's events. Raise it in a change that folds the
 * same events into other rows (a rule put right): read models folded by an earlier release are
 * then rebuilt by the first process that opens them, instead of mixing old and new rows until
 * somebody thinks of running `vt-monitor rebuild`.
 */
export const FOLD_VERSION = '2026-11-24c stops after closure, own dates before melding, kanaal onbekend, replaced dienst clocks end, lapsed terms';

/** The row of rm_checkpoints that says which fold the read models hold. */
const FOLD_VERSION_NAME = `${PROJECTION_NAME}:fold`;

/** In the transaction that writes a finished rebuild's checkpoint (or finds nothing folded yet): the rows are of this fold. */
export async function writeFoldVersion(tx: SqlExecutor): Promise<void> {
  await writeCheckpoint(tx, FOLD_VERSION, FOLD_VERSION_NAME);
}

/**
 * When the read models were folded by another version (or by a release before versions were
 * kept) and hold anything, marks them for a rebuild, as one left half-way is: the next projection
 * runner to start, apply a page or look (every 5 s on a server) rebuilds them, and the reports
 * answer 503 (rebuilding) meanwhile rather than mix rows of two folds. Only a finished rebuild
 * writes the new version, so a rebuild by another release's process (one still running) is marked
 * again. Empty read models only get the version. When a rebuild, a page or an erasure has the read
 * models right now it does nothing and returns false (the runners look again); never waits.
 * Returns whether it marked them.
 */
export async function markReadModelsOfAnotherFold(db: SqlClient): Promise<boolean> {
  if ((await readFoldVersion(db)) === FOLD_VERSION) return false;
  return db.transaction(async (tx) => {
    if (!(await tryReadModelsToItself(db, tx))) return false;
    if ((await readFoldVersion(tx)) === FOLD_VERSION) return false;
    const at = await readCheckpoint(tx);
    if (at === START) {
      await writeFoldVersion(tx);
      return false;
    }
    if (at === REBUILDING) return false;
    await writeCheckpoint(tx, REBUILDING);
    return true;
  });
}

async function readFoldVersion(db: SqlExecutor): Promise<string | undefined> {
  const [row] = await db.query<{ position: string }>('SELECT position FROM rm_checkpoints WHERE name = $1', [FOLD_VERSION_NAME]);
  return row?.position;
}
