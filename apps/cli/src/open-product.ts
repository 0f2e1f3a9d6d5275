import { loadSettings } from '../../../libs/config/src/load-settings';
import { createEventStore, StoreUnavailableError, type EventStore } from '../../../libs/event-store/src';
import { createProjectionConfig, type ProjectionConfig } from '../../../libs/projections/src';
import { openReadModel, UnfinishedRebuildError, type ReadModel } from '../../../libs/read-model/src';
import { CliError } from './exit-codes';
import { parseWholeNumber } from '../../../libs/config/src/whole-number';

export interface Product {
  store: EventStore;
  config: ProjectionConfig;
  readModel: ReadModel;
  /** Applies every event not yet in the read models, then returns. */
  catchUp(): Promise<void>;
  close(): Promise<void>;
}

/** How long a command's catch-up may keep failing before it gives up (VT_CATCH_UP_FAILING_MS, default 30 s). */
function catchUpFailingMs(): number {
  const value = process.env.VT_CATCH_UP_FAILING_MS;
  if (value === undefined || value.trim() === '') return 30_000;
  const ms = parseWholeNumber(value);
  if (ms === undefined || ms < 1) throw new CliError(`VT_CATCH_UP_FAILING_MS must be a positive whole number of milliseconds, got "${value}"`);
  return ms;
}

/**
 * The event store and its read models, as a command needs them. `otherSettings`: for `rebuild`
 * (see ReadModelOptions). `mayCreate`: for `seed`, which fills a new store; every other command
 * refuses an embedded directory without a store (CreateEventStoreOptions.mustExist).
 */
export async function openProduct(options: { otherSettings?: boolean; mayCreate?: boolean } = {}): Promise<Product> {
  const config = createProjectionConfig(loadSettings());
  const store = await createEventStore(undefined, { mustExist: !options.mayCreate });
  try {
    const readModel = await openReadModel(store, config, { otherSettings: options.otherSettings });
    return {
      store,
      config,
      readModel,
      catchUp: async () => {
        // The runner tries a failing page again every second, for ever (what `serve` wants). A
        // command gives up once every try has failed for VT_CATCH_UP_FAILING_MS, with exit 3 and the
        // last error: a lost server no longer leaves it hanging. A rebuild the runner runs (a first
        // start, read models left half-way) is progress, not failure: the clock stops meanwhile.
        const limitMs = catchUpFailingMs();
        const runner = readModel.createRunner();
        let failing: { since: number; error: unknown } | undefined;
        runner.on('error-state', (_message: string, error: unknown) => {
          if (error instanceof UnfinishedRebuildError) return; // a rebuild follows at once
          failing = { since: failing?.since ?? Date.now(), error };
        });
        const progress = () => (failing = undefined);
        runner.on('applied', progress);
        runner.on('rebuilding', progress);
        // A wait of seconds to minutes before the command's answer: said on stderr, as progress is.
        // (Once: a failing rebuild is tried again, and 'rebuilding' comes with every try.)
        runner.once('rebuilding', () => process.stderr.write('the read models are empty or were left half-way by a rebuild: they are rebuilt from the log (here, or by the rebuild under way elsewhere) before the answer\n'));
        runner.on('rebuilt', progress);
        let timer: NodeJS.Timeout | undefined;
        try {
          await runner.start();
          await Promise.race([
            // A runner that halted (read models of other settings, see fold-version.ts) says why, not only that it stopped.
            runner.waitUntilCaughtUp().catch((err: unknown) => {
              throw runner.halted ? new CliError(runner.halted) : err;
            }),
            new Promise<never>((_, reject) => {
              timer = setInterval(() => {
                if (!failing || Date.now() - failing.since < limitMs) return;
                const { error } = failing;
                const message = `the read models could not be brought up to date for ${Math.round(limitMs / 1000)} s: ${(error as Error)?.message ?? String(error)}`;
                reject(new StoreUnavailableError(message, error));
              }, 250);
            }),
          ]);
          if (runner.halted) throw new CliError(runner.halted);
        } finally {
          clearInterval(timer);
          await runner.stop();
        }
      },
      close: async () => {
        await readModel.close();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
