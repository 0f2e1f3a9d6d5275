// Dutch labels and number formats for the board.
const integer = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });
const dayMonth = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const longDate = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const clock = new Intl.DateTimeFormat('nl-NL', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'Europe/Amsterdam' });

export const TERMIJN = {
  veiligheidsbeoordeling: 'Veiligheids\u00adbeoordeling', // a soft hyphen: it may break there
  triage: 'Triage',
  eerste_contact: 'Eerste contact',
  onderzoek: 'Onderzoek',
  voorwaarden_en_vervolg: 'Voorwaarden & vervolg',
};
/** Where a table cell is narrow (the over-term cases). */
export const TERMIJN_KORT = { ...TERMIJN, veiligheidsbeoordeling: 'Beoordeling', voorwaarden_en_vervolg: 'V&V' };
export const FASE = { triage: 'triage', dienst: 'dienst', overdracht: 'overdracht' };
export const DIENST = { onderzoek: 'onderzoek', voorwaarden_en_vervolg: 'voorwaarden en vervolg' };
export const KLOK = { vanaf_triage: 'vanaf triage', vanaf_start: 'vanaf start', vanaf_melding: 'vanaf melding' };
const UNIT = { werkdagen: 'werkdagen', dagen: 'dagen', weken: 'weken' };

/** A count: `1.234`; a missing value: an en dash. */
export const count = (n) => (n === null || n === undefined ? '–' : integer.format(n));
/** Days with one decimal: `4,5`. */
export const days = (n) => (n === null || n === undefined ? '–' : decimal.format(n));
/** `94,1%`, `100%`. */
export const pct = (n) => (n === null || n === undefined ? '–' : `${percent.format(n)}%`);
/** `2024-Q3` as `K3 2024`. */
export const quarter = (label) => label.replace(/^(\d{4})-Q(\d)$/, 'K$2 $1');
/** `2024-12-03` as `3 dec`, with `'24` when not in `year`. */
export const shortDate = (date, year) => dayMonth.format(new Date(`${date}T12:00:00Z`)) + (date.slice(0, 4) === year ? '' : ` '${date.slice(2, 4)}`);
export const fullDate = (date) => longDate.format(new Date(`${date}T12:00:00Z`));
export const time = (instant) => clock.format(instant);
export const termLength = (term) => (term ? `${term.length} ${UNIT[term.unit] ?? term.unit}` : '');
const UNIT_SHORT = { werkdagen: 'wd', dagen: 'dg', weken: 'wk' };
/** `5 wd`: a term's length where space is short (the norm column). */
export const termLengthShort = (term) => (term ? `${term.length} ${UNIT_SHORT[term.unit] ?? term.unit}` : '');

/** The name of a CBS gemeente code, from the organisation's list; `overig` is outside the region. */
export function gemeenteName(organisation, code) {
  if (code === 'overig') return 'Buiten de regio';
  return organisation?.gemeenten.find((g) => g.code === code)?.name ?? code;
}
