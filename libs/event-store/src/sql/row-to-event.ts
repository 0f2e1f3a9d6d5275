import type { RecordedEvent } from '../event-store.port';
import { sqlPosition } from './position';

export interface EventRow {
  tx_id: string;
  seq_no: string;
  stream_version: number;
  recorded_at: Date | string;
  body: RecordedEvent | string;
}

// Aliases must not be `tx`/`seq`: ORDER BY would then sort the text aliases, not the columns.
export const EVENT_COLUMNS = 'tx::text AS tx_id, seq::text AS seq_no, stream_version, recorded_at, body';

export function rowToEvent(row: EventRow): RecordedEvent {
  const body = (typeof row.body === 'string' ? JSON.parse(row.body) : row.body) as RecordedEvent;
  const recordedAt = row.recorded_at instanceof Date ? row.recorded_at.toISOString() : new Date(row.recorded_at).toISOString();
  return {
    id: body.id,
    type: body.type,
    organisation: body.organisation,
    caseId: body.caseId,
    occurredAt: body.occurredAt,
    data: body.data,
    recordedAt,
    streamVersion: row.stream_version,
    position: sqlPosition(row.tx_id, row.seq_no),
  };
}
