import { EventEmitter } from 'node:events';
import type { ProjectionRunner, ReadModel } from '../../../../libs/read-model/src';
import { createProjectionConfig } from '../../../../libs/projections/src';
import { VtMetrics } from './vt-metrics';

/** The projection gauges need only the runner: a stand-in that is behind, caught up or rebuilding as its events tell. */
class FakeRunner extends EventEmitter {
  caughtUp = false;
  rebuilding = false;
  constructor() {
    super();
    this.on('rebuilding', () => (this.rebuilding = true));
    this.on('rebuilt', () => (this.rebuilding = false));
    this.on('error-state', () => (this.rebuilding = false));
  }
}

async function lagOf(metrics: VtMetrics): Promise<number> {
  const metric = await metrics.registry.getSingleMetric('vt_projection_lag_seconds')!.get();
  return metric.values[0].value;
}

describe('vt_projection_lag_seconds', () => {
  let t = Date.parse('2026-03-02T09:00:00Z');
  const now = () => new Date(t);
  const start = (runner: FakeRunner) => new VtMetrics({} as ReadModel, runner as unknown as ProjectionRunner, createProjectionConfig(), now);

  it('counts from when the projections were first seen behind while this process has applied nothing (a stuck first page, a first start)', async () => {
    const runner = new FakeRunner();
    const metrics = start(runner);
    expect(await lagOf(metrics)).toBe(0);
    t += 400_000;
    expect(await lagOf(metrics)).toBe(400);
    runner.caughtUp = true;
    expect(await lagOf(metrics)).toBe(0);
  });

  it('counts from the record time of the last event applied once there is one', async () => {
    const runner = new FakeRunner();
    const metrics = start(runner);
    runner.emit('applied', [{ organisation: 'VTIJ', type: 'MeldingOntvangen', recordedAt: new Date(t - 90_000).toISOString() }]);
    expect(await lagOf(metrics)).toBe(90);
  });

  it('is 0 while this process rebuilds the read models (the rebuild gauge and its alert cover that time), and counts again after a failed attempt', async () => {
    const runner = new FakeRunner();
    const metrics = start(runner);
    runner.emit('rebuilding');
    t += 900_000;
    expect(await lagOf(metrics)).toBe(0);
    runner.emit('error-state', 'connection refused', new Error('connection refused'));
    expect(await lagOf(metrics)).toBe(0);
    t += 60_000;
    expect(await lagOf(metrics)).toBe(60);
  });
});
