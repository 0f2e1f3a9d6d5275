import { createEventStore } from '../../../libs/event-store/src';
import { createProjectionConfig } from '../../../libs/projections/src';
import { openReadModel, rebuildReadModels } from '../../../libs/read-model/src';
import { melding, triage } from '../../../test/support/event-factory';
import { createTestDatabase, describeWithPostgres, PG_ADMIN_URL } from '../../../test/support/services';
import { TcpProxy } from '../../../test/support/tcp-proxy';
import { EXIT, exitCodeOf } from './exit-codes';
import { openProduct, type Product } from './open-product';

/** The server goes away right after the catch-up's runner has started (a start on a dead server fails at once, with exit 3). */
function cutAfterStart(product: Product, proxy: TcpProxy, restoreAfterMs?: number): void {
  const create = product.readModel.createRunner.bind(product.readModel);
  product.readModel.createRunner = (...args) => {
    const runner = create(...args);
    const start = runner.start.bind(runner);
    runner.start = async () => {
      const started = await start();
      await proxy.cut();
      if (restoreAfterMs !== undefined) setTimeout(() => void proxy.restore(), restoreAfterMs);
      return started;
    };
    return runner;
  };
}

describeWithPostgres('openProduct().catchUp, the step before report, reconcile and data-quality', () => {
  let proxy: TcpProxy;
  let drop: () => Promise<void>;
  const env = { ...process.env };
  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    const store = await createEventStore(db.url);
    await store.appendBatch([melding('P-1'), melding('P-2')]);
    await store.close();
    const target = new URL(PG_ADMIN_URL);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(db.url);
    viaProxy.port = String(await proxy.start());
    process.env.VT_EVENT_STORE = viaProxy.toString();
    process.env.VT_CATCH_UP_FAILING_MS = '1500';
  });
  afterAll(async () => {
    process.env = env;
    await proxy.cut();
    await drop();
  });

  it('gives up with the server error (exit 3) once the server has been gone for the allowed time, instead of waiting for ever', async () => {
    const product = await openProduct();
    try {
      cutAfterStart(product, proxy);
      const started = Date.now();
      const failure = await product.catchUp().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).toBeDefined();
      expect(exitCodeOf(failure)).toBe(EXIT.unavailable);
      expect((failure as Error).message).toMatch(/^the read models could not be brought up to date for 2 s: /);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    } finally {
      await proxy.restore();
      await product.close().catch(() => undefined);
    }
  }, 30_000);

  it('catches up once the server is back within that time', async () => {
    const product = await openProduct();
    try {
      cutAfterStart(product, proxy, 500);
      // The outage must really have been seen: the runner reported at least one failed try.
      let failures = 0;
      const create = product.readModel.createRunner.bind(product.readModel);
      product.readModel.createRunner = (...args) => create(...args).on('error-state', () => failures++);
      await product.catchUp();
      expect(failures).toBeGreaterThan(0);
      const rows = await product.readModel.db.query<{ n: string }>('SELECT count(*)::text AS n FROM rm_cases');
      expect(rows[0].n).toBe('2');
    } finally {
      await product.close();
    }
  }, 30_000);
});

describeWithPostgres('openProduct().catchUp while another process rebuilds the read models with other settings', () => {
  const env = { ...process.env };
  let drop: () => Promise<void>;
  afterAll(async () => {
    process.env = env;
    await drop?.();
  });

  it('refuses with exit 2 and says why, instead of reporting the other settings\' figures', async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    const store = await createEventStore(db.url);
    await store.appendBatch([melding('S-1'), triage('S-1'), melding('S-2')]);
    process.env.VT_EVENT_STORE = db.url;
    delete process.env.VT_CONFIG;
    const product = await openProduct(); // the default terms
    // `VT_CONFIG=three.json vt-monitor rebuild` in another process: VTIJ's triage in 3 werkdagen.
    const threeDays = createProjectionConfig({ organisations: { VTIJ: { terms: { triage: { length: 3, unit: 'werkdagen' } } } } });
    const other = await openReadModel(store, threeDays, { otherSettings: true });
    let catchUp: Promise<unknown> | undefined;
    try {
      await rebuildReadModels(store, other.db, threeDays, {
        // Emptied, marked and locked by now: the command's catch-up starts in the middle of it.
        onProgress: () => {
          catchUp ??= product.catchUp().then(
            () => 'caught up with the other settings',
            (err: unknown) => err,
          );
        },
      });
      expect(catchUp).toBeDefined();
      const outcome = await catchUp;
      expect(outcome).toBeInstanceOf(Error);
      expect(exitCodeOf(outcome)).toBe(EXIT.badInput);
      expect((outcome as Error).message).toMatch(/other term settings \(sha256:[0-9a-f]{16}\) than this process has \(default\).*vt-monitor rebuild/);
    } finally {
      await product.close();
      await other.close();
      await store.close();
    }
  });
});
