#!/usr/bin/env node
// A digest of the reports a store's read models give, to compare two rebuilds of the same log
// (other allowances, other thread counts) without looking at every row: 8 flow reports (VTIJ and
// VTNOG, each a quarter of 2017, the year 2020, a month of 2023 and a quarter of 2025) and 3 stock reports of VTIJ, plus the row
// counts of the read-model tables. Uses the BUILT product (dist/): `npm run build` first.
//
//   node bench/report-digest.mjs postgres://postgres@127.0.0.1:5432/vt_bench_<run>_proj

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const requireRoot = createRequire(join(ROOT, 'package.json'));
const dist = (p) => requireRoot(join(ROOT, 'dist', p));
const { createEventStore } = dist('libs/event-store/src/index.js');
const { openReadModel } = dist('libs/read-model/src/index.js');
const { createProjectionConfig } = dist('libs/projections/src/index.js');

const url = process.argv[2];
if (!url) {
  process.stderr.write('usage: node bench/report-digest.mjs <event store url>\n');
  process.exit(2);
}
const store = await createEventStore(url);
const readModel = await openReadModel(store, createProjectionConfig({}));
try {
  const hash = createHash('sha256');
  for (const org of ['VTIJ', 'VTNOG']) for (const period of ['2017-Q2', '2020', '2023-11', '2025-Q4']) hash.update(JSON.stringify((await readModel.queries.flowReport(org, period)).rows));
  for (const at of ['2018-06-30', '2022-01-15', '2025-12-31']) hash.update(JSON.stringify((await readModel.queries.stockReport('VTIJ', at)).rows));
  const [counts] = await readModel.db.query(
    'SELECT (SELECT count(*) FROM rm_cases)::text AS cases, (SELECT count(*) FROM rm_case_facts)::text AS facts, (SELECT count(*) FROM rm_quality)::text AS quality',
  );
  process.stdout.write(`${JSON.stringify({ digest: hash.digest('hex').slice(0, 16), ...counts })}\n`);
} finally {
  await readModel.close();
  await store.close();
}
