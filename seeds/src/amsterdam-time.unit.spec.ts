import { DateTime } from 'luxon';
import { instantOfWall, isoOfWall, safeWall, wallOf } from './amsterdam-time';

const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

describe('Amsterdam wall time', () => {
  it('gives +01:00 in winter and +02:00 in summer, switching on the last Sundays of March and October', () => {
    expect(isoOfWall(wallOf(day('2024-03-31'), 1, 59, 59))).toBe('2024-03-31T01:59:59+01:00');
    expect(isoOfWall(wallOf(day('2024-03-31'), 3, 0, 0))).toBe('2024-03-31T03:00:00+02:00');
    expect(isoOfWall(wallOf(day('2024-10-27'), 1, 30))).toBe('2024-10-27T01:30:00+02:00');
    expect(isoOfWall(wallOf(day('2024-10-27'), 3, 0))).toBe('2024-10-27T03:00:00+01:00');
    expect(isoOfWall(wallOf(day('2014-12-31'), 23, 59, 59))).toBe('2014-12-31T23:59:59+01:00');
    expect(isoOfWall(wallOf(day('2015-06-30'), 9, 5))).toBe('2015-06-30T09:05:00+02:00');
  });

  it('agrees with luxon for every hour of 2014–2026 outside the changing hour', () => {
    for (let d = day('2014-01-01'); d <= day('2026-12-31'); d += 3) {
      for (const hour of [0, 1, 3, 7, 12, 18, 23]) {
        const w = wallOf(d, hour, 17);
        const iso = isoOfWall(w);
        const lux = DateTime.fromISO(iso, { zone: 'Europe/Amsterdam' });
        expect(lux.toISO({ suppressMilliseconds: true })).toBe(iso);
        expect(lux.toMillis()).toBe(instantOfWall(w));
      }
    }
  });

  it('moves a time out of the missing or doubled hour', () => {
    expect(isoOfWall(safeWall(wallOf(day('2024-03-31'), 2, 30)))).toBe('2024-03-31T03:30:00+02:00');
    expect(isoOfWall(safeWall(wallOf(day('2024-10-27'), 2, 30)))).toBe('2024-10-27T03:30:00+01:00');
    expect(safeWall(wallOf(day('2024-06-01'), 2, 30))).toBe(wallOf(day('2024-06-01'), 2, 30));
  });
});
