import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const logger = new Logger('http');

/**
 * The path as it may be logged: a case id in it (`…/cases/{caseId}`, the erase route) becomes
 * `:caseId`, since even a pseudonymous case id does not belong in logs (an erased case would
 * live on in them).
 */
export function loggablePath(path: string): string {
  return path.replace(/\/cases\/[^/]+/g, '/cases/:caseId');
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
