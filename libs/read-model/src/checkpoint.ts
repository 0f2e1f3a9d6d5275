import { START, type Position, type SqlExecutor } from '../../event-store/src';

export const PROJECTION_NAME = 'indicators';

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
