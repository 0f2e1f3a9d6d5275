// Draws the board's tiles and tables from a loaded board (load.js). Text goes in through
// textContent only: nothing from the API is ever parsed as HTML.
import { count, days, FASE, gemeenteName, KLOK, pct, quarter, shortDate, TERMIJN, TERMIJN_KORT, termLength, termLengthShort } from './format.js';
import { countOf, findRow, TERM_ROWS } from './load.js';

/** Short dienst names for the tiles ("V&V" is the field's own abbreviation). */
const DIENST_SHORT = { onderzoek: 'onderzoek', voorwaarden_en_vervolg: 'V&V' };

/** `el('td', { class: 'num' }, 'text', child)`: a DOM element with attributes and children. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  for (const child of children) if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
  return node;
}

const $ = (selector) => document.querySelector(selector);

function setNumber(testId, value) {
  const node = $(`[data-testid="${testId}"]`);
  node.textContent = count(value);
  node.dataset.value = String(value);
}

/** A termijn's name, with its clock (diensten) and length (when asked) on a second line. */
const termCell = (row, term, withLength = true) => {
  const second = [row.klok ? KLOK[row.klok] : null, withLength ? termLength(term) : null].filter(Boolean).join(' · ');
  return el('th', { scope: 'row' }, TERMIJN[row.termijn], second ? el('small', {}, second) : null);
};

export function renderTiles(board) {
  const rows = board.stock.rows;
  const fase = (f) => countOf(rows, 'wachtlijst', { fase: f });
  const longest = (f) => findRow(rows, 'wachttijd_dagen', { fase: f, stat: 'max' })?.value;
  const longestText = (f) => (longest(f) == null ? 'niemand wacht' : `langste wacht ${count(longest(f))} dagen`);
  setNumber('wachtlijst-totaal', countOf(rows, 'wachtlijst'));
  setNumber('wachtlijst-triage', fase('triage'));
  setNumber('wachtlijst-dienst', fase('dienst'));
  setNumber('wachtlijst-overdracht', fase('overdracht'));
  setNumber('wachtlijst-over-termijn', countOf(rows, 'wachtlijst_over_termijn'));
  // Red only when someone waits past a term.
  $('[data-testid="wachtlijst-over-termijn"]').closest('.tile').classList.toggle('tile-alert', countOf(rows, 'wachtlijst_over_termijn') > 0);
  setNumber('open-diensten', countOf(rows, 'open_diensten'));
  $('#sub-triage').textContent = longestText('triage');
  $('#sub-dienst').textContent = Object.entries(DIENST_SHORT)
    .map(([d, label]) => `${label} ${count(countOf(rows, 'wachtlijst', { fase: 'dienst', dienst: d }))}`)
    .join(' · ');
  $('#sub-overdracht').textContent = longestText('overdracht');
  $('#sub-over').textContent = `triage ${count(countOf(rows, 'wachtlijst_over_termijn', { fase: 'triage' }))} · dienst ${count(countOf(rows, 'wachtlijst_over_termijn', { fase: 'dienst' }))}`;
  $('#sub-open').textContent = `waarvan over termijn ${count(countOf(rows, 'open_diensten_over_termijn'))}`;
  $('[data-testid="wachtlijst-totaal"]').closest('.tile').title = board.stock.definitions?.wachtlijst ?? '';
}

export function renderTijdig(board, organisation) {
  const table = $('#tijdig');
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Termijn'), el('th', { scope: 'col', class: 'num' }, 'Norm'));
  for (const f of board.flows) head.append(el('th', { scope: 'col', class: 'num' }, quarter(f.period), f.period === board.quarter && !board.fixed ? el('small', {}, ' (loopt)') : null));
  const body = el('tbody');
  for (const row of TERM_ROWS) {
    const term = organisation?.terms?.[row.termijn];
    const norm = term?.normPct ?? (row.klok ? 80 : 90);
    const tr = el('tr', {}, termCell(row, term, false), el('td', { class: 'num norm', title: `norm ${norm}% tijdig; termijn ${termLength(term)}` }, `${norm}%`, el('small', {}, termLengthShort(term))));
    for (const f of board.flows) {
      const r = findRow(f.rows, 'tijdig_pct', row.klok ? { termijn: row.termijn, klok: row.klok } : { termijn: row.termijn });
      const value = r?.value ?? null;
      const state = value === null ? 'empty' : value >= norm ? 'ok' : 'below';
      tr.append(
        el(
          'td',
          { class: `num cell-${state}`, 'data-termijn': row.termijn, 'data-period': f.period, 'data-value': value ?? '', title: r?.denominator ? `${r.numerator} van ${r.denominator} tijdig` : 'niets afgerond' },
          pct(value),
          r?.denominator ? el('small', {}, `${r.numerator}/${r.denominator}`) : null,
        ),
      );
    }
    body.append(tr);
  }
  table.replaceChildren(el('thead', {}, head), body);
}

