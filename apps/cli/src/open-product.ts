import { loadSettings } from '../../../libs/config/src/load-settings';
import { createEventStore, type EventStore } from '../../../libs/event-store/src';
import { createProjectionConfig, type ProjectionConfig } from '../../../libs/projections/src';
import { openReadModel, type ReadModel } from '../../../libs/read-model/src';

export interface Product {
  store: EventStore;
  config: ProjectionConfig;
  readModel: ReadModel;
  /** Applies every event not yet in the read models, then returns. */
  catchUp(): Promise<void>;
  close(): Promise<void>;
}

/** How long a command's catch-up may keep failing before it gives up (VT_CATCH_UP_FAILING_MS, default 30 s). */
const catchUpFailingMs = () => Number(process.env.VT_CATCH_UP_FAILING_MS) || 30_000;

/** The event store and its read models, as a command needs them. */
export async function openProduct(): Promise<Product> {
  const config = createProjectionConfig(loadSettings());
  const store = await createEventStore();
  try {
    const readModel = await openReadModel(store, config);
    return {
      store,
      config,
      readModel,
      catchUp: async () => {
        // The runner tries a failing page again every second, for ever (what `serve` wants). A
        // command gives up once every try has failed for CATCH_UP_FAILING_MS and throws the last
        // error: a lost server then exits 3 ("run it again") instead of hanging.
        const runner = readModel.createRunner();
        let failing: { since: number; error: unknown } | undefined;
        runner.on('error-state', (_message: string, error: unknown) => (failing = { since: failing?.since ?? Date.now(), error }));
        const recovered = () => (failing = undefined);
        runner.on('applied', recovered);
        runner.on('rebuilt', recovered);
        let timer: NodeJS.Timeout | undefined;
        try {
          await runner.start();
          await Promise.race([
            runner.waitUntilCaughtUp(),
            new Promise<never>((_, reject) => {
              timer = setInterval(() => {
                if (failing && Date.now() - failing.since >= catchUpFailingMs()) reject(failing.error);
              }, 250);
            }),
          ]);
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
