import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PgliteSqlClient } from './embedded/pglite-sql-client';
import type { EventStore } from './event-store.port';
import { NoEventStoreError } from './errors';
import { PgSqlClient } from './postgres/pg-sql-client';
import { SqlEventStore } from './sql/sql-event-store';
import { parseSettingUrl } from '../../config/src/setting-url';

export const DEFAULT_EVENT_STORE = 'embedded:./data';

/** Describes a VT_EVENT_STORE value without its password, for logs and errors. */
export function describeStoreUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export interface CreateEventStoreOptions {
  /**
   * Refuse an embedded directory that holds no store yet instead of making one: for commands
   * that only read or change what is there (`report`, `reconcile`, `erase`…). Run in the wrong
   * directory they made an empty store and reported zeros, with exit status 0.
   */
  mustExist?: boolean;
}

/** Opens the store that VT_EVENT_STORE names: `embedded:DIR`, `postgres://…` or `kurrentdb://…`. */
export async function createEventStore(url: string = process.env.VT_EVENT_STORE || DEFAULT_EVENT_STORE, options: CreateEventStoreOptions = {}): Promise<EventStore> {
  if (url.startsWith('embedded:')) {
    const dir = resolve(url.slice('embedded:'.length) || './data');
    // PG_VERSION: the first file a PostgreSQL data directory gets, PGlite's too.
    if (options.mustExist && !existsSync(join(dir, 'PG_VERSION'))) {
      throw new NoEventStoreError(
        `VT_EVENT_STORE: there is no event store in ${dir} (${url === DEFAULT_EVENT_STORE ? 'the default, embedded:./data, is relative to the working directory' : url}); ` +
          'point VT_EVENT_STORE at the store, or fill one first with `vt-monitor seed`, `vt-monitor import` or `vt-monitor serve`',
      );
    }
    return SqlEventStore.open('embedded', await PgliteSqlClient.open(dir));
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    // The driver would find a malformed URL only when it connects, as a TypeError.
    parseSettingUrl('VT_EVENT_STORE', url, ['postgres:', 'postgresql:']);
    return SqlEventStore.open('postgres', new PgSqlClient(url));
  }
  if (/^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\//.test(url)) {
    const { KurrentDbEventStore } = await import('./kurrentdb/kurrentdb-event-store');
    return KurrentDbEventStore.connect(url);
  }
  throw new Error(`VT_EVENT_STORE must start with embedded:, postgres:// or kurrentdb://, not "${describeStoreUrl(url)}"`);
}
