import { CoalescedTask } from './coalesced-task';

/** A task whose runs end only when the test says so. */
function controlledTask() {
  const ends: Array<(err?: Error) => void> = [];
  let runs = 0;
  const task = () =>
    new Promise<void>((resolve, reject) => {
      runs += 1;
      ends.push((err) => (err ? reject(err) : resolve()));
    });
  return { task, runs: () => runs, end: async (err?: Error) => { ends.shift()!(err); await new Promise((r) => setImmediate(r)); } };
}

describe('CoalescedTask', () => {
  it('serves every request made during a run with one run after it', async () => {
    const t = controlledTask();
    const coalesced = new CoalescedTask(t.task, () => {});
    coalesced.request();
    expect(t.runs()).toBe(1);
    coalesced.request();
    coalesced.request();
    coalesced.request();
    expect(t.runs()).toBe(1); // one at a time
    await t.end();
    expect(t.runs()).toBe(2); // the three waiting requests share one run
    await t.end();
    await coalesced.settled();
    expect(t.runs()).toBe(2);
  });

  it('runs again for a request after the last run ended', async () => {
    const t = controlledTask();
    const coalesced = new CoalescedTask(t.task, () => {});
    coalesced.request();
    await t.end();
    await coalesced.settled();
    coalesced.request();
    expect(t.runs()).toBe(2);
    await t.end();
  });

  it('reports a failed run and still serves the requests that came meanwhile', async () => {
    const t = controlledTask();
    const errors: unknown[] = [];
    const coalesced = new CoalescedTask(t.task, (err) => errors.push(err));
    coalesced.request();
    coalesced.request();
    await t.end(new Error('VACUUM failed'));
    expect(errors).toEqual([new Error('VACUUM failed')]);
    expect(t.runs()).toBe(2);
    await t.end();
    await coalesced.settled();
    coalesced.request();
    expect(t.runs()).toBe(3);
    await t.end();
  });

  it('settles only after the run under way and the one due after it', async () => {
    const t = controlledTask();
    const coalesced = new CoalescedTask(t.task, () => {});
    let settled = false;
    coalesced.request();
    coalesced.request();
    void coalesced.settled().then(() => (settled = true));
    await t.end();
    expect(settled).toBe(false);
    await t.end();
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(true);
  });

  it('settles at once when nothing is under way', async () => {
    const coalesced = new CoalescedTask(() => Promise.resolve(), () => {});
    await expect(coalesced.settled()).resolves.toBeUndefined();
  });
});

describe('CoalescedTask with a task that throws before it returns a promise', () => {
  it('reports the error and is ready for the next request', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const coalesced = new CoalescedTask(() => {
      runs += 1;
      throw new Error('no connection');
    }, (err) => errors.push(err));
    coalesced.request();
    await coalesced.settled();
    coalesced.request();
    await coalesced.settled();
    expect(runs).toBe(2);
    expect(errors).toHaveLength(2);
  });
});

describe('CoalescedTask and a request at any step around the end of a run', () => {
  it('serves a request made any number of microtask steps after a run began (none is lost between its last look and its end)', async () => {
    for (let hops = 0; hops < 12; hops++) {
      let runs = 0;
      const coalesced = new CoalescedTask(async () => {
        runs += 1;
      }, () => {});
      coalesced.request();
      let later: Promise<void> = Promise.resolve();
      for (let i = 0; i < hops; i++) later = later.then(() => undefined);
      await later.then(() => coalesced.request());
      await coalesced.settled();
      await new Promise((r) => setImmediate(r));
      await coalesced.settled();
      // The second request came during the run (served by one more) or after it (a run of its own).
      expect([hops, runs]).toEqual([hops, 2]);
    }
  });
});

describe('CoalescedTask whose error report fails itself', () => {
  it('goes on: no unhandled rejection, and the next request runs', async () => {
    let runs = 0;
    const coalesced = new CoalescedTask(() => {
      runs += 1;
      return Promise.reject(undefined);
    }, (err) => {
      throw new TypeError(`cannot read ${(err as Error).message}`);
    });
    coalesced.request();
    await expect(coalesced.settled()).resolves.toBeUndefined();
    coalesced.request();
    await coalesced.settled();
    expect(runs).toBe(2);
  });
});
