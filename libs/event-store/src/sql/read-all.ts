import { START, type Position, type ReadAllPage } from '../event-store.port';
import { readHorizon } from './append-horizon';
import { parseSqlPosition } from './position';
import { EVENT_COLUMNS, rowToEvent, type EventRow } from './row-to-event';
import type { SqlExecutor } from './sql-client';

/**
 * Reads the global order from `from`, below the read horizon (`append-horizon.ts`): only
 * transactions older than every append still in flight, so a page can never pass an event that
 * commits later.
 */
export async function readAll(db: SqlExecutor, from: Position = START, limit = 1000): Promise<ReadAllPage> {
  const { tx, seq } = parseSqlPosition(from);
  const horizon = await readHorizon(db);
  const rows = await db.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM vt_events
      WHERE (tx, seq) > ($1::xid8, $2::bigint) AND tx < $4::xid8
      ORDER BY vt_events.tx, vt_events.seq LIMIT $3`,
    [tx, seq, limit, horizon],
  );
  const events = rows.map(rowToEvent);
  if (events.length > 0) return { events, next: events[events.length - 1].position };
  // Nothing readable: say whether committed or in-flight events wait behind an older append.
  const waiting = await db.query<{ pending: boolean }>('SELECT EXISTS (SELECT 1 FROM vt_events WHERE (tx, seq) > ($1::xid8, $2::bigint)) AS pending', [tx, seq]);
  return { events, next: from, pending: waiting[0]?.pending === true };
}
