import { safeWall, wallOf, type Wall } from './amsterdam-time';
import type { Day } from './day-index';
import type { Rng } from './prng';

/**
 * Times of day. Staff record their steps in office hours (08:30–17:30, more in the morning); a
 * crisis comes in at any hour, most in the evening and at night (VTIJ's interventieteam and VT NOG's
 * 24/7 line, seed-facts §1.1); police reports are sent through the day.
 */

const OFFICE_START = 8 * 3600 + 30 * 60;
const OFFICE_END = 17 * 3600 + 30 * 60;

export function officeWall(rng: Rng, day: Day): Wall {
  // two humps: morning and early afternoon
  const morning = rng.chance(0.55);
  const centre = morning ? 10.25 * 3600 : 14.25 * 3600;
  let s = Math.round(centre + rng.normal() * 1.1 * 3600);
  s = Math.min(OFFICE_END - 60, Math.max(OFFICE_START, s));
  return safeWall(day * 86400 + s);
}

/** Evening and night heavy: a crisis or a call to the 24/7 line. */
const CRISIS_HOUR_WEIGHTS = [4, 3, 2, 2, 1, 1, 2, 3, 4, 4, 4, 4, 4, 4, 4, 5, 6, 7, 8, 8, 8, 7, 6, 5];
export function anyHourWall(rng: Rng, day: Day): Wall {
  const hour = rng.weightedIndex(CRISIS_HOUR_WEIGHTS);
  // leave room after a late crisis for the steps taken the same night
  return safeWall(wallOf(day, hour, rng.int(0, hour === 23 ? 29 : 59), rng.int(0, 59)));
}

/** Daytime into the evening (a melding from a private person, a chat). */
export function daytimeWall(rng: Rng, day: Day): Wall {
  const hour = rng.weightedIndex([0, 0, 0, 0, 0, 0, 0, 1, 3, 5, 6, 6, 5, 6, 6, 6, 5, 4, 3, 3, 3, 2, 1, 0]);
  return safeWall(wallOf(day, hour, rng.int(0, 59), rng.int(0, 59)));
}

/** A time later the same working day, before the office closes, when there is room; else `laterSameDay`. */
export function laterInOffice(rng: Rng, after: Wall): Wall {
  const s = after - Math.floor(after / 86400) * 86400;
  if (s < OFFICE_START || s > OFFICE_END - 600) return laterSameDay(rng, after);
  const room = Math.min(2 * 3600, OFFICE_END - s);
  return safeWall(after + 60 + Math.floor(rng.next() * (room - 60)));
}

/** A time later on the same day than `after`: within a few hours, never past 23:59:59. */
export function laterSameDay(rng: Rng, after: Wall, maxGapSeconds = 3 * 3600): Wall {
  const day = Math.floor(after / 86400);
  const endOfDay = day * 86400 + 86399;
  const room = endOfDay - after;
  if (room <= 0) throw new Error('laterSameDay: no time left on this day');
  // at most half the time left, so more steps still fit on the same day
  const gap = 1 + Math.floor(rng.next() * Math.min(maxGapSeconds, Math.floor(room / 2)));
  const w = safeWall(after + gap);
  return w > after && w <= endOfDay ? w : after + 1;
}
