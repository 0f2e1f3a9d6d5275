import { START, type Position, type SqlExecutor } from '../../event-store/src';

export const PROJECTION_NAME = 'indicators';

/**
 * The checkpoint while a rebuild runs: written right after it empties the read models, replaced by
 * its own checkpoint when it is done. Found when no rebuild runs, it tells of one that did not
 * finish (a crash, a kill): the read models are incomplete and must be rebuilt.
 */
export const REBUILDING: Position = 'rebuilding';

/** A page of the log was not applied: the read models are incomplete after a rebuild that did not finish. */
export class UnfinishedRebuildError extends Error {
  constructor() {
    super('the read models are incomplete: a rebuild did not finish; they are rebuilt first');
  }
}

export async function readCheckpoint(db: SqlExecutor, name = PROJECTION_NAME): Promise<Position> {
  const rows = await db.query<{ position: string }>('SELECT position FROM rm_checkpoints WHERE name = $1', [name]);
  return rows[0]?.position ?? START;
}

export async function writeCheckpoint(tx: SqlExecutor, position: Position, name = PROJECTION_NAME): Promise<void> {
  await tx.query(
    `INSERT INTO rm_checkpoints (name, position) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
    [name, position],
  );
}
