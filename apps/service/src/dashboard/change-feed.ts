import { bufferTime, filter, fromEvent, map, share, type Observable } from 'rxjs';
import { localDateOf } from '../../../../libs/calendar/src';
import type { RecordedEvent } from '../../../../libs/event-store/src';
import type { ProjectionRunner } from '../../../../libs/read-model/src';

/** What the dashboard is told when the read models change: where they are, never what changed in a case. */
export interface Change {
  /** The organisations whose events were applied since the last change. */
  organisations: string[];
  /**
   * The earliest local date (Europe/Amsterdam) a figure may have changed on: the earliest
   * `occurredAt` of the events, or null when a retraction came in (it may change any period).
   * The page reads past months and quarters again only from this date on.
   */
  since: string | null;
  /** Checkpoint after the last applied event, and that event's record time. */
  position: string;
  recordedAt: string;
  events: number;
}

/** At most one change per window (default 250 ms), so a bulk import does not flood the wall screens. */
export const CHANGE_WINDOW_MS = 250;

function earliestDate(events: RecordedEvent[]): string | null {
  if (events.some((e) => e.type === 'RegistratieIngetrokken')) return null;
  return events.map((e) => localDateOf(e.occurredAt)).reduce((a, b) => (b < a ? b : a));
}

/**
 * The projection runner's `applied` pages (emitted after each committed page), gathered per
 * window into one {@link Change}. One shared feed for every open dashboard.
 */
export function changeFeed(runner: ProjectionRunner, windowMs = CHANGE_WINDOW_MS): Observable<Change> {
  return (fromEvent(runner, 'applied') as Observable<RecordedEvent[]>).pipe(
    bufferTime(windowMs),
    filter((pages) => pages.some((p) => p.length > 0)),
    map((pages) => {
      const events = pages.flat();
      const last = events[events.length - 1];
      return {
        organisations: [...new Set(events.map((e) => e.organisation))].sort(),
        since: earliestDate(events),
        position: last.position,
        recordedAt: last.recordedAt,
        events: events.length,
      };
    }),
    share(),
  );
}
