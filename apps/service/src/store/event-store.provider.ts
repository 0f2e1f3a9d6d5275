/** Injection tokens of the process's one event store, its read models and their runner. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_MODEL = Symbol('READ_MODEL');
export const PROJECTION_RUNNER = Symbol('PROJECTION_RUNNER');
