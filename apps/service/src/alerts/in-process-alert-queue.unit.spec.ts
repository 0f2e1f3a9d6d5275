import type { AlertJob } from './alert-queue';
import { InProcessAlertQueue } from './in-process-alert-queue';

const scan: AlertJob = { name: 'scan' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('in-process alert jobs (without Redis)', () => {
  let queue: InProcessAlertQueue;
  afterEach(() => queue.close());

  it('runs a job after its delay, once per job id however often it is added', async () => {
    queue = new InProcessAlertQueue();
    const runs: number[] = [];
    const started = Date.now();
    await queue.start(async () => void runs.push(Date.now() - started), 60_000);
    await queue.add(scan, { jobId: 'a', delay: 80 });
    await queue.add(scan, { jobId: 'a', delay: 0 });
    await sleep(40);
    expect(runs).toEqual([]);
    await sleep(160);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toBeGreaterThanOrEqual(75);
    // Done: the id is free again (a later scan may arm the alert anew).
    await queue.add(scan, { jobId: 'a' });
    await sleep(30);
    expect(runs).toHaveLength(2);
  });

  it('retries a failing job with exponential back-off until its attempts run out', async () => {
    queue = new InProcessAlertQueue();
    const attempts: { attempt: number; at: number }[] = [];
    const started = Date.now();
    await queue.start(async (_job, attempt) => {
      attempts.push({ attempt, at: Date.now() - started });
      if (attempt < 3) throw new Error('webhook answered 500');
    }, 60_000);
    await queue.add(scan, { jobId: 'b', attempts: 5, backoffMs: 40 });
    await sleep(300);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    // Waits 40 ms, then 80 ms: at least 120 ms from the first attempt to the third.
    expect(attempts[2].at - attempts[0].at).toBeGreaterThanOrEqual(115);

    await queue.close();
    queue = new InProcessAlertQueue();
    const given: number[] = [];
    await queue.start(async (_job, attempt) => {
      given.push(attempt);
      throw new Error('down');
    }, 60_000);
    await queue.add(scan, { jobId: 'c', attempts: 2, backoffMs: 10 });
    await sleep(100);
    expect(given).toEqual([1, 2]);
  });

  it('holds jobs added before start until it starts, and runs nothing after close', async () => {
    queue = new InProcessAlertQueue();
    const runs: string[] = [];
    await queue.add(scan, { jobId: 'early' });
    await sleep(20);
    await queue.start(async () => void runs.push('ran'), 60_000);
    await sleep(20);
    expect(runs).toEqual(['ran']);
    await queue.add(scan, { jobId: 'late', delay: 30 });
    await queue.close();
    await sleep(60);
    expect(runs).toEqual(['ran']);
  });
});
