import { bufferTime, EMPTY, filter, fromEvent, map, merge, share, type Observable } from 'rxjs';
import { localDateOf } from '../../../../libs/calendar/src';
import type { RecordedEvent } from '../../../../libs/event-store/src';
import type { ProjectionRunner } from '../../../../libs/read-model/src';
import { listOrganisations } from '../../../../libs/reference/src/organisations';

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

/** What the feed gathers: a page the runner applied, or organisations any of whose periods may have changed (an erasure, a rebuild). */
type Applied = RecordedEvent[] | { anyPeriod: string[] };

/**
 * The projection runner's `applied` pages (emitted after each committed page) and the erasures
 * (`erasures`: the organisation of each case erased through the API), gathered per window into
 * one {@link Change}. An erasure may change any period, as a retraction does (`since` null), and
 * so does the runner's bulk rebuild at a first start (`rebuilt`: every organisation). One shared
 * feed for every open dashboard.
 */
export function changeFeed(runner: ProjectionRunner, windowMs = CHANGE_WINDOW_MS, erasures: Observable<string> = EMPTY): Observable<Change> {
  // No result selector: rxjs passes an emitter's single argument through as it is.
  const applied = fromEvent(runner, 'applied') as Observable<Applied>;
  const erased = erasures.pipe(map((organisation): Applied => ({ anyPeriod: [organisation] })));
  const rebuilt = fromEvent(runner, 'rebuilt').pipe(map((): Applied => ({ anyPeriod: listOrganisations().map((o) => o.code) })));
  return merge(applied, erased, rebuilt).pipe(
    bufferTime(windowMs),
    filter((items) => items.some((i) => !Array.isArray(i) || i.length > 0)),
    map((items) => {
      const events = items.filter((i): i is RecordedEvent[] => Array.isArray(i)).flat();
      const erasedIn = items.filter((i): i is { anyPeriod: string[] } => !Array.isArray(i)).flatMap((i) => i.anyPeriod);
      const last = events[events.length - 1];
      return {
        organisations: [...new Set([...events.map((e) => e.organisation), ...erasedIn])].sort(),
        since: erasedIn.length > 0 || events.length === 0 ? null : earliestDate(events),
        position: last?.position ?? String(runner.position ?? ''),
        recordedAt: last?.recordedAt ?? new Date().toISOString(),
        events: events.length,
      };
    }),
    share(),
  );
}
