import { Client } from 'pg';
import { randomBytes } from 'node:crypto';

/**
 * Real services for integration tests. Where a service is down the tests that need it are skipped,
 * unless REQUIRE_SERVICES=1 (CI), which makes them fail instead.
 */
export const PG_ADMIN_URL = process.env.VT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL_FOR_TESTS = process.env.VT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const servicesRequired = process.env.REQUIRE_SERVICES === '1';

/** `describe` when PostgreSQL answered the global setup's probe, else `describe.skip`. */
export const describeWithPostgres: jest.Describe = process.env.VT_TEST_PG === '0' ? describe.skip : describe;
/** The same for tests that need both PostgreSQL and Redis. */
export const describeWithPostgresAndRedis: jest.Describe = process.env.VT_TEST_PG === '0' || process.env.VT_TEST_REDIS === '0' ? describe.skip : describe;

/** A fresh, empty database for one test file; `drop()` removes it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `vt_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
