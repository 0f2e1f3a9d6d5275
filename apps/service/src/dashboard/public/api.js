// Reads the service's own API (the same routes and token rules as any other client).
import { authHeaders } from './auth.js';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function apiGet(path) {
  const res = await fetch(path, { headers: { accept: 'application/json', ...authHeaders() }, cache: 'no-store' });
  if (!res.ok) {
    let message = res.statusText;
    try {
      message = (await res.json()).error ?? message;
    } catch {
      // not JSON: keep the status text
    }
    throw new ApiError(res.status, message);
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
