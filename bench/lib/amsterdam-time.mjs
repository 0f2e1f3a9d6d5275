// Europe/Amsterdam offsets and timestamps for the synthetic events (EU summer-time rule, any year).

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Last Sunday of `month` (0-based) of `year`, 01:00 UTC: when EU summer time starts or ends. */
function lastSunday01Utc(year, month) {
  const last = new Date(Date.UTC(year, month + 1, 0, 1));
  return last.getTime() - last.getUTCDay() * DAY;
}
const dstCache = new Map();
/** Offset of Europe/Amsterdam in hours at instant `ms` (EU rule, any year). */
export function amsterdamOffset(ms) {
  const year = new Date(ms).getUTCFullYear();
  let d = dstCache.get(year);
  if (!d) dstCache.set(year, (d = [lastSunday01Utc(year, 2), lastSunday01Utc(year, 9)]));
  return ms >= d[0] && ms < d[1] ? 2 : 1;
}
/** ISO-8601 with the Amsterdam offset of that instant, e.g. `2019-03-04T10:00:00+01:00`. */
export function amsterdamIso(ms) {
  const off = amsterdamOffset(ms);
  return `${new Date(ms + off * HOUR).toISOString().slice(0, 19)}+0${off}:00`;
}
