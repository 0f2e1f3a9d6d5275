import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The dashboard's static files. They live beside this code in `public/` and are read from the
 * repository (not from `dist/`): tsc copies no assets, and `bin/vt-monitor` always runs inside the
 * repository (the Docker image copies `apps/` too), so one location serves `npm run build` and the
 * tests alike. uPlot is served from `node_modules` through our own origin: no CDN.
 */
export interface DashboardAsset {
  file: string;
  contentType: string;
}

/** The directory of `public/` in the source tree, found from this file in `apps/` or in `dist/apps/`. */
export function publicDir(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'service', 'src', 'dashboard', 'public');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`dashboard assets not found above ${from}`);
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Our own files in `public/`, by exact name. */
const EVENTSOURCE_PARSER_FILES = ['stream.js', 'parse.js', 'errors.js'];
/** The names of the files served under /dashboard/vendor/. */
export const VENDOR_FILES = ['uPlot.min.css', 'uPlot.iife.min.js', ...EVENTSOURCE_PARSER_FILES];
export const OWN_FILES = ['index.html', 'dashboard.css', 'favicon.svg', 'main.js', 'api.js', 'auth.js', 'dates.js', 'format.js', 'load.js', 'render.js', 'trend-chart.js', 'live.js'];

/**
 * Only the files listed here are served, by exact name: a request can never reach another file
 * (no path traversal, no directory listing). `own` are ours; `vendor` come from npm packages
 * (uPlot for the chart; eventsource-parser reads the event stream, keeping its own file names
 * because its modules import each other by them).
 */
export function dashboardAssets(dir = publicDir()): { own: Map<string, DashboardAsset>; vendor: Map<string, DashboardAsset> } {
  const asset = (name: string, file: string): [string, DashboardAsset] => [name, { file, contentType: TYPES[name.slice(name.lastIndexOf('.'))] }];
  const own = new Map(OWN_FILES.map((name) => asset(name, join(dir, name))));
  const parserDir = dirname(require.resolve('eventsource-parser/package.json'));
  const vendor = new Map([
    asset('uPlot.min.css', require.resolve('uplot/dist/uPlot.min.css')),
    asset('uPlot.iife.min.js', require.resolve('uplot/dist/uPlot.iife.min.js')),
    ...EVENTSOURCE_PARSER_FILES.map((name) => asset(name, join(parserDir, 'dist', name))),
  ]);
  return { own, vendor };
}
