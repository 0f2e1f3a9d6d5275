export * from './event-store.port';
export * from './errors';
export * from './stream-id';
export * from './create-event-store';
export * from './subscribe-to-all';
