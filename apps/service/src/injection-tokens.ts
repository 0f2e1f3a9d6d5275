/**
 * The service's injection tokens, in one place: what AppModule.forRoot provides (app.module.ts)
 * and the controllers, guard and handler inject.
 */

/** The process's one event store, its read models and their projection runner. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_MODEL = Symbol('READ_MODEL');
export const PROJECTION_RUNNER = Symbol('PROJECTION_RUNNER');
/** The calendar and each organisation's terms (VT_CONFIG), as the read models were folded with. */
export const PROJECTION_CONFIG = Symbol('PROJECTION_CONFIG');
/** The API tokens of VT_API_TOKENS, or null: then the API answers on loopback only. */
export const API_TOKENS = Symbol('API_TOKENS');
/** The Prometheus registry and gauges (VtMetrics). */
export const METRICS = Symbol('METRICS');
/** Where the erase controller says a case was erased (its organisation only): the dashboards' change feed listens. */
export const ERASURES = Symbol('ERASURES');
/** The dashboards' change feed (server-sent events). */
export const CHANGE_FEED = Symbol('CHANGE_FEED');
