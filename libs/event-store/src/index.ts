export * from './event-store.port';
export * from './errors';
export * from './stream-id';
export * from './create-event-store';
export * from './subscribe-to-all';
export { SqlEventStore } from './sql/sql-event-store';
export { createSchemaOnce } from './sql/schema';
export type { SqlClient, SqlExecutor } from './sql/sql-client';
export { PgliteSqlClient } from './embedded/pglite-sql-client';
