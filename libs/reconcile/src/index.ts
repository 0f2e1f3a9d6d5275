export * from './reconcile';
export * from './in-memory-reports';
