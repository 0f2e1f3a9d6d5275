import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { findOrganisation } from '../../../../libs/reference/src/organisations';
import { OWN_FILES, VENDOR_FILES } from '../dashboard/dashboard-assets';

const logger = new Logger('http');

/** Path segments logged as they are: the routes' own words, and the names of the dashboard's files. */
const LOGGED_AS_IS = new Set([
  ...['api', 'v1', 'events', 'organisations', 'indicators', 'cases', 'data-quality', 'stream', 'health', 'live', 'ready', 'metrics', 'dashboard', 'vendor'],
  ...OWN_FILES,
  ...VENDOR_FILES,
]);

/**
 * The path as it may be logged: a case id in it (`…/cases/{caseId}`, the erase route) becomes
 * `:caseId`, since even a pseudonymous case id does not belong in logs (an erased case would
 * live on in them); an organisation that is not one becomes `:org`, and any other segment that
 * is neither a word of the routes nor the name of a file the dashboard serves `:param` (a mistyped
 * URL may hold a name).
 */
export function loggablePath(path: string): string {
  const segments = path.split('/');
  return segments
    .map((segment, i) => {
      if (segment === '') return segment;
      if (segments[i - 1] === 'cases') return ':caseId';
      if (segments[i - 1] === 'organisations') return findOrganisation(segment) ? segment : ':org';
      return LOGGED_AS_IS.has(segment) ? segment : ':param';
    })
    .join('/');
}

/** One line per request: method, path (without case ids), status, duration. Never the query or the body. */
export function requestLogger(req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  // Taken now: a middleware mounted at a prefix (the body parser at /api) that answers itself (413)
  // leaves req.path without its prefix.
  const path = loggablePath(req.path);
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    logger.log(`${req.method} ${path} ${res.statusCode} ${ms.toFixed(1)}ms`);
  });
  next();
}
