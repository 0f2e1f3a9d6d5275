// The viewer's API token. Without VT_API_TOKENS the service asks none (loopback only). With tokens,
// the page asks for one once and keeps it in sessionStorage (this tab only, gone when it closes).
// A wall screen can be given it in the URL fragment (`/#token=…`): a fragment is never sent to
// the server, so the token appears in no request line and no log; the page removes it from the
// address bar at once.
const KEY = 'vt-monitor.token';

export function takeTokenFromFragment() {
  const match = /(?:^|&)token=([^&]+)/.exec(location.hash.slice(1));
  if (!match) return;
  sessionStorage.setItem(KEY, decodeURIComponent(match[1]));
  history.replaceState(null, '', location.pathname + location.search);
}

export function getToken() {
  return sessionStorage.getItem(KEY);
}

export function setToken(token) {
  sessionStorage.setItem(KEY, token);
}

export function clearToken() {
  sessionStorage.removeItem(KEY);
}

export function authHeaders() {
  const token = getToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}
