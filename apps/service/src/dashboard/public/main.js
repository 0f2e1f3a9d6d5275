// The live dashboard: picks the organisation (`?org=`, remembered in the URL), loads the board,
// and loads it again when the service says events were applied (live.js) and every minute
// (waits grow and terms pass without any event).
import { api, ApiError } from './api.js';
import { clearToken, getToken, setToken, takeTokenFromFragment } from './auth.js';
import { momentFrom, monthEndMs } from './dates.js';
import { fullDate, time } from './format.js';
import { forgetFrom, loadBoard } from './load.js';
import { connectLive } from './live.js';
import { renderCases, renderDoorlooptijden, renderGemeenten, renderTiles, renderTijdig } from './render.js';
import { renderTrend, resizeTrend } from './trend-chart.js';

const REFRESH_EVERY_MS = 60_000;
const $ = (selector) => document.querySelector(selector);
const moment = momentFrom(location.search);
let organisations = [];
let current;
let running = false;
let pending = false;
let stopLive;
let timer;
let retryTimer;

function showProblem(message) {
  $('#problem').textContent = message;
  $('#problem').hidden = !message;
}

/** Shows the token form; with a message, the token held was refused and is not kept (a wrong one stayed in sessionStorage). */
function askForToken(message) {
  if (message) clearToken();
  stopLive?.();
  clearTimeout(retryTimer);
  $('#board').hidden = true;
  $('#token-form').hidden = false;
  $('#token-error').textContent = message ?? '';
  $('#token-input').focus();
}

function setConnection(state) {
  const labels = { connecting: 'verbinden…', live: 'live', offline: 'geen verbinding', unauthorised: 'geen toegang' };
  $('#connection').textContent = labels[state];
  $('#connection').dataset.state = state;
}

async function refresh() {
  if (running) {
    pending = true;
    return;
  }
  running = true;
  try {
    do {
      pending = false;
      const org = current;
      const board = await loadBoard(org.code, moment);
      if (org !== current) continue;
      renderTiles(board);
      renderTrend($('#trend'), [...board.trend.map((p) => ({ ms: monthEndMs(p.month), rows: p.rows })), { ms: moment.fixed ? Date.parse(board.at) : Date.now(), rows: board.stock.rows }]);
      renderTijdig(board, org);
      renderDoorlooptijden(board, org);
      renderCases(board);
      renderGemeenten(board, org);
      $('#updated').textContent = time(new Date());
      document.body.dataset.org = org.code;
      document.body.dataset.at = board.at;
      document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes ?? 0) + 1);
      clearTimeout(retryTimer);
      $('#board').hidden = false;
      showProblem('');
    } while (pending);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) askForToken('Dit token is niet (meer) geldig.');
    else if (err instanceof ApiError && err.rebuilding) {
      // Figures of half-rebuilt read models would be too low: keep what is shown (when it is this
      // organisation's: never another's under this name) and ask again soon.
      const seconds = err.retryAfterS ?? 15;
      const shown = document.body.dataset.org === current.code;
      $('#board').hidden = !shown;
      showProblem(`De cijfers worden opnieuw opgebouwd uit het gebeurtenissenlog; ${shown ? 'tot dat klaar is blijft de vorige stand staan' : 'zodra dat klaar is verschijnen ze hier'}. Nieuwe poging over ${seconds} s.`);
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => void refresh(), seconds * 1000);
    } else {
      // fetch's own failure ("Failed to fetch") is the browser's English: said in Dutch here.
      const why = err instanceof ApiError ? `antwoord ${err.status}: ${err.message}` : 'de monitor is niet bereikbaar';
      showProblem(`De monitor kon de cijfers niet lezen (${why}); nieuwe poging bij de volgende wijziging.`);
    }
  } finally {
    running = false;
    // Asked for while this load ran (another organisation chosen, a change) and cut short by its error.
    if (pending) void refresh();
  }
}

function chooseOrganisation(code) {
  current = organisations.find((o) => o.code === code) ?? organisations[0];
  $('#org-select').value = current.code;
  $('#org-name').textContent = current.name;
  document.title = `${current.name} · wachtlijst live`;
  const params = new URLSearchParams(location.search);
  params.set('org', current.code);
  history.replaceState(null, '', `${location.pathname}?${params}`);
  void refresh();
}

async function start() {
  // The service says in the page whether it asks for a token: then ask the viewer first, rather
  // than let a request without one fail.
  if (document.querySelector('meta[name="vt-monitor-auth"]')?.content === 'token' && !getToken()) return askForToken();
  try {
    organisations = (await api.organisations()).organisations;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return askForToken(getToken() ? 'Dit token is niet geldig.' : undefined);
    if (err instanceof ApiError && err.status === 403) {
      // A valid token of another role (ingest): not kept, and said where the token is asked for.
      clearToken();
      return askForToken('Dit token mag geen cijfers lezen: daarvoor is een token met de rol read (of admin) nodig.');
    }
    return showProblem(err instanceof ApiError ? `De monitor gaf antwoord ${err.status}: ${err.message}.` : 'De monitor is niet bereikbaar; laad de pagina opnieuw zodra hij weer draait.');
  }
  if (organisations.length === 0) return showProblem('Dit token geeft toegang tot geen enkele organisatie.');
  $('#token-form').hidden = true;
  $('#board').hidden = false;
  $('#moment').textContent = moment.fixed ? `stand op ${fullDate(moment.date)}` : 'nu';
  $('#moment').classList.toggle('fixed', moment.fixed);
  $('#org-select').replaceChildren(...organisations.map((o) => new Option(o.name, o.code)));
  chooseOrganisation(new URLSearchParams(location.search).get('org'));
  let wasOffline = false;
  stopLive = connectLive({
    onChanged: (change) => {
      if (!change.organisations.includes(current.code)) return;
      forgetFrom(change.since);
      void refresh();
    },
    onStatus: (state) => {
      setConnection(state);
      if (state === 'unauthorised') askForToken('Dit token is niet (meer) geldig.');
      if (state === 'offline') wasOffline = true;
      if (state === 'live' && wasOffline) {
        forgetFrom(null); // changes may have been missed
        void refresh();
      }
    },
  });
  clearInterval(timer);
  timer = setInterval(() => void refresh(), REFRESH_EVERY_MS);
}

$('#org-select').addEventListener('change', (e) => chooseOrganisation(e.target.value));
$('#token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  setToken($('#token-input').value.trim());
  $('#token-input').value = '';
  void start();
});
window.addEventListener('resize', () => resizeTrend($('#trend')));
takeTokenFromFragment();
if (new URLSearchParams(location.search).has('logout')) clearToken();
void start();
