import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createEventStore } from '../../../../libs/event-store/src';
import type { VtEvent } from '../../../../libs/events/src';
import { createProjectionConfig } from '../../../../libs/projections/src';
import { openReadModel, readCheckpoint, REBUILDING, writeCheckpoint } from '../../../../libs/read-model/src';
import { withReadModelsToItself } from '../../../../libs/read-model/src/read-model-lock';
import { startCli, waitForExit } from '../../../../test/support/cli';
import { createTestDatabase, describeWithPostgres } from '../../../../test/support/services';

/**
 * The dashboard in a real browser (Debian's Chromium, headless) against the built service on
 * PostgreSQL: it loads without console errors or failed requests, shows the API's numbers
 * for the same organisation and instant, and follows a posted event without a reload.
 */
const CHROMIUM = process.env.VT_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOT = join(__dirname, '..', '..', '..', '..', 'test', 'artifacts', 'dashboard.png');
const tmp = mkdtempSync(join(tmpdir(), 'vt-dash-e2e-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const DAY = 86_400_000;
const GEMEENTEN = ['GM0193', 'GM0150', 'GM0166', 'GM0160', 'GM1708', 'overig'];

const offset = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
const ev = (caseId: string, type: string, ms: number, data: Record<string, unknown> = {}) => ({ id: randomUUID(), type, organisation: 'VTIJ', caseId, occurredAt: offset(ms), data }) as VtEvent;
const meldingAt = (caseId: string, ms: number, gemeente: string) =>
  ev(caseId, 'MeldingOntvangen', ms, { gemeente, melder: { soort: 'beroepsmatig', groep: 'justitie_en_veiligheid' }, aard: ['kindermishandeling'], crisis: false });

/** Hand-made VTIJ cases over the last five months: waiting in each fase, some past their term, some diensten done. */
function scenario(now: number): VtEvent[] {
  const events: VtEvent[] = [];
  for (let i = 0; i < 40; i++) {
    const id = `DASH-${String(i).padStart(3, '0')}`;
    const start = now - (2 + i * 4) * DAY - 3_600_000;
    const at = (days: number) => start + days * DAY;
    events.push(meldingAt(id, start, GEMEENTEN[i % GEMEENTEN.length]));
    switch (i % 5) {
      case 0: // waits for triage (past its 5 werkdagen after a week or so)
        break;
      case 1: // waits for onderzoek
        events.push(ev(id, 'TriagebesluitGenomen', at([2, 5, 9][i % 3]), { besluit: 'vervolgstappen_veilig_thuis', dienst: 'onderzoek' }));
        break;
      case 2: // onderzoek done
        events.push(ev(id, 'TriagebesluitGenomen', at(3), { besluit: 'vervolgstappen_veilig_thuis', dienst: 'onderzoek' }));
        events.push(ev(id, 'DienstGestart', at(10), { dienst: 'onderzoek' }));
        events.push(ev(id, 'DienstAfgerond', at(40 + (i % 4) * 15), { dienst: 'onderzoek' }));
        break;
      case 3: // assessed, waits for its overdracht
        events.push(ev(id, 'VeiligheidsbeoordelingAfgerond', at(1 + (i % 7)), { conclusie: 'vermoeden_structurele_onveiligheid' }));
        events.push(ev(id, 'TriagebesluitGenomen', at(4), { besluit: 'overdracht' }));
        break;
      case 4: // voorwaarden en vervolg running
        events.push(ev(id, 'EersteContactGelegd', at(2 + (i % 11)), {}));
        events.push(ev(id, 'TriagebesluitGenomen', at(6), { besluit: 'vervolgstappen_veilig_thuis', dienst: 'voorwaarden_en_vervolg' }));
        events.push(ev(id, 'DienstGestart', at(20), { dienst: 'voorwaarden_en_vervolg' }));
        break;
    }
  }
  return events.filter((e) => Date.parse(e.occurredAt) < now);
}

const launch = (profile: string) =>
  chromium.launchPersistentContext(join(tmp, profile), {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1920, height: 1080 },
  });
const pageState = (page: Page) =>
  page.evaluate(() => {
    const doc = (globalThis as any).document;
    return {
      refreshes: Number(doc.body.dataset.refreshes ?? 0),
      connection: doc.querySelector('[data-testid="connection"]').dataset.state as string,
      tokenForm: !doc.querySelector('#token-form').hidden,
      board: !doc.querySelector('#board').hidden,
      organisations: [...doc.querySelectorAll('#org-select option')].map((o: any) => o.value as string),
      hash: (globalThis as any).location.hash as string,
    };
  });
const live = (page: Page) =>
  page.waitForFunction(() => {
    const doc = (globalThis as any).document;
    return Number(doc.body.dataset.refreshes) >= 1 && doc.querySelector('[data-testid="connection"]').dataset.state === 'live';
  });

/** What the page shows, read from the data attributes beside each number. */
function readBoard(page: Page) {
  return page.evaluate(() => {
    // Runs in the page (the project's types have no DOM library: the document is typed loosely).
    const doc = (globalThis as any).document;
    const all = (selector: string): any[] => [...doc.querySelectorAll(selector)];
    const value = (testId: string) => Number(doc.querySelector(`[data-testid="${testId}"]`).dataset.value);
    const cells = (selector: string, attr: string): Record<string, number | null> =>
      Object.fromEntries(all(selector).map((c) => [c.dataset[attr], c.dataset.value === '' ? null : Number(c.dataset.value)]));
    const perRow = (rows: string, attr: string, cell: string): Record<string, number | null> =>
      Object.fromEntries(all(rows).map((r) => [r.dataset[attr], ((v: string) => (v === '' ? null : Number(v)))(r.querySelector(cell).dataset.value)]));
    const body = doc.body.dataset;
    const quarter: string = all('#tijdig td[data-period]').map((c) => c.dataset.period).sort().pop();
    return {
      org: body.org as string,
      at: body.at as string,
      quarter,
      refreshes: Number(body.refreshes),
      connection: doc.querySelector('[data-testid="connection"]').dataset.state as string,
      tiles: {
        totaal: value('wachtlijst-totaal'),
        triage: value('wachtlijst-triage'),
        dienst: value('wachtlijst-dienst'),
        overdracht: value('wachtlijst-overdracht'),
        overTermijn: value('wachtlijst-over-termijn'),
        openDiensten: value('open-diensten'),
      },
      meldingen: perRow('#gemeenten tr[data-gemeente]', 'gemeente', 'td[data-col="meldingen"]'),
      wachtend: perRow('#gemeenten tr[data-gemeente]', 'gemeente', 'td[data-col="wachtlijst"]'),
      tijdig: cells(`#tijdig td[data-period="${quarter}"]`, 'termijn'),
      doorlooptijdMediaan: perRow('#doorloop tr[data-termijn]', 'termijn', 'td[data-stat="mediaan"]'),
      cases: Number(doc.querySelector('#cases-count').dataset.total),
      caseIds: all('#cases tr[data-case]').map((r) => r.dataset.case as string),
    };
  });
}

/** `serve` (the built CLI) on a fresh PostgreSQL database, and a browser profile of its own. */
interface Running {
  database: Awaited<ReturnType<typeof createTestDatabase>>;
  service: { child: ChildProcess; output: () => string };
  url: string;
  context: BrowserContext;
}

async function startServing(args: string[], env: Record<string, string>, profile: string, before?: (url: string) => Promise<void>): Promise<Running> {
  const database = await createTestDatabase();
  const service = await startCli(['serve', '--port', '0', ...args], { VT_EVENT_STORE: database.url, REDIS_URL: '', VT_ALERT_WEBHOOK_URL: '', ...env }, /listening on [\d.]+:\d+/);
  const url = `http://127.0.0.1:${/listening on [\d.]+:(\d+)/.exec(service.output())![1]}`;
  try {
    await before?.(url);
    return { database, service, url, context: await launch(profile) };
  } catch (err) {
    // No browser (or a failed start): stop the service, else it keeps Jest from exiting.
    await stopServing({ database, service });
    throw err;
  }
}

async function stopServing(running: Partial<Running>): Promise<void> {
  await running.context?.close();
  running.service?.child.kill('SIGTERM');
  if (running.service) await waitForExit(running.service.child);
  await running.database?.drop();
}

describeWithPostgres('the dashboard at GET / in headless Chromium', () => {
  let running: Running;
  let url: string;
  let context: BrowserContext;
  const api = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    expect(res.status).toBe(200);
    return (await res.json()) as any;
  };
  const post = async (events: VtEvent[]) => {
    const res = await fetch(`${url}/api/v1/events`, { method: 'POST', body: JSON.stringify(events), headers: { 'content-type': 'application/json' } });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`POST /api/v1/events: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
    return body;
  };

  /** The numbers the API gives for the organisation, instant and quarter the page shows. */
  async function expected(board: Awaited<ReturnType<typeof readBoard>>) {
    const stock = await api(`/api/v1/organisations/VTIJ/indicators?at=${encodeURIComponent(board.at)}`);
    const flows = await api(`/api/v1/organisations/VTIJ/indicators?period=${board.quarter}`);
    const cases = await api(`/api/v1/organisations/VTIJ/cases?status=over_termijn&at=${encodeURIComponent(board.at)}`);
    const find = (rows: any[], key: string, by: Record<string, string>) => rows.find((r) => r.key === key && JSON.stringify(r.by) === JSON.stringify(by));
    const count = (rows: any[], key: string, by: Record<string, string> = {}) => find(rows, key, by)?.value ?? 0;
    const perGemeente = (rows: any[], key: string) => Object.fromEntries(Object.keys(board.meldingen).map((g) => [g, count(rows, key, { gemeente: g })]));
    return {
      tiles: {
        totaal: count(stock.rows, 'wachtlijst'),
        triage: count(stock.rows, 'wachtlijst', { fase: 'triage' }),
        dienst: count(stock.rows, 'wachtlijst', { fase: 'dienst' }),
        overdracht: count(stock.rows, 'wachtlijst', { fase: 'overdracht' }),
        overTermijn: count(stock.rows, 'wachtlijst_over_termijn'),
        openDiensten: count(stock.rows, 'open_diensten'),
      },
      meldingen: perGemeente(flows.rows, 'meldingen'),
      wachtend: perGemeente(stock.rows, 'wachtlijst'),
      tijdig: {
        veiligheidsbeoordeling: find(flows.rows, 'tijdig_pct', { termijn: 'veiligheidsbeoordeling' })?.value ?? null,
        triage: find(flows.rows, 'tijdig_pct', { termijn: 'triage' })?.value ?? null,
        eerste_contact: find(flows.rows, 'tijdig_pct', { termijn: 'eerste_contact' })?.value ?? null,
        onderzoek: find(flows.rows, 'tijdig_pct', { termijn: 'onderzoek', klok: 'vanaf_triage' })?.value ?? null,
        voorwaarden_en_vervolg: find(flows.rows, 'tijdig_pct', { termijn: 'voorwaarden_en_vervolg', klok: 'vanaf_triage' })?.value ?? null,
      },
      doorlooptijdMediaan: {
        veiligheidsbeoordeling: find(flows.rows, 'doorlooptijd_dagen', { termijn: 'veiligheidsbeoordeling', stat: 'mediaan' })?.value ?? null,
        triage: find(flows.rows, 'doorlooptijd_dagen', { termijn: 'triage', stat: 'mediaan' })?.value ?? null,
        eerste_contact: find(flows.rows, 'doorlooptijd_dagen', { termijn: 'eerste_contact', stat: 'mediaan' })?.value ?? null,
        onderzoek: find(flows.rows, 'doorlooptijd_dagen', { termijn: 'onderzoek', klok: 'vanaf_triage', stat: 'mediaan' })?.value ?? null,
        voorwaarden_en_vervolg: find(flows.rows, 'doorlooptijd_dagen', { termijn: 'voorwaarden_en_vervolg', klok: 'vanaf_triage', stat: 'mediaan' })?.value ?? null,
      },
      cases: cases.cases.length,
    };
  }

  /** The page equals the API: every number, and the over-term cases it lists are the API's longest waiting. */
  async function expectSameAsApi(board: Awaited<ReturnType<typeof readBoard>>) {
    const { caseIds, ...numbers } = board;
    expect(numbers).toMatchObject(await expected(board));
    const cases = (await api(`/api/v1/organisations/VTIJ/cases?status=over_termijn&at=${encodeURIComponent(board.at)}`)).cases as { caseId: string; dagenWachtend: number }[];
    const longest = [...cases].sort((a, b) => b.dagenWachtend - a.dagenWachtend || (a.caseId < b.caseId ? -1 : 1)).slice(0, caseIds.length);
    expect(caseIds).toEqual(longest.map((c) => c.caseId));
    expect(caseIds.length).toBe(Math.min(cases.length, 7));
  }

  beforeAll(async () => {
    running = await startServing([], { VT_API_TOKENS: '' }, 'profile-loopback', async (at) => {
      url = at;
      await post(scenario(Date.now()));
      for (let i = 0; i < 100 && (await fetch(`${url}/health/ready`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
    });
    context = running.context;
  }, 60_000);

  afterAll(() => stopServing(running ?? {}));

  it('shows the API’s numbers, follows a posted event without a reload, and logs no error', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()}: ${r.url()}`));

    await page.goto(`${url}/?org=VTIJ`);
    await live(page);
    const before = await readBoard(page);
    expect(before.org).toBe('VTIJ');
    expect(page.url()).toContain('org=VTIJ');
    expect(before.tiles.totaal).toBeGreaterThan(0);
    expect(before.tiles.overTermijn).toBeGreaterThan(0);
    // The over-term tile is red while someone waits past a term, and only then (before the first melding: 0, not red).
    const red = async (p: Page) => p.locator('[data-testid="wachtlijst-over-termijn"]').evaluate((el) => el.closest('.tile')!.classList.contains('tile-alert'));
    expect(await red(page)).toBe(true);
    const early = await context.newPage();
    try {
      await early.goto(`${url}/?org=VTIJ&at=2014-01-01`);
      await early.waitForFunction(() => (globalThis as any).document.querySelector('[data-testid="wachtlijst-over-termijn"]')?.dataset.value === '0', undefined, { timeout: 10_000 });
      expect(await red(early)).toBe(false);
    } finally {
      await early.close();
    }
    await expectSameAsApi(before);
    expect(Object.keys(before.meldingen)).toEqual(expect.arrayContaining(['GM0193', 'GM0150', 'overig']));
    expect(await page.locator('#gemeenten tr[data-gemeente="GM0193"] th').textContent()).toBe('Zwolle');

    // A new melding in Zwolle: the page hears of it over the event stream and reads the API again.
    await page.evaluate(() => ((globalThis as any).vtMarker = 'same page'));
    const posted = Date.now();
    await post([meldingAt('DASH-NEW', posted - 60_000, 'GM0193')]);
    await page.waitForFunction((n) => Number((globalThis as any).document.querySelector('[data-testid="wachtlijst-triage"]').dataset.value) === n, before.tiles.triage + 1, { timeout: 10_000 });
    process.stderr.write(`dashboard: a posted event showed on the page after ${Date.now() - posted} ms\n`);
    const after = await readBoard(page);
    expect(await page.evaluate(() => [(globalThis as any).vtMarker, (globalThis as any).performance.getEntriesByType('navigation').length])).toEqual(['same page', 1]);
    expect(after.refreshes).toBeGreaterThan(before.refreshes);
    expect(after.tiles.totaal).toBe(before.tiles.totaal + 1);
    expect(after.wachtend.GM0193).toBe(before.wachtend.GM0193! + 1);
    await expectSameAsApi(after);

    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(problems).toEqual([]);
  }, 30_000);

  it('shows the whole board, numbers uncut, on laptop screens as on the wall screen', async () => {
    for (const viewport of [
      { width: 1920, height: 1080 },
      { width: 1536, height: 864 },
      { width: 1366, height: 768 },
    ]) {
      const page = await context.newPage();
      try {
        await page.setViewportSize(viewport);
        await page.goto(`${url}/?org=VTIJ`);
        await live(page);
        // Cut: text wider than its box (an ellipsis: 100 % shown as "10…"), or a panel taller than its place.
        const cut = await page.evaluate(() => {
          const doc = (globalThis as any).document;
          const found: string[] = [];
          for (const el of doc.querySelectorAll('.board td, .board th, .board output, .board h2, .board .sub')) {
            if (el.scrollWidth > el.clientWidth + 1) found.push(`"${el.textContent.trim().slice(0, 30)}" ${el.scrollWidth}>${el.clientWidth}`);
          }
          for (const el of doc.querySelectorAll('.board .panel')) {
            if (el.scrollHeight > el.clientHeight + 4) found.push(`${el.className} ${el.scrollHeight}>${el.clientHeight}`);
          }
          return found;
        });
        expect({ viewport, cut }).toEqual({ viewport, cut: [] });
      } finally {
        await page.close();
      }
    }
  }, 30_000);

  it('says the figures are being rebuilt while another process rebuilds the read models, and shows them again after', async () => {
    const page = await context.newPage();
    await page.goto(`${url}/?org=VTIJ`);
    await live(page);
    const before = await readBoard(page);
    // A `vt-monitor rebuild` in another process: it has the read models to itself and has marked them.
    const store = await createEventStore(running.database.url);
    const readModel = await openReadModel(store, createProjectionConfig());
    try {
      const checkpoint = await readCheckpoint(readModel.db);
      await withReadModelsToItself(readModel.db, async () => {
        await readModel.db.transaction((tx) => writeCheckpoint(tx, REBUILDING));
        // Another organisation: none of its figures yet, so none are shown (never VTIJ's under its name).
        await page.selectOption('#org-select', 'VTNOG');
        await page.locator('#problem', { hasText: 'zodra dat klaar is verschijnen ze hier' }).waitFor({ timeout: 10_000 });
        expect(await page.locator('#problem').textContent()).toContain('Nieuwe poging over 15 s');
        expect(await page.locator('#board').isHidden()).toBe(true);
        // Back to VTIJ: what the page showed before the rebuild stays, with the notice.
        await page.selectOption('#org-select', 'VTIJ');
        await page.locator('#problem', { hasText: 'blijft de vorige stand staan' }).waitFor({ timeout: 10_000 });
        expect(await page.locator('#board').isVisible()).toBe(true);
        expect((await readBoard(page)).tiles).toEqual(before.tiles);
        await readModel.db.transaction((tx) => writeCheckpoint(tx, checkpoint));
      });
    } finally {
      await readModel.close();
      await store.close();
    }
    // Done: the next change (or the retry) loads the board again, without the notice.
    await post([meldingAt('DASH-AFTER-REBUILD', Date.now() - 60_000, 'GM0150')]);
    await page.waitForFunction((n) => Number((globalThis as any).document.querySelector('[data-testid="wachtlijst-triage"]')?.dataset.value) === n, before.tiles.triage + 1, { timeout: 20_000 });
    expect(await page.locator('#problem').isHidden()).toBe(true);
    await expectSameAsApi(await readBoard(page));
    await page.close();
  }, 40_000);
});

