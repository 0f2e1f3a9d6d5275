export * from './schema';
export * from './checkpoint';
export * from './case-rows';
export * from './apply-events';
export * from './projection-runner';
export * from './rebuild';
export * from './indicator-queries';
export * from './read-model';
