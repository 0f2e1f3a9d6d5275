import { tablesToMaintain, type TableSize } from './tables-to-maintain';

const table = (name: string, tuples: number, pages_then: number, pages_now: number): TableSize => ({ name, tuples, pages_then, pages_now });

describe('tablesToMaintain (PGlite has no autovacuum)', () => {
  it('takes a table never analyzed once it has 8 pages, not before', () => {
    expect(tablesToMaintain([table('vt_events', -1, 0, 8), table('vt_streams', -1, 0, 7)])).toEqual(['vt_events']);
  });

  it('takes a table grown or shrunk by more than a tenth since its last VACUUM or ANALYZE', () => {
    const sizes = [
      table('grown', 1000, 1000, 1101),
      table('grown-a-tenth', 1000, 1000, 1100),
      table('shrunk', 1000, 1000, 899),
      table('same', 1000, 1000, 1000),
    ];
    expect(tablesToMaintain(sizes)).toEqual(['grown', 'shrunk']);
  });

  it('needs a move of at least 8 pages for a small table', () => {
    expect(tablesToMaintain([table('small', 100, 20, 28), table('small-moved', 100, 20, 29)])).toEqual(['small-moved']);
  });

  it('takes a table emptied (TRUNCATE) after it was analyzed large', () => {
    expect(tablesToMaintain([table('rm_cases', 71_732, 3_482, 0)])).toEqual(['rm_cases']);
  });

  it('leaves tables too small to matter, analyzed or not', () => {
    expect(tablesToMaintain([table('rm_checkpoints', -1, 0, 1), table('vt_erasures', 0, 0, 0)])).toEqual([]);
  });
});