describeWithPostgres('the dashboard with API tokens', () => {
  const TOKEN = 'wall-screen-vtij-0123456789';
  const INGEST_TOKEN = 'registration-feed-vtij-0123456789';
  let running: Running;
  let service: Running['service'];
  let url: string;
  let context: BrowserContext;

  beforeAll(async () => {
    const tokensFile = join(tmp, 'tokens.json');
    writeFileSync(
      tokensFile,
      JSON.stringify({
        tokens: [
          { name: 'wall-vtij', token: TOKEN, role: 'read', organisations: ['VTIJ'] },
          { name: 'feed-vtij', token: INGEST_TOKEN, role: 'ingest', organisations: ['VTIJ'] },
        ],
      }),
    );
    running = await startServing(['--host', '127.0.0.1'], { VT_API_TOKENS: tokensFile }, 'profile-tokens');
    ({ url, service, context } = running);
  }, 60_000);

  afterAll(() => stopServing(running ?? {}));

  it('asks for a token, takes one from the URL fragment, shows only its organisations and never logs it', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Asking for the token comes first: no request fails, so nothing is logged in the console.
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()}: ${r.url()}`));
    await page.goto(`${url}/?org=VTNOG`);
    await page.waitForSelector('#token-form:not([hidden])');
    expect(await pageState(page)).toMatchObject({ tokenForm: true, board: false });
    expect(errors).toEqual([]);

    await page.fill('#token-input', TOKEN);
    await page.click('#token-form button');
    await live(page);
    // VTNOG is not this token's: the switcher offers VTIJ only and the page falls back to it.
    expect(await pageState(page)).toMatchObject({ tokenForm: false, board: true, organisations: ['VTIJ'], connection: 'live' });
    expect(page.url()).toContain('org=VTIJ');

    // A wall screen's kiosk URL: the token in the fragment (never sent to the server), removed at once.
    const kiosk = await context.newPage();
    await kiosk.goto(`${url}/?org=VTIJ#token=${TOKEN}`);
    await live(kiosk);
    expect(await pageState(kiosk)).toMatchObject({ board: true, hash: '' });
    expect(service.output()).not.toContain(TOKEN);
    expect(errors).toEqual([]);
  }, 30_000);

  it('says in the form that a token of another role may not read figures, and does not keep it', async () => {
    const page = await context.newPage();
    await page.goto(`${url}/?org=VTIJ`);
    await page.waitForSelector('#token-form:not([hidden])');
    await page.fill('#token-input', INGEST_TOKEN);
    await page.click('#token-form button');
    await page.waitForFunction(() => (globalThis as any).document.querySelector('#token-error')?.textContent !== '');
    expect(await page.textContent('#token-error')).toContain('de rol read');
    expect(await pageState(page)).toMatchObject({ tokenForm: true, board: false });
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('vt-monitor.token'))).toBeNull();
  }, 30_000);

  it('does not keep a token the service refuses', async () => {
    const page = await context.newPage();
    await page.goto(`${url}/?org=VTIJ`);
    await page.waitForSelector('#token-form:not([hidden])');
    await page.fill('#token-input', 'not-a-token-of-this-service');
    await page.click('#token-form button');
    await page.waitForFunction(() => (globalThis as any).document.querySelector('#token-error')?.textContent !== '');
    expect(await page.textContent('#token-error')).toContain('niet geldig');
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('vt-monitor.token'))).toBeNull();
  }, 30_000);
});
