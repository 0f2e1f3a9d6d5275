// The benchmarks run the BUILT code (dist/) and the project's own dependencies.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const RESULTS = join(ROOT, 'bench', 'results');

/** `require` from the repository root: the project's dependencies. */
export const requireRoot = createRequire(join(ROOT, 'package.json'));

/** A module of the build, or exit 2 with the command that makes it. */
export function dist(path) {
  const file = join(ROOT, 'dist', path);
  if (!existsSync(file)) {
    process.stderr.write(`bench: ${file} is missing; run \`npm run build\` first\n`);
    process.exit(2);
  }
  return requireRoot(file);
}
