import { Worker } from 'node:worker_threads';
import { foldLogInWorkers } from './fold-log-in-workers';

describe('foldLogInWorkers', () => {
  afterEach(() => jest.restoreAllMocks());

  it('rejects with the error of a thread that fails, and stops every thread', async () => {
    const terminate = jest.spyOn(Worker.prototype, 'terminate');
    // Nothing listens on port 1: every thread's first read fails.
    const started = Date.now();
    const progress: number[] = [];
    await expect(foldLogInWorkers('postgres://postgres@127.0.0.1:1/none', {}, 2, { head: { tx: '1', seq: '1' }, maxOpenEvents: 1000, maxPendingFacts: 1000, onEvents: (n) => progress.push(n) })).rejects.toThrow(/ECONNREFUSED/);
    expect(progress).toEqual([]);
    expect(terminate).toHaveBeenCalledTimes(2);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);
});
