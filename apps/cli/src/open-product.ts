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
        const runner = readModel.createRunner();
        await runner.start();
        await runner.waitUntilCaughtUp();
        await runner.stop();
        if (runner.error) throw new Error(`the read models could not be updated: ${runner.error}`);
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
