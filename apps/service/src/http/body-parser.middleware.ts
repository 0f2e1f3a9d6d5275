import { text, type NextFunction, type Request, type Response } from 'express';

/**
 * Reads request bodies as text up to `limit` bytes, whatever their content type (JSON and NDJSON
 * are parsed by the routes, so errors can name the record). Past the limit: 413, as JSON.
 */
export function textBodyParser(limit: number) {
  const parse = text({ type: () => true, limit });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (err?: { status?: number; type?: string }) => {
      if (!err) return next();
      if (err.type === 'entity.too.large') return res.status(413).json({ error: `the request body is larger than ${limit} bytes; send smaller batches` });
      return res.status(err.status ?? 400).json({ error: 'the request body could not be read' });
    });
}
