import { MAX_OPEN_EVENTS, MAX_PENDING_FACTS, rebuildAllowances } from './rebuild-allowances';

const MiB = 2 ** 20;

describe('rebuildAllowances', () => {
  it('keeps the full counts where the heap has room for them (Node on a 16 GiB machine: 4 GiB)', () => {
    const a = rebuildAllowances(4144 * MiB);
    expect(a.maxOpenEvents).toBeGreaterThan(1_800_000);
    expect(a.maxOpenEvents).toBeLessThanOrEqual(MAX_OPEN_EVENTS);
    expect(a.maxPendingFacts).toBeGreaterThan(400_000);
    expect(a.maxPendingFacts).toBeLessThanOrEqual(MAX_PENDING_FACTS);
  });

  it('never holds more than the counts, whatever the heap', () => {
    expect(rebuildAllowances(64 * 1024 * MiB)).toEqual({ maxOpenEvents: MAX_OPEN_EVENTS, maxPendingFacts: MAX_PENDING_FACTS });
  });

  it('holds less on a smaller heap, within 40 % of it at the bytes per item measured in bench/ (479 B an event, 1,103 B a month row)', () => {
    // Node gives a 4 GiB machine about 1 GiB of heap: the fixed counts (about 1.5 GB held) died there.
    const heap = 1024 * MiB;
    const a = rebuildAllowances(heap);
    expect(a.maxOpenEvents).toBeLessThan(MAX_OPEN_EVENTS / 3);
    expect(a.maxOpenEvents * 479 + a.maxPendingFacts * 1_103).toBeLessThanOrEqual(heap * 0.4);
    expect(rebuildAllowances(2 * heap).maxOpenEvents).toBeGreaterThan(a.maxOpenEvents);
  });

  it('folds whole cases even on a tiny heap', () => {
    const a = rebuildAllowances(16 * MiB);
    expect(a.maxOpenEvents).toBeGreaterThanOrEqual(20_000);
    expect(a.maxPendingFacts).toBeGreaterThanOrEqual(5_000);
  });

  it('refuses a heap limit that is not a positive number', () => {
    expect(() => rebuildAllowances(0)).toThrow(RangeError);
    expect(() => rebuildAllowances(Number.NaN)).toThrow(/heap limit/);
  });
});
