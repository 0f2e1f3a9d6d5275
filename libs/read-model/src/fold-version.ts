import { createHash } from 'node:crypto';
import { createWorkingDayCalendar, resolveTerms, type TermDefinition } from '../../calendar/src';
import type { SqlClient, SqlExecutor } from '../../event-store/src';
import type { ProjectionConfig } from '../../projections/src';
import { START } from '../../event-store/src';
import { PROJECTION_NAME, readCheckpoint, REBUILDING, writeCheckpoint } from './checkpoint';
import { tryReadModelsToItself } from './read-model-lock';

/**
 * The version of what `foldCase` makes of a case's events. Raise it in a change that folds the
 * same events into other rows (a rule put right): read models folded by an earlier release are
 * then rebuilt by the first process that opens them, instead of mixing old and new rows until
 * somebody thinks of running `vt-monitor rebuild`.
 */
export const FOLD_VERSION = '2026-11-25a a transfer ends the eerste contact clock';

/** The row of rm_checkpoints that says which fold the read models hold. */
const FOLD_VERSION_NAME = `${PROJECTION_NAME}:fold`;

/** The row of rm_checkpoints that says with which settings (VT_CONFIG) the read models were folded. */
export const FOLD_SETTINGS_NAME = `${PROJECTION_NAME}:settings`;

/**
 * What of a configuration changes the fold: the further decree days and each organisation's term
 * lengths and units (not the norms: reports and alerts compare against those when they are read).
 * `default` when nothing differs from the built-in terms, else a hash of the differences, so the
 * same settings written another way (another order, a default spelt out) give the same value.
 */
export function foldSettingsOf(config: ProjectionConfig): string {
  // Asked for every page of the runner: computed once per config.
  let known = settingsOfConfig.get(config);
  if (known === undefined) settingsOfConfig.set(config, (known = computeFoldSettings(config)));
  return known;
}

const settingsOfConfig = new WeakMap<ProjectionConfig, string>();

function computeFoldSettings(config: ProjectionConfig): string {
  const { extraDecreeDays = [], organisations = {} } = config.settings;
  // 2 weken is 14 dagen: the same deadlines.
  const termsOf = (terms: Record<string, TermDefinition>) => JSON.stringify(Object.values(terms).map((t) => (t.unit === 'weken' ? [t.key, t.length * 7, 'dagen'] : [t.key, t.length, t.unit])));
  const defaults = termsOf(resolveTerms());
  const terms = Object.keys(organisations)
    .sort()
    .map((org) => [org, termsOf(config.termsFor(org))] as const)
    .filter(([, own]) => own !== defaults);
  // Only days that change a werkdag: not a weekend day, a holiday or a built-in decree day.
  const builtIn = createWorkingDayCalendar();
  const days = [...new Set(extraDecreeDays)].filter((d) => builtIn.isWerkdag(d)).sort();
  if (terms.length === 0 && days.length === 0) return 'default';
  return `sha256:${createHash('sha256').update(JSON.stringify({ days, terms })).digest('hex').slice(0, 16)}`;
}

/** The read models were folded with other settings than this process has (a VT_CONFIG changed, or missing here). */
export class ReadModelSettingsError extends Error {
  constructor(stored: string, own: string) {
    super(
      `the read models were folded with other term settings (${stored}) than this process has (${own}): the term lengths or decree days of VT_CONFIG differ. ` +
        'Run this command with the VT_CONFIG the read models were built with, or fold them again with this one: `vt-monitor rebuild`.',
    );
  }
}

/** Throws ReadModelSettingsError when the read models record settings other than `config`'s (none recorded: a release before this check). */
async function assertStoredSettings(db: SqlExecutor, config: ProjectionConfig): Promise<void> {
  const stored = await readNamedRow(db, FOLD_SETTINGS_NAME);
  const own = foldSettingsOf(config);
  if (stored !== undefined && stored !== own) throw new ReadModelSettingsError(stored, own);
}

/**
 * Throws ReadModelSettingsError when the read models hold folds of other settings. Read models with
 * nothing folded (START) or being rebuilt (whoever finishes the rebuild records its settings) hold
 * none; nor do those of a release before this check (no row).
 */
export async function assertReadModelsOfTheseSettings(db: SqlExecutor, config: ProjectionConfig): Promise<void> {
  const at = await readCheckpoint(db);
  if (at === START || at === REBUILDING) return;
  await assertStoredSettings(db, config);
}

/**
 * In a page's transaction, with the checkpoint it read (`at`): the first page folded into empty read
 * models records this process's settings; any later page must be of the same settings, else it
 * throws ReadModelSettingsError (another process rebuilt them with others while this one ran).
 */
export async function checkPageSettings(tx: SqlExecutor, config: ProjectionConfig, at: string): Promise<void> {
  if (at === START) return writeCheckpoint(tx, foldSettingsOf(config), FOLD_SETTINGS_NAME);
  await assertStoredSettings(tx, config);
}

/** In the transaction that writes a finished rebuild's checkpoint (or finds nothing folded yet): the rows are of this fold, with these settings. */
export async function writeFoldVersion(tx: SqlExecutor, config: ProjectionConfig): Promise<void> {
  await writeCheckpoint(tx, FOLD_VERSION, FOLD_VERSION_NAME);
  await writeCheckpoint(tx, foldSettingsOf(config), FOLD_SETTINGS_NAME);
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
export async function markReadModelsOfAnotherFold(db: SqlClient, config: ProjectionConfig): Promise<boolean> {
  if ((await readFoldVersion(db)) === FOLD_VERSION) return false;
  return db.transaction(async (tx) => {
    if (!(await tryReadModelsToItself(db, tx))) return false;
    if ((await readFoldVersion(tx)) === FOLD_VERSION) return false;
    const at = await readCheckpoint(tx);
    if (at === START) {
      await writeFoldVersion(tx, config);
      return false;
    }
    if (at === REBUILDING) return false;
    await writeCheckpoint(tx, REBUILDING);
    return true;
  });
}

const readFoldVersion = (db: SqlExecutor) => readNamedRow(db, FOLD_VERSION_NAME);

/** A row of rm_checkpoints other than the checkpoint itself, or undefined when it was never written. */
async function readNamedRow(db: SqlExecutor, name: string): Promise<string | undefined> {
  const [row] = await db.query<{ position: string }>('SELECT position FROM rm_checkpoints WHERE name = $1', [name]);
  return row?.position;
}
