// Probes the real services once for the whole run. Tests that need one use `describeWith…` from
// test/support/services.ts: skipped when the service is down, failed when REQUIRE_SERVICES=1.
const { Client } = require('pg');
const net = require('node:net');

function tcpOpen(host, port) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 1500 }, () => { s.end(); resolve(true); });
    s.on('error', () => resolve(false));
    s.on('timeout', () => { s.destroy(); resolve(false); });
  });
}

module.exports = async () => {
  const pgUrl = process.env.VT_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  let pg = false;
  const c = new Client({ connectionString: pgUrl, connectionTimeoutMillis: 2000 });
  try { await c.connect(); await c.query('SELECT 1'); pg = true; } catch { pg = false; } finally { await c.end().catch(() => {}); }
  const redisUrl = new URL(process.env.VT_TEST_REDIS_URL || 'redis://127.0.0.1:6379');
  const redis = await tcpOpen(redisUrl.hostname, Number(redisUrl.port || 6379));
  const missing = [!pg && `PostgreSQL (${pgUrl})`, !redis && `Redis (${redisUrl.host})`].filter(Boolean);
  if (process.env.REQUIRE_SERVICES === '1' && missing.length > 0) {
    throw new Error(`REQUIRE_SERVICES=1 but not reachable: ${missing.join(', ')}`);
  }
  if (missing.length > 0) console.warn(`\n[vt-monitor tests] not reachable, their tests are skipped: ${missing.join(', ')}`);
  process.env.VT_TEST_PG = pg ? '1' : '0';
  process.env.VT_TEST_REDIS = redis ? '1' : '0';
};
