import { streamIdOf, type Position, type RecordedEvent, type SqlClient } from '../../event-store/src';
import type { ProjectionConfig } from '../../projections/src';
import { insertCaseEvents, refoldCases } from './case-rows';
import { readCheckpoint, REBUILDING, UnfinishedRebuildError, writeCheckpoint } from './checkpoint';
import { checkPageSettings } from './fold-version';
import { applyOneAtATime, shareReadModels } from './read-model-lock';
import type { CaseEventSource } from './schema';

/**
 * Applies a page of the log to the read models in ONE transaction with the checkpoint after it:
 * after a crash the page is either wholly applied (and the checkpoint past it) or not at all.
 * Each touched case is folded again from all its events (in vt_events itself when the read models
 * share the log's database, else from their copy), so late and out-of-order events, retractions
 * and repeats give the same rows as an in-order history.
 */
export async function applyEvents(
  db: SqlClient,
  events: readonly RecordedEvent[],
  checkpoint: Position,
  config: ProjectionConfig,
  source: CaseEventSource,
  comparePositions: (a: Position, b: Position) => number,
): Promise<void> {
  const caseKeys = [...new Set(events.map((e) => streamIdOf(e.organisation, e.caseId)))];
  await db.transaction(async (tx) => {
    await shareReadModels(db, tx);
    await applyOneAtATime(db, tx);
    // No rebuild runs now (the lock above): REBUILDING is one that did not finish.
    const stored = await readCheckpoint(tx);
    if (stored === REBUILDING) throw new UnfinishedRebuildError();
    // Folded with this process's settings (VT_CONFIG), or refused: another process may have
    // rebuilt them with others while this page waited for the lock above.
    await checkPageSettings(tx, config, stored);
    // Another replica's runner, reading the same log in the same order, applied this page already
    // (its checkpoint is at or past this one): nothing to do, and the checkpoint stays where it is.
    if (comparePositions(stored, checkpoint) >= 0) return;
    if (source === 'copy') await insertCaseEvents(tx, events);
    await refoldCases(tx, source, caseKeys, config);
    await writeCheckpoint(tx, checkpoint);
  });
}
