import { START, type Position } from '../event-store.port';

/** A place in KurrentDB's transaction log, as the client gives it (`Position` of @kurrent/kurrentdb-client). */
export interface LogPosition {
  commit: bigint;
  prepare: bigint;
}

/** Before every event: `START` compares lower than any real log position (those are >= 0). */
const BEFORE_EVERYTHING: LogPosition = { commit: -1n, prepare: -1n };

/** The token of a log position: `${commit}-${prepare}`, both as decimal integers. */
export function toPositionToken(position: LogPosition): Position {
  if (position.commit < 0n || position.prepare < 0n) throw new Error(`not a log position: ${position.commit}/${position.prepare}`);
  return `${position.commit}-${position.prepare}`;
}

/** `START`, or the log position a token stands for. Throws on a token of another store. */
export function parsePositionToken(token: Position): LogPosition | 'start' {
  if (token === START) return 'start';
  const m = /^(\d{1,20})-(\d{1,20})$/.exec(token);
  if (!m) throw new Error(`not a position of this store: ${token}`);
  return { commit: BigInt(m[1]), prepare: BigInt(m[2]) };
}

/** Orders two log positions by (commit, prepare), as KurrentDB orders $all. */
export function compareLogPositions(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** Orders two tokens; `START` is before every event. */
export function compareKurrentPositions(a: Position, b: Position): number {
  const pa = parsePositionToken(a);
  const pb = parsePositionToken(b);
  return compareLogPositions(pa === 'start' ? BEFORE_EVERYTHING : pa, pb === 'start' ? BEFORE_EVERYTHING : pb);
}
