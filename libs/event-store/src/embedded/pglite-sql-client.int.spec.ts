import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgliteSqlClient } from './pglite-sql-client';

/** The plan of a read of 100 keys' rows by `= ANY`, as loadCaseEvents reads cases' events. */
async function planOfHundredKeys(db: PgliteSqlClient): Promise<string> {
  const keys = Array.from({ length: 100 }, (_, i) => `case-${i * 37}`);
  const rows = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT body FROM events WHERE stream_id = ANY($1::text[])`, [keys]);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

describe('PgliteSqlClient', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vt-pglite-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const fill = async (db: PgliteSqlClient, from: number, to: number) => {
    // 10 rows per key, as a case has about 10 events.
    await db.query(
      `INSERT INTO events (stream_id, body) SELECT 'case-' || (i / 10), repeat('x', 200) FROM generate_series($1::int, $2::int - 1) AS i`,
      [from, to],
    );
  };

  it('analyzes at open a table filled by an earlier process, so a read of 100 keys goes along the index', async () => {
    const first = await PgliteSqlClient.open(dir);
    await first.query(`CREATE TABLE events (stream_id text NOT NULL, body text NOT NULL); CREATE INDEX events_stream ON events (stream_id)`);
    await fill(first, 0, 40_000);
    // Never analyzed: the planner has no statistics and guesses (for the seeded log's 271,266 events
    // it chose a scan of the whole log, see pglite-sql-client.ts).
    const [before] = await first.query<{ tuples: number }>(`SELECT reltuples::float8 AS tuples FROM pg_class WHERE relname = 'events'`);
    expect(before.tuples).toBeLessThanOrEqual(0);
    await first.close();

    const second = await PgliteSqlClient.open(dir);
    try {
      const [stats] = await second.query<{ tuples: number }>(`SELECT reltuples::float8 AS tuples FROM pg_class WHERE relname = 'events'`);
      expect(stats.tuples).toBe(40_000);
      expect(await planOfHundredKeys(second)).toMatch(/Index Scan|Bitmap Index Scan/);
    } finally {
      await second.close();
    }
  });

  it('maintains, while open, a table that grew by more than a tenth, and only then', async () => {
    const db = await PgliteSqlClient.open(dir);
    try {
      await db.query(`CREATE TABLE events (stream_id text NOT NULL, body text NOT NULL); CREATE INDEX events_stream ON events (stream_id)`);
      await fill(db, 0, 20_000);
      expect(await db.maintain()).toEqual(['events']);
      expect(await db.maintain()).toEqual([]);
      await fill(db, 20_000, 21_000); // 5 %: not yet
      expect(await db.maintain()).toEqual([]);
      await fill(db, 21_000, 24_000);
      expect(await db.maintain()).toEqual(['events']);
      const [stats] = await db.query<{ tuples: number }>(`SELECT reltuples::float8 AS tuples FROM pg_class WHERE relname = 'events'`);
      expect(stats.tuples).toBe(24_000);
    } finally {
      await db.close();
    }
  });

  it('gives the event loop a turn after each query, also in a transaction, so that a long run of queries does not hold other requests', async () => {
    const db = await PgliteSqlClient.open(dir);
    try {
      // Counts the turns of the event loop: one tick per turn while it runs.
      let turns = 0;
      let ticking = true;
      const tick = () => {
        turns++;
        if (ticking) setImmediate(tick);
      };
      setImmediate(tick);
      try {
        for (let i = 0; i < 5; i++) await db.query('SELECT 1');
        expect(turns).toBeGreaterThanOrEqual(5);
        const before = turns;
        await db.transaction(async (tx) => {
          for (let i = 0; i < 5; i++) await tx.query('SELECT 1');
        });
        expect(turns - before).toBeGreaterThanOrEqual(5);
      } finally {
        ticking = false;
      }
    } finally {
      await db.close();
    }
  });
});
