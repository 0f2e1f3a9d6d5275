import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, type EventStore } from '../../../../libs/event-store/src';
import { eersteContact, melding } from '../../../../test/support/event-factory';
import { createTestDatabase, describeWithPostgres, PG_ADMIN_URL } from '../../../../test/support/services';
import { TcpProxy } from '../../../../test/support/tcp-proxy';
import { startService, type RunningService } from '../start-service';

const tmp = mkdtempSync(join(tmpdir(), 'vt-http-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const TOKENS = {
  ingestVtij: 'ingest-vtij-0123456789abcdef',
  readVtij: 'read-vtij-0123456789abcdef',
  admin: 'admin-0123456789abcdef0123',
  adminVtij: 'admin-vtij-0123456789abcdef',
};
const tokensFile = join(tmp, 'tokens.json');
writeFileSync(
  tokensFile,
  JSON.stringify({
    tokens: [
      { name: 'vtij-registratie', token: TOKENS.ingestVtij, role: 'ingest', organisations: ['VTIJ'] },
      { name: 'vtij-controller', token: TOKENS.readVtij, role: 'read', organisations: ['VTIJ'] },
      { name: 'beheer', token: TOKENS.admin, role: 'admin', organisations: '*' },
      { name: 'beheer-vtij', token: TOKENS.adminVtij, role: 'admin', organisations: ['VTIJ'] },
    ],
  }),
);

async function post(service: RunningService, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${service.url}/api/v1/events`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, body: await res.json() };
}

const vtnogMelding = (caseId: string) =>
  melding(caseId, undefined, { organisation: 'VTNOG', data: { gemeente: 'GM0200', melder: { soort: 'particulier', groep: 'buurtbewoner' }, aard: ['kindermishandeling'], crisis: false } } as never);

describe('POST /api/v1/events without API tokens (embedded store)', () => {
  let service: RunningService;
  let store: EventStore;
  beforeAll(async () => {
    store = await createEventStore(`embedded:${join(tmp, 'open')}`);
    service = await startService({ port: 0, store, logger: false, maxBodyBytes: 64 * 1024 });
  });
  afterAll(() => service.close());

  it('listens on loopback only', () => {
    expect(service.app.getHttpServer().address().address).toBe('127.0.0.1');
  });

  it('stores a JSON array and answers with counts; a retry doubles nothing', async () => {
    const events = [melding('H-1'), eersteContact('H-1')];
    expect(await post(service, JSON.stringify(events))).toEqual({ status: 200, body: { appended: 2, duplicates: 0 } });
    expect(await post(service, JSON.stringify(events))).toEqual({ status: 200, body: { appended: 0, duplicates: 2 } });
    expect(await store.readStream('VTIJ', 'H-1')).toHaveLength(2);
  });

  it('stores NDJSON', async () => {
    const body = [melding('H-2'), eersteContact('H-2')].map((e) => JSON.stringify(e)).join('\n');
    expect(await post(service, body, { 'content-type': 'application/x-ndjson' })).toEqual({ status: 200, body: { appended: 2, duplicates: 0 } });
  });

  it('stores one pretty-printed object, and tells it from NDJSON sent as application/json', async () => {
    expect(await post(service, JSON.stringify(melding('H-8'), null, 2))).toEqual({ status: 200, body: { appended: 1, duplicates: 0 } });
    const lines = [melding('H-9'), eersteContact('H-9')].map((e) => JSON.stringify(e)).join('\n');
    expect(await post(service, lines)).toEqual({ status: 200, body: { appended: 2, duplicates: 0 } });
    expect(await store.readStream('VTIJ', 'H-8')).toHaveLength(1);
  });

  it('answers 400 naming index and field, and writes nothing of the batch', async () => {
    const good = melding('H-3');
    const bad = { ...melding('H-4'), occurredAt: '2024-03-04T10:00:00' };
    const res = await post(service, JSON.stringify([good, bad]));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ index: 1, field: 'occurredAt', message: expect.any(String) }]);
    expect(await store.readStream('VTIJ', 'H-3')).toEqual([]);
  });

  it('answers 400 for a body that is not JSON, also with skipInvalid=true (none of its records can be told apart to keep)', async () => {
    const res = await post(service, '{"id": ');
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ index: 0 });
    const skipping = await fetch(`${service.url}/api/v1/events?skipInvalid=true`, { method: 'POST', body: `[${JSON.stringify(melding('H-JSON-1'))}, {"id": `, headers: { 'content-type': 'application/json' } });
    expect(skipping.status).toBe(400);
    expect(await store.readStream('VTIJ', 'H-JSON-1')).toEqual([]);
    // skipInvalid is true or false: `=1` meant "do not skip" without a word; an unknown parameter is named.
    const body = JSON.stringify([melding('H-Q-1')]);
    expect((await fetch(`${service.url}/api/v1/events?skipInvalid=1`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })).status).toBe(400);
    expect(await (await fetch(`${service.url}/api/v1/events?skipinvalid=true`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })).json()).toEqual({
      error: 'unknown query parameter: a name none of the routes takes; this route takes skipInvalid',
    });
    expect(await store.readStream('VTIJ', 'H-Q-1')).toEqual([]);
  });

  it('answers 400 naming the id reused with another body, and writes nothing', async () => {
    const e = melding('H-5');
    await post(service, JSON.stringify([e]));
    const fresh = melding('H-6');
    const res = await post(service, JSON.stringify([fresh, { ...e, data: { ...e.data, crisis: true } }]));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ index: 1, field: 'id', message: expect.stringContaining('another body') }]);
    expect(await store.readStream('VTIJ', 'H-6')).toEqual([]);
  });

  it('answers 413 past the size limit', async () => {
    const events = Array.from({ length: 300 }, (_, i) => melding(`BIG-${i}`));
    const res = await post(service, JSON.stringify(events));
    expect(res.status).toBe(413);
    expect(await store.readStream('VTIJ', 'BIG-0')).toEqual([]);
  });

  it('is live and ready', async () => {
    expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
  });
});

describe('POST /api/v1/events with API tokens', () => {
  let service: RunningService;
  let store: EventStore;
  beforeAll(async () => {
    store = await createEventStore(`embedded:${join(tmp, 'tokens')}`);
    service = await startService({ port: 0, host: '127.0.0.1', store, tokensFile, logger: false });
  });
  afterAll(() => service.close());

  it('answers 401 without a token and with an unknown one', async () => {
    const body = JSON.stringify([melding('T-1')]);
    expect((await post(service, body)).status).toBe(401);
    expect((await post(service, body, { authorization: 'Bearer not-a-token-at-all-0000' })).status).toBe(401);
    expect(await store.readStream('VTIJ', 'T-1')).toEqual([]);
  });

  it('lets an ingest token for VTIJ write VTIJ events', async () => {
    expect(await post(service, JSON.stringify([melding('T-2')]), { authorization: `Bearer ${TOKENS.ingestVtij}` })).toEqual({ status: 200, body: { appended: 1, duplicates: 0 } });
  });

  it('answers 403 when the batch holds an organisation the token does not cover, writing nothing', async () => {
    const res = await post(service, JSON.stringify([melding('T-3'), vtnogMelding('T-4')]), { authorization: `Bearer ${TOKENS.ingestVtij}` });
    expect(res.status).toBe(403);
    expect(res.body.indexes).toEqual([1]);
    expect(await store.readStream('VTIJ', 'T-3')).toEqual([]);
  });

  it('answers 403 to a read token that tries to write', async () => {
    expect((await post(service, JSON.stringify([melding('T-5')]), { authorization: `Bearer ${TOKENS.readVtij}` })).status).toBe(403);
  });

  it('lets only an admin erase a case', async () => {
    await post(service, JSON.stringify([melding('T-6')]), { authorization: `Bearer ${TOKENS.ingestVtij}` });
    const url = `${service.url}/api/v1/organisations/VTIJ/cases/T-6`;
    expect((await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${TOKENS.ingestVtij}` } })).status).toBe(403);
    const res = await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${TOKENS.admin}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ organisation: 'VTIJ', eventsErased: 1 });
    expect(await store.readStream('VTIJ', 'T-6')).toEqual([]);
  });

  it("lets an admin token erase only its own organisations' cases", async () => {
    await post(service, JSON.stringify([vtnogMelding('T-7')]), { authorization: `Bearer ${TOKENS.admin}` });
    const url = `${service.url}/api/v1/organisations/VTNOG/cases/T-7`;
    const refused = await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${TOKENS.adminVtij}` } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: 'this token does not cover organisation VTNOG' });
    expect(await store.readStream('VTNOG', 'T-7')).toHaveLength(1);
    expect((await fetch(`${service.url}/api/v1/organisations/VTXX/cases/T-7`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKENS.adminVtij}` } })).status).toBe(404);
    expect((await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${TOKENS.admin}` } })).status).toBe(200);
    expect(await store.readStream('VTNOG', 'T-7')).toEqual([]);
  });
});

describeWithPostgres('POST /api/v1/events while PostgreSQL goes down and comes back', () => {
  let service: RunningService;
  let proxy: TcpProxy;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    const target = new URL(PG_ADMIN_URL);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    const port = await proxy.start();
    const viaProxy = new URL(db.url);
    viaProxy.port = String(port);
    service = await startService({ port: 0, storeUrl: viaProxy.toString(), logger: false });
  });
  afterAll(async () => {
    await service.close();
    await proxy.cut();
    await drop();
  });

  it('answers 503 while the store is down, and the retry with the same ids stores each event once', async () => {
    const events = Array.from({ length: 50 }, (_, i) => melding(`D-${i}`));
    expect((await post(service, JSON.stringify(events.slice(0, 20)))).status).toBe(200);
    await proxy.cut();
    const down = await post(service, JSON.stringify(events));
    expect(down.status).toBe(503);
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(503);
    await proxy.restore();
    let retry = await post(service, JSON.stringify(events));
    for (let i = 0; retry.status === 503 && i < 20; i++) {
      await new Promise((r) => setTimeout(r, 250));
      retry = await post(service, JSON.stringify(events));
    }
    expect(retry).toEqual({ status: 200, body: { appended: 30, duplicates: 20 } });
    const all = await service.store.readAll({ limit: 1000 });
    expect(all.events).toHaveLength(50);
    expect(new Set(all.events.map((e) => e.id)).size).toBe(50);
  });
});
