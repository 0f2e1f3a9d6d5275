// The benchmarks' seeded PRNG: every run (and every machine) gets the same synthetic events.

/** mulberry32: small, fast, good enough for test data; the same seed gives the same stream. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
    /** An RFC 9562 version-4 UUID (version and variant bits set), so `z.uuid()` accepts it. */
    uuid() {
      const b = new Uint8Array(16);
      for (let i = 0; i < 16; i += 4) {
        const r = (next() * 4294967296) >>> 0;
        b[i] = r & 0xff;
        b[i + 1] = (r >>> 8) & 0xff;
        b[i + 2] = (r >>> 16) & 0xff;
        b[i + 3] = r >>> 24;
      }
      b[6] = (b[6] & 0x0f) | 0x40;
      b[8] = (b[8] & 0x3f) | 0x80;
      const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  };
}
