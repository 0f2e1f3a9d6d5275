import type { RecordedEvent } from '../event-store.port';
import { streamIdOf } from '../stream-id';
import { EVENT_COLUMNS, rowToEvent, type EventRow } from './row-to-event';
import type { SqlExecutor } from './sql-client';

export async function readStream(db: SqlExecutor, organisation: string, caseId: string): Promise<RecordedEvent[]> {
  const rows = await db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM vt_events WHERE stream_id = $1 ORDER BY stream_version`, [streamIdOf(organisation, caseId)]);
  return rows.map(rowToEvent);
}
