import type { Day } from './day-index';

/**
 * Wall-clock time in Europe/Amsterdam as seconds: day × 86400 + seconds since local midnight.
 * Planning works in wall time; an event's `occurredAt` gets the offset that Amsterdam had at that
 * instant (+01:00 in winter, +02:00 in summer: from the last Sunday of March 02:00 to the last
 * Sunday of October 03:00, EU rule, in force for every year the seeds cover).
 */
export type Wall = number;

export const SECONDS_PER_DAY = 86_400;
const MS_PER_DAY = 86_400_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function wallOf(day: Day, hour: number, minute = 0, second = 0): Wall {
  return day * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
}

export function dayOfWall(wall: Wall): Day {
  return Math.floor(wall / SECONDS_PER_DAY);
}

export function secondsOfDay(wall: Wall): number {
  return wall - dayOfWall(wall) * SECONDS_PER_DAY;
}

function lastSunday(year: number, month: number): Day {
  const lastDay = Date.UTC(year, month, 0) / MS_PER_DAY; // day 0 of the next month = last day of `month`
  const weekday = new Date(lastDay * MS_PER_DAY).getUTCDay(); // 0 = Sunday
  return lastDay - weekday;
}

const transitions = new Map<number, { springDay: Day; autumnDay: Day }>();
function transitionsOf(year: number) {
  let t = transitions.get(year);
  if (!t) {
    t = { springDay: lastSunday(year, 3), autumnDay: lastSunday(year, 10) };
    transitions.set(year, t);
  }
  return t;
}

function yearOfDay(day: Day): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** True on the two days a year the clocks change (the hour 02:00–03:00 is missing or doubled). */
export function isTransitionDay(day: Day): boolean {
  const t = transitionsOf(yearOfDay(day));
  return day === t.springDay || day === t.autumnDay;
}

/** The UTC offset in hours of a wall time (02:00–03:00 on a transition day is never used). */
export function offsetHours(wall: Wall): 1 | 2 {
  const day = dayOfWall(wall);
  const t = transitionsOf(yearOfDay(day));
  const start = wallOf(t.springDay, 3);
  const end = wallOf(t.autumnDay, 2);
  return wall >= start && wall < end ? 2 : 1;
}

/**
 * Moves a wall time out of the hour that does not exist (spring) or exists twice (autumn) on a
 * transition day, so every planned time names exactly one instant.
 */
export function safeWall(wall: Wall): Wall {
  const day = dayOfWall(wall);
  if (!isTransitionDay(day)) return wall;
  const s = secondsOfDay(wall);
  return s >= 7200 && s < 10800 ? wall + 3600 : wall;
}

/** ISO-8601 with the Amsterdam offset of that instant, e.g. `2024-07-01T09:30:00+02:00`. */
export function isoOfWall(wall: Wall): string {
  const day = dayOfWall(wall);
  const date = new Date(day * MS_PER_DAY);
  const s = secondsOfDay(wall);
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(hh)}:${pad(mm)}:${pad(ss)}+0${offsetHours(wall)}:00`;
}

/** Epoch milliseconds of the instant a wall time names. */
export function instantOfWall(wall: Wall): number {
  return (wall - offsetHours(wall) * 3600) * 1000;
}
