export * from './input-record';
export * from './parse-ndjson';
export * from './parse-json-array';
export * from './parse-csv';
export * from './read-event-file';
export * from './validate-records';
export * from './ingest-events';
