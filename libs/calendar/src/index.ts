export * from './local-date';
export * from './periods';
export * from './holidays';
export * from './terms';
export * from './iso-instant';
