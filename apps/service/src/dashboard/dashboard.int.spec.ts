import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { melding } from '../../../../test/support/event-factory';
import { startService, type RunningService } from '../start-service';

const tmp = mkdtempSync(join(tmpdir(), 'vt-dash-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const tokensFile = join(tmp, 'tokens.json');
const READ_VTIJ = 'read-vtij-0123456789abcdef';
const INGEST = 'ingest-all-0123456789abcdef';
const ADMIN = 'admin-all-0123456789abcdef';
writeFileSync(
  tokensFile,
  JSON.stringify({
    tokens: [
      { name: 'wall-vtij', token: READ_VTIJ, role: 'read', organisations: ['VTIJ'] },
      { name: 'registratie', token: INGEST, role: 'ingest', organisations: '*' },
      { name: 'beheer', token: ADMIN, role: 'admin', organisations: '*' },
    ],
  }),
);

/** Reads server-sent events from a fetch response until `until` returns true or the time is up. */
async function readEvents(res: Response, until: (events: { event: string; data: any }[]) => boolean, ms = 10_000) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: { event: string; data: any }[] = [];
  let buffer = '';
  const deadline = Date.now() + ms;
  while (!until(events) && Date.now() < deadline) {
    let timer: NodeJS.Timeout | undefined;
    const timeUp = new Promise<{ done: true; value: undefined }>((r) => (timer = setTimeout(() => r({ done: true, value: undefined }), deadline - Date.now())));
    const chunk = await Promise.race([reader.read(), timeUp]);
    clearTimeout(timer);
    if (chunk.done) break;
    buffer += chunk.value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1];
      events.push({ event, data: data ? JSON.parse(data) : undefined });
    }
  }
  reader.releaseLock();
  return events;
}

describe('dashboard routes', () => {
  let service: RunningService;
  const post = async (events: unknown[]) => {
    const res = await fetch(`${service.url}/api/v1/events`, { method: 'POST', body: JSON.stringify(events), headers: { authorization: `Bearer ${INGEST}` } });
    await res.text();
    return res.status;
  };
  /** The status of a GET, its body read (an unread body keeps the connection open). */
  const status = async (path: string) => {
    const res = await fetch(`${service.url}${path}`);
    await res.arrayBuffer();
    return res.status;
  };

  beforeAll(async () => {
    service = await startService({ port: 0, host: '127.0.0.1', storeUrl: `embedded:${join(tmp, 'store')}`, tokensFile, logger: false, alerts: false });
  });
  afterAll(() => service.close());

  it('serves the page and its listed files without a token, and nothing else', async () => {
    const page = await fetch(`${service.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).toContain('<html lang="nl">');
    // Every script and style the page names is served from our own origin: no CDN.
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThanOrEqual(4);
    for (const ref of refs) {
      expect(ref.startsWith('/dashboard/')).toBe(true);
      expect(await status(ref)).toBe(200);
    }
    const script = await fetch(`${service.url}/dashboard/main.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    await script.text();
    expect(await status('/dashboard/vendor/stream.js')).toBe(200);
    for (const path of ['/dashboard/nope.js', '/dashboard/..%2F..%2Fdashboard.controller.ts', '/dashboard/vendor/..%2Fpackage.json', '/dashboard/%2e%2e%2f%2e%2e%2fpackage.json']) {
      expect(await status(path)).toBe(404);
    }
  });

  it('lists the organisations the token covers, with municipalities and each term’s norm', async () => {
    expect(await status('/api/v1/organisations')).toBe(401);
    const res = await fetch(`${service.url}/api/v1/organisations`, { headers: { authorization: `Bearer ${READ_VTIJ}` } });
    const body: any = await res.json();
    expect(body.organisations.map((o: any) => o.code)).toEqual(['VTIJ']);
    const vtij = body.organisations[0];
    expect(vtij.name).toBe('Veilig Thuis IJsselland');
    expect(vtij.gemeenten).toContainEqual({ code: 'GM0193', name: 'Zwolle' });
    expect(vtij.terms.triage).toEqual({ length: 5, unit: 'werkdagen', normPct: 90 });
    expect(vtij.terms.onderzoek).toEqual({ length: 10, unit: 'weken', normPct: 80 });
  });

  it('streams a change for the token’s organisations when events are applied, never case data', async () => {
    expect(await status('/api/v1/stream')).toBe(401);
    const connection = new AbortController();
    const res = await fetch(`${service.url}/api/v1/stream`, { headers: { authorization: `Bearer ${READ_VTIJ}`, accept: 'text/event-stream' }, signal: connection.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    // A VTNOG event first: this token does not cover VTNOG, so it must not hear of it.
    expect(await post([melding('NOG-1', '2024-05-01T10:00:00+02:00', { organisation: 'VTNOG', data: { gemeente: 'GM0200', melder: { soort: 'particulier', groep: 'buurtbewoner' }, aard: ['kindermishandeling'], crisis: false } } as any)])).toBe(200);
    await service.runner.waitUntilCaughtUp();
    await new Promise((r) => setTimeout(r, 400));
    expect(await post([melding('IJ-1', '2024-03-04T10:00:00+01:00'), melding('IJ-2', '2024-02-01T10:00:00+01:00')])).toBe(200);
    const events = await readEvents(res, (seen) => seen.some((e) => e.event === 'changed'));
    connection.abort();
    const changed = events.filter((e) => e.event === 'changed');
    expect(changed).toHaveLength(1);
    expect(changed[0].data).toEqual({ organisations: ['VTIJ'], since: '2024-02-01', position: expect.any(String), recordedAt: expect.any(String), events: expect.any(Number) });
    expect(JSON.stringify(events)).not.toContain('IJ-1');
  });

  it('streams a change when a case is erased, so open pages read every period again', async () => {
    expect(await post([melding('IJ-9', '2024-03-05T10:00:00+01:00')])).toBe(200);
    await service.runner.waitUntilCaughtUp();
    await new Promise((r) => setTimeout(r, 400));
    const connection = new AbortController();
    const res = await fetch(`${service.url}/api/v1/stream`, { headers: { authorization: `Bearer ${READ_VTIJ}`, accept: 'text/event-stream' }, signal: connection.signal });
    const erased = await fetch(`${service.url}/api/v1/organisations/VTIJ/cases/IJ-9`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
    expect(erased.status).toBe(200);
    const events = await readEvents(res, (seen) => seen.some((e) => e.event === 'changed'));
    connection.abort();
    expect(events.filter((e) => e.event === 'changed').map((e) => e.data)).toEqual([
      { organisations: ['VTIJ'], since: null, position: expect.any(String), recordedAt: expect.any(String), events: 0 },
    ]);
    expect(JSON.stringify(events)).not.toContain('IJ-9');
  });
});
