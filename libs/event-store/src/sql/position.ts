import { START, type Position } from '../event-store.port';

/** SQL positions are `tx-seq`: the writing transaction's id, then the event's sequence number. */
export function sqlPosition(tx: string, seq: string): Position {
  return `${tx}-${seq}`;
}

export function parseSqlPosition(position: Position): { tx: string; seq: string } {
  if (position === START) return { tx: '0', seq: '0' };
  const m = /^(\d+)-(\d+)$/.exec(position);
  if (!m) throw new Error(`not a position of this store: ${position}`);
  return { tx: m[1], seq: m[2] };
}

export function compareSqlPositions(a: Position, b: Position): number {
  const pa = parseSqlPosition(a);
  const pb = parseSqlPosition(b);
  const byTx = BigInt(pa.tx) - BigInt(pb.tx);
  if (byTx !== 0n) return byTx < 0n ? -1 : 1;
  const bySeq = BigInt(pa.seq) - BigInt(pb.seq);
  return bySeq === 0n ? 0 : bySeq < 0n ? -1 : 1;
}
