import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startCli, waitForExit } from './support/cli';

/** `vt-monitor serve` (the built CLI as a process): what it refuses at start, before anything is opened. */
const tmp = mkdtempSync(join(tmpdir(), 'vt-serve-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('vt-monitor serve without API tokens', () => {
  it('refuses to listen beyond loopback, before it opens or seeds anything', async () => {
    const store = join(tmp, 'refused');
    const run = await runCli(['serve', '--port', '0', '--host', '0.0.0.0', '--seed-if-empty'], { VT_EVENT_STORE: `embedded:${store}`, VT_API_TOKENS: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without API tokens.*VT_API_TOKENS/);
    expect(existsSync(store)).toBe(false);
  });

  it('refuses a REDIS_URL or VT_EVENT_STORE that is not a URL with exit 2, naming it, before it opens anything', async () => {
    const store = join(tmp, 'refused-redis');
    const redis = await runCli(['serve', '--port', '0'], { VT_EVENT_STORE: `embedded:${store}`, REDIS_URL: 'redis://127.0.0.1:99999' });
    expect([redis.code, redis.stderr.trim()]).toEqual([2, 'vt-monitor: REDIS_URL: not a valid URL (expected redis://… or rediss://…; a port must be 0–65535)']);
    expect(existsSync(store)).toBe(false);
    // Was exit 70 ("internal error") with the driver's TypeError: the URL is now read as a setting.
    const pg = await runCli(['report', '--org', 'VTIJ', '--period', '2024'], { VT_EVENT_STORE: 'postgres://vt:geheim@127.0.0.1:99999/vt' });
    expect([pg.code, pg.stderr.trim()]).toEqual([2, 'vt-monitor: VT_EVENT_STORE: not a valid URL (expected postgres://… or postgresql://…; a port must be 0–65535)']);
  });

  it('refuses a VT_MAX_BODY_BYTES that is not a byte count', async () => {
    const run = await runCli(['serve', '--port', '0'], { VT_EVENT_STORE: `embedded:${join(tmp, 'refused-body')}`, VT_MAX_BODY_BYTES: '16MB' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('VT_MAX_BODY_BYTES must be a positive whole number of bytes, got "16MB"');
  });
});

describe('vt-monitor serve', () => {
  it('writes its log to stderr and nothing to stdout (interfaces.md)', async () => {
    const serve = await startCli(['serve', '--port', '0'], { VT_EVENT_STORE: `embedded:${join(tmp, 'logs')}`, VT_API_TOKENS: '', VT_MAX_BODY_BYTES: '1000' }, /listening on \S+:\d+/);
    try {
      const url = `http://127.0.0.1:${/listening on \S+:(\d+)/.exec(serve.output())![1]}`;
      // A request logs a line too (method, path, status).
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
      // A body past the limit, answered by the body parser mounted at /api: logged with its whole path.
      expect((await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `[${'1,'.repeat(600)}1]` })).status).toBe(413);
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      serve.child.kill('SIGTERM');
      await waitForExit(serve.child);
    }
    expect(serve.output()).toContain('GET /health/live 200');
    expect(serve.output()).toContain('POST /api/v1/events 413');
    expect(serve.stdout()).toBe('');
    // Not a terminal: no colour escape codes in the log.
    expect(serve.output()).not.toContain('\x1b[');
  }, 60_000);

  it('stops on SIGTERM with exit 0, having closed everything (the embedded store lock is gone), also with a dashboard open', async () => {
    const dir = join(tmp, 'sigterm');
    const serve = await startCli(['serve', '--port', '0'], { VT_EVENT_STORE: `embedded:${dir}`, VT_API_TOKENS: '' }, /listening on \S+:\d+/);
    expect(existsSync(join(dir, 'vt-monitor.lock'))).toBe(true);
    // An open dashboard: its event stream never ends by itself (it kept the HTTP server from closing).
    const url = `http://127.0.0.1:${/listening on \S+:(\d+)/.exec(serve.output())![1]}`;
    const stream = await fetch(`${url}/api/v1/stream`);
    expect(stream.status).toBe(200);
    // Read as a browser's EventSource reads it, until the server ends it.
    const reader = stream.body!.getReader();
    const ended = (async () => {
      while (!(await reader.read()).done);
    })().catch(() => undefined);
    const signalled = Date.now();
    serve.child.kill('SIGTERM');
    await waitForExit(serve.child);
    expect(Date.now() - signalled).toBeLessThan(4_000);
    await ended;
    // Nest's own shutdown hooks closed the app and raised the signal again: 143, and the store was never closed.
    expect([serve.child.exitCode, serve.child.signalCode]).toEqual([0, null]);
    expect(existsSync(join(dir, 'vt-monitor.lock'))).toBe(false);
  }, 60_000);

  it('stops on SIGTERM while it seeds an empty store, with exit 0 after the chunk under way, and what it wrote is whole', async () => {
    const dir = join(tmp, 'sigterm-seeding');
    const env = { VT_EVENT_STORE: `embedded:${dir}`, VT_API_TOKENS: '' };
    // Its progress line once some chunks are in (off a terminal it prints one every few seconds).
    const serve = await startCli(['serve', '--port', '0', '--seed-if-empty'], env, /seed: [1-9]\d*\/\d+/, 120_000);
    const signalled = Date.now();
    serve.child.kill('SIGTERM');
    await waitForExit(serve.child);
    expect([serve.child.exitCode, serve.child.signalCode]).toEqual([0, null]);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(serve.output()).not.toContain('listening on');
    // The first seeded year (one chunk, written before the progress line above) is whole: seeding it again doubles nothing.
    const seed = await runCli(['seed', '--org', 'VTIJ', '--year', '2014'], env);
    expect(seed.code).toBe(0);
    const summary = JSON.parse(seed.stdout) as { appended: number; duplicates: number; sets: { events: number }[] };
    expect(summary).toMatchObject({ appended: 0, duplicates: summary.sets[0].events });
  }, 120_000);
});

/** `node dist/apps/service/src/main.js` (what `nest start service` runs): the service configured by the environment alone. */
describe('the service entry point without the CLI', () => {
  const MAIN = join(__dirname, '..', 'dist', 'apps', 'service', 'src', 'main.js');
  const run = (env: Record<string, string>) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [MAIN], { env: { ...process.env, NODE_OPTIONS: '', VT_API_TOKENS: '', ...env } });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stderr }));
    });

  it('refuses a PORT that is not a port number with exit 2, before it opens the store', async () => {
    for (const port of ['1e3', '0x10', '3000abc', '70000']) {
      const store = join(tmp, `main-refused-${port}`);
      const refused = await run({ PORT: port, VT_EVENT_STORE: `embedded:${store}` });
      expect([port, refused.code]).toEqual([port, 2]);
      expect(refused.stderr).toContain('vt-monitor: PORT: must be a TCP port number, 0–65535');
      expect(existsSync(store)).toBe(false);
    }
  });

  it('listens on PORT and stops on SIGTERM with exit 0', async () => {
    const child = spawn(process.execPath, [MAIN], { env: { ...process.env, NODE_OPTIONS: '', VT_API_TOKENS: '', PORT: '0', VT_EVENT_STORE: `embedded:${join(tmp, 'main-port')}` } });
    let output = '';
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const end = Date.now() + 60_000;
    while (!/listening on \S+:\d+/.test(output) && Date.now() < end && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    const port = /listening on \S+:(\d+)/.exec(output)?.[1];
    expect(port).toBeDefined();
    expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 90_000);
});
