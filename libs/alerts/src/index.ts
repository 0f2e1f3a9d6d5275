export * from './alert-ids';
export * from './alert-schedule';
export * from './termijn-overschreden-event';
export * from './alertmanager-payload';
