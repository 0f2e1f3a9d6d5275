import { streamIdOf, type Position, type RecordedEvent, type SqlClient } from '../../event-store/src';
import type { ProjectionConfig } from '../../projections/src';
import { insertCaseEvents, refoldCases } from './case-rows';
import { writeCheckpoint } from './checkpoint';

/**
 * Applies a page of the log to the read models in ONE transaction with the checkpoint after it:
 * after a crash the page is either wholly applied (and the checkpoint past it) or not at all.
 * Each touched case is folded again from all its events, so late and out-of-order events,
 * retractions and repeats give the same rows as an in-order history.
 */
export async function applyEvents(db: SqlClient, events: readonly RecordedEvent[], checkpoint: Position, config: ProjectionConfig): Promise<void> {
  const caseKeys = [...new Set(events.map((e) => streamIdOf(e.organisation, e.caseId)))];
  await db.transaction(async (tx) => {
    await insertCaseEvents(tx, events);
    await refoldCases(tx, caseKeys, config);
    await writeCheckpoint(tx, checkpoint);
  });
}
