/** Injection token of the one `EventStore` of the process. */
export const EVENT_STORE = Symbol('EVENT_STORE');
