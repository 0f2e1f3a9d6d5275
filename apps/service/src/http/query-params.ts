import { BadRequestException } from '@nestjs/common';

/**
 * A route's query as single text values: a parameter the route does not know (`asOf` on a route
 * without as-of, a misspelling) or one given twice is refused with 400, never silently ignored or
 * decided by order. A name is quoted only when shaped like one (a query may hold anything, a name too).
 */
export function queryParams<K extends string>(query: Record<string, unknown>, allowed: readonly K[]): Partial<Record<K, string>> {
  const values: Partial<Record<K, string>> = {};
  for (const [name, value] of Object.entries(query)) {
    const shown = /^[A-Za-z_]{1,32}$/.test(name) ? name : 'a parameter whose name is not shaped like one';
    if (!(allowed as readonly string[]).includes(name)) throw new BadRequestException({ error: `unknown query parameter ${shown}; this route takes ${allowed.join(', ')}` });
    if (typeof value !== 'string') throw new BadRequestException({ error: `${shown}: give it once, as one value` });
    values[name as K] = value;
  }
  return values;
}
