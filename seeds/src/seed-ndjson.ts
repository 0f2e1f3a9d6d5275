import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSeeds } from './generate-seeds';
import type { SeedOptions, SeedSet } from './seed-types';

/** One seed set as an NDJSON import file (`vt-monitor import` reads it as is). */
export interface SeedFile {
  organisation: string;
  year: number;
  /** `VTIJ-2024.ndjson` */
  fileName: string;
  /** One event per line, in occurredAt order, ending with a newline. */
  ndjson: string;
  events: number;
}

export function toNdjson(set: SeedSet): string {
  return set.events.map((e) => JSON.stringify(e)).join('\n') + (set.events.length > 0 ? '\n' : '');
}

/** The seeds as NDJSON text per (organisation, year). */
export function seedEventsNdjson(options: SeedOptions = {}): SeedFile[] {
  return generateSeeds(options).map((set) => ({
    organisation: set.organisation,
    year: set.year,
    fileName: `${set.organisation}-${set.year}.ndjson`,
    ndjson: toNdjson(set),
    events: set.events.length,
  }));
}

/** Writes the NDJSON files into `dir` (created if needed); returns the paths written. */
export function writeSeedFiles(dir: string, options: SeedOptions = {}): string[] {
  mkdirSync(dir, { recursive: true });
  return seedEventsNdjson(options).map((f) => {
    const path = join(dir, f.fileName);
    writeFileSync(path, f.ndjson);
    return path;
  });
}

/** SHA-256 over every file (name and text), to compare two generations byte for byte. */
export function seedDigest(files: readonly SeedFile[]): string {
  const hash = createHash('sha256');
  for (const f of files) hash.update(f.fileName).update('\0').update(f.ndjson).update('\0');
  return hash.digest('hex');
}
