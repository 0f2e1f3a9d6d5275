// Reads the service's own API (the same routes and token rules as any other client).
import { authHeaders } from './auth.js';

export class ApiError extends Error {
  /** `rebuilding`: the service is rebuilding its read models (503); `retryAfterS`: when to ask again. */
  constructor(status, message, { rebuilding = false, retryAfterS } = {}) {
    super(message);
    this.status = status;
    this.rebuilding = rebuilding;
    this.retryAfterS = retryAfterS;
  }
}

export async function apiGet(path) {
  const res = await fetch(path, { headers: { accept: 'application/json', ...authHeaders() }, cache: 'no-store' });
  if (!res.ok) {
    let message = res.statusText;
    let rebuilding = false;
    try {
      const body = await res.json();
      message = body.error ?? message;
      rebuilding = body.rebuilding === true;
    } catch {
      // not JSON: keep the status text
    }
    const retryAfterS = Number(res.headers.get('retry-after')) || undefined;
    throw new ApiError(res.status, message, { rebuilding, retryAfterS });
  }
  return res.json();
}

const org = (code) => `/api/v1/organisations/${encodeURIComponent(code)}`;

export const api = {
  organisations: () => apiGet('/api/v1/organisations'),
  stock: (code, at) => apiGet(`${org(code)}/indicators?at=${encodeURIComponent(at)}`),
  flows: (code, period) => apiGet(`${org(code)}/indicators?period=${encodeURIComponent(period)}`),
  overTermijn: (code, at) => apiGet(`${org(code)}/cases?status=over_termijn&at=${encodeURIComponent(at)}`),
};
