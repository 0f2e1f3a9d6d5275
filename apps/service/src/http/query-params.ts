import { BadRequestException } from '@nestjs/common';

/** Every query parameter of the API's routes. */
const QUERY_PARAMETER_NAMES = ['period', 'at', 'asOf', 'gemeente', 'by', 'format', 'status', 'skipInvalid'];

/**
 * A route's query as single text values: a parameter the route does not know (`asOf` on a route
 * without as-of, a misspelling) or one given twice is refused with 400, never silently ignored or
 * decided by order. A name is quoted only when it is one of the API's (a query may hold anything, a name too).
 */
export function queryParams<K extends string>(query: Record<string, unknown>, allowed: readonly K[]): Partial<Record<K, string>> {
  const values: Partial<Record<K, string>> = {};
  for (const [name, value] of Object.entries(query)) {
    // Quoted only when it is one of the API's own parameter names (a name of a person is a word too).
    const shown = QUERY_PARAMETER_NAMES.includes(name) ? name : 'a name none of the routes takes';
    if (!(allowed as readonly string[]).includes(name)) throw new BadRequestException({ error: `unknown query parameter: ${shown}; this route takes ${allowed.join(', ')}` });
    if (typeof value !== 'string') throw new BadRequestException({ error: `${shown}: give it once, as one value` });
    values[name as K] = value;
  }
  return values;
}
