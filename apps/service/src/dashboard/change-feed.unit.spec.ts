import { EventEmitter } from 'node:events';
import { firstValueFrom, Subject, take, toArray } from 'rxjs';
import type { RecordedEvent } from '../../../../libs/event-store/src';
import type { ProjectionRunner } from '../../../../libs/read-model/src';
import { listOrganisations } from '../../../../libs/reference/src/organisations';
import { changeFeed } from './change-feed';

const recorded = (n: number, organisation: string, occurredAt: string, type = 'MeldingOntvangen'): RecordedEvent =>
  ({ id: `e${n}`, type, organisation, caseId: `K-${n}`, occurredAt, data: {}, recordedAt: `2026-01-0${n}T10:00:00.000Z`, streamVersion: 0, position: `p${n}` }) as RecordedEvent;

describe('the dashboard change feed', () => {
  it('gathers the pages applied within one window into one change: organisations, earliest local date, last position', async () => {
    const runner = new EventEmitter() as unknown as ProjectionRunner;
    const changes = firstValueFrom(changeFeed(runner, 50).pipe(take(2), toArray()));
    await new Promise((r) => setTimeout(r, 5));
    runner.emit('applied', [recorded(1, 'VTNOG', '2024-03-05T10:00:00+01:00')]);
    // 23:30 UTC on 31 Dec is already 1 Jan in Amsterdam: the date is the local one.
    runner.emit('applied', [recorded(2, 'VTIJ', '2023-12-31T23:30:00Z'), recorded(3, 'VTIJ', '2024-06-01T10:00:00+02:00')]);
    await new Promise((r) => setTimeout(r, 120));
    runner.emit('applied', [recorded(4, 'VTIJ', '2024-07-01T10:00:00+02:00'), recorded(5, 'VTIJ', '2024-07-02T10:00:00+02:00', 'RegistratieIngetrokken')]);
    const [first, second] = await changes;
    expect(first).toEqual({ organisations: ['VTIJ', 'VTNOG'], since: '2024-01-01', position: 'p3', recordedAt: '2026-01-03T10:00:00.000Z', events: 3 });
    // A retraction may change any period: the page must read everything again.
    expect(second).toMatchObject({ organisations: ['VTIJ'], since: null, position: 'p5', events: 2 });
  });

  it('tells of an erasure as a change of the organisation that may touch any period', async () => {
    const runner = Object.assign(new EventEmitter(), { position: 'p9' }) as unknown as ProjectionRunner;
    const erasures = new Subject<string>();
    const change = firstValueFrom(changeFeed(runner, 30, erasures));
    await new Promise((r) => setTimeout(r, 5));
    erasures.next('VTNOG');
    expect(await change).toMatchObject({ organisations: ['VTNOG'], since: null, position: 'p9', events: 0 });
  });

  it('tells of a bulk rebuild at a first start as a change of every organisation, in any period', async () => {
    const runner = Object.assign(new EventEmitter(), { position: 'p7' }) as unknown as ProjectionRunner;
    const change = firstValueFrom(changeFeed(runner, 30));
    await new Promise((r) => setTimeout(r, 5));
    runner.emit('rebuilt', { events: 271_491, cases: 40_000 });
    const c = await change;
    expect(c).toMatchObject({ since: null, position: 'p7', events: 0 });
    expect(c.organisations).toEqual(listOrganisations().map((o) => o.code).sort());
    expect(c.organisations).toEqual(expect.arrayContaining(['VTIJ', 'VTNOG']));
  });

  it('says nothing while nothing is applied', async () => {
    const runner = new EventEmitter() as unknown as ProjectionRunner;
    const seen: unknown[] = [];
    const sub = changeFeed(runner, 20).subscribe((c) => seen.push(c));
    await new Promise((r) => setTimeout(r, 100));
    runner.emit('applied', []);
    await new Promise((r) => setTimeout(r, 50));
    sub.unsubscribe();
    expect(seen).toEqual([]);
  });
});
