import { IdempotencyConflictError } from '../errors';
import { classifyIds, planAppend, type KnownId } from './plan-append';

const ID = ['aaaaaaaa-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000002', 'aaaaaaaa-0000-4000-8000-000000000003'];

describe('planAppend (idempotency rules of the KurrentDB store)', () => {
  const nothingKnown = (): KnownId => undefined;

  it('writes new events in batch order', () => {
    expect(planAppend(ID, ['p1', 'p2', 'p3'], nothingKnown)).toEqual({ toWrite: [0, 1, 2], duplicateIndexes: [], writtenEarlier: [] });
  });

  it('counts a repeat in the batch with the same fingerprint as a duplicate, ignoring the case of the id', () => {
    const plan = planAppend([ID[0], ID[1], ID[0].toUpperCase()], ['p1', 'p2', 'p1'], nothingKnown);
    expect(plan).toEqual({ toWrite: [0, 1], duplicateIndexes: [2], writtenEarlier: [] });
  });

  it('refuses a repeat in the batch with another fingerprint, writing nothing', () => {
    expect(() => planAppend([ID[0], ID[0]], ['p1', 'other'], nothingKnown)).toThrow(IdempotencyConflictError);
    expect(classifyIds([ID[0], ID[0]], ['p1', 'other'], nothingKnown).conflicts).toEqual([{ index: 1, id: ID[0] }]);
  });

  it('counts stored ids with the same fingerprint, and erased ids, as duplicates', () => {
    const known = (i: number): KnownId => (i === 0 ? { fingerprint: 'p1' } : i === 1 ? 'erased' : undefined);
    expect(planAppend(ID, ['p1', 'p2', 'p3'], known)).toEqual({ toWrite: [2], duplicateIndexes: [0, 1], writtenEarlier: [] });
  });

  it('refuses a stored id with another fingerprint, listing every conflict by index', () => {
    const known = (i: number): KnownId => (i === 2 ? { fingerprint: 'stored' } : undefined);
    const err = (() => {
      try {
        planAppend([ID[0], ID[0], ID[2]], ['p1', 'px', 'p3'], known);
      } catch (e) {
        return e as IdempotencyConflictError;
      }
      throw new Error('no conflict');
    })();
    expect(err).toBeInstanceOf(IdempotencyConflictError);
    expect(err.conflicts).toEqual([
      { index: 1, id: ID[0] },
      { index: 2, id: ID[2] },
    ]);
  });

  it('keeps events an earlier attempt of the same call wrote apart from duplicates', () => {
    const known = (i: number): KnownId => (i === 0 ? 'written-by-this-call' : undefined);
    expect(planAppend(ID, ['p1', 'p2', 'p3'], known)).toEqual({ toWrite: [1, 2], duplicateIndexes: [], writtenEarlier: [0] });
  });
});