export function renderDoorlooptijden(board, organisation) {
  const flows = board.flows[board.flows.length - 1];
  $('#doorloop-period').textContent = `${quarter(flows.period)} · dagen`;
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Termijn'), ...[['mediaan', 'mediaan'], ['gem.', 'gemiddeld'], ['p90', '90e percentiel']].map(([h, title]) => el('th', { scope: 'col', class: 'num', title }, h)));
  const body = el('tbody');
  for (const row of TERM_ROWS) {
    const by = row.klok ? { termijn: row.termijn, klok: row.klok } : { termijn: row.termijn };
    const stat = (s) => findRow(flows.rows, 'doorlooptijd_dagen', { ...by, stat: s })?.value ?? null;
    body.append(
      el(
        'tr',
        { 'data-termijn': row.termijn },
        termCell(row, organisation?.terms?.[row.termijn]),
        el('td', { class: 'num', 'data-stat': 'mediaan', 'data-value': stat('mediaan') ?? '' }, days(stat('mediaan'))),
        el('td', { class: 'num', 'data-stat': 'gemiddelde', 'data-value': stat('gemiddelde') ?? '' }, days(stat('gemiddelde'))),
        el('td', { class: 'num', 'data-stat': 'p90', 'data-value': stat('p90') ?? '' }, days(stat('p90'))),
      ),
    );
  }
  $('#doorloop').replaceChildren(el('thead', {}, head), body);
}

/** As many cases as fit on a wall screen, longest waiting first; the count says how many there are. */
export const MAX_CASES = 7;

export function renderCases(board) {
  const cases = [...board.cases].sort((a, b) => b.dagenWachtend - a.dagenWachtend || (a.caseId < b.caseId ? -1 : 1));
  const over = cases.filter((c) => c.overTermijn).length;
  const counter = $('#cases-count');
  counter.textContent = `${count(over)} over · ${count(cases.length - over)} bijna`;
  counter.dataset.over = String(over);
  counter.dataset.total = String(cases.length);
  const head = el('tr', {}, ...['Zaak', 'Termijn', 'Deadline', 'Dagen'].map((h, i) => el('th', { scope: 'col', class: i === 3 ? 'num' : undefined }, h)));
  const body = el('tbody');
  for (const c of cases.slice(0, MAX_CASES)) {
    body.append(
      el(
        'tr',
        { class: c.overTermijn ? 'case-over' : 'case-near', 'data-case': c.caseId },
        el('td', { class: 'case-id' }, c.caseId),
        el('td', { title: `${(TERMIJN[c.termijn] ?? c.termijn).replace('\u00ad', '')}, ${c.fase === 'in_behandeling' ? 'in behandeling' : `wacht op ${FASE[c.fase] ?? c.fase}`}` }, TERMIJN_KORT[c.termijn] ?? c.termijn),
        el('td', {}, shortDate(c.deadline, board.date.slice(0, 4))),
        el('td', { class: 'num' }, count(c.dagenWachtend)),
      ),
    );
  }
  if (cases.length === 0) body.append(el('tr', {}, el('td', { colspan: 4, class: 'dim' }, 'Geen zaken over of binnen een werkdag van een termijn')));
  if (cases.length > MAX_CASES) body.append(el('tr', {}, el('td', { colspan: 4, class: 'dim' }, `en nog ${count(cases.length - MAX_CASES)} termijnen`)));
  $('#cases').replaceChildren(el('thead', {}, head), body);
}

export function renderGemeenten(board, organisation) {
  const flows = board.flows[board.flows.length - 1];
  $('#gemeenten-period').textContent = `meldingen ${quarter(flows.period)}`;
  const codes = new Set((organisation?.gemeenten ?? []).map((g) => g.code));
  for (const r of [...flows.rows, ...board.stock.rows]) if (r.by.gemeente && Object.keys(r.by).length === 1) codes.add(r.by.gemeente);
  const list = [...codes].sort((a, b) => (a === 'overig') - (b === 'overig') || gemeenteName(organisation, a).localeCompare(gemeenteName(organisation, b), 'nl'));
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Gemeente'), el('th', { scope: 'col', class: 'num' }, 'Meldingen'), el('th', { scope: 'col', class: 'num' }, 'Wachtend'));
  const body = el('tbody');
  for (const code of list) {
    const meldingen = countOf(flows.rows, 'meldingen', { gemeente: code });
    const wachtlijst = countOf(board.stock.rows, 'wachtlijst', { gemeente: code });
    body.append(
      el(
        'tr',
        { 'data-gemeente': code },
        el('th', { scope: 'row' }, gemeenteName(organisation, code)),
        el('td', { class: 'num', 'data-col': 'meldingen', 'data-value': meldingen }, count(meldingen)),
        el('td', { class: 'num', 'data-col': 'wachtlijst', 'data-value': wachtlijst }, count(wachtlijst)),
      ),
    );
  }
  const total = el('tr', { class: 'total' }, el('th', { scope: 'row' }, 'Totaal'), el('td', { class: 'num' }, count(countOf(flows.rows, 'meldingen'))), el('td', { class: 'num' }, count(countOf(board.stock.rows, 'wachtlijst'))));
  $('#gemeenten').replaceChildren(el('thead', {}, head), body, el('tfoot', {}, total));
  $('#gemeenten').classList.toggle('compact', list.length > 14);
}
