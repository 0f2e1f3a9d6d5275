export * from './enumerations';
export * from './event-catalogue';
export * from './validate-event';
export * from './canonical-json';
export * from './name-based-uuid';
