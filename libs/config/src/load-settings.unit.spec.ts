import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProjectionConfig } from '../../projections/src';
import { loadSettings } from './load-settings';

const dir = mkdtempSync(join(tmpdir(), 'vt-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('VT_CONFIG', () => {
  it('is optional', () => {
    expect(loadSettings(undefined)).toEqual({});
  });

  it('adds decree days and overrides an organisation’s terms', () => {
    const settings = loadSettings(file('ok.json', JSON.stringify({ extraDecreeDays: ['2029-05-11'], organisations: { VTIJ: { terms: { triage: { length: 3 } } } } })));
    const config = createProjectionConfig(settings);
    expect(config.calendar.isWerkdag('2029-05-11')).toBe(false);
    expect(config.termsFor('VTIJ').triage.length).toBe(3);
    expect(config.termsFor('VTNOG').triage.length).toBe(5);
  });

  it('refuses a unit without its length (it would keep the default length in another unit); a length or a norm alone is fine', () => {
    expect(() => loadSettings(file('unit.json', JSON.stringify({ organisations: { VTIJ: { terms: { triage: { unit: 'dagen' } } } } })))).toThrow(
      /organisations\.VTIJ\.terms\.triage\.unit: a unit needs its length beside it/,
    );
    expect(() => loadSettings(file('norm.json', JSON.stringify({ organisations: { VTIJ: { terms: { triage: { normPct: 90 }, onderzoek: { length: 8 } } } } })))).not.toThrow();
  });

  it('names the file and the field of a bad value', () => {
    const path = file('bad.json', JSON.stringify({ organisations: { VTIJ: { terms: { triage: { length: -1 } } } } }));
    expect(() => loadSettings(path)).toThrow(`VT_CONFIG: ${path}: organisations.VTIJ.terms.triage.length:`);
    // A misspelt organisation code is refused, not left unused.
    const typo = file('typo.json', JSON.stringify({ organisations: { VTij: { terms: { triage: { length: 3 } } } } }));
    expect(() => loadSettings(typo)).toThrow(/organisations\.VTij.*not an organisation code \(VTIJ, VTNOG/);
    expect(() => loadSettings(file('unknown.json', '{"extra": 1}'))).toThrow(/VT_CONFIG: .*unknown\.json/);
    expect(() => loadSettings(join(dir, 'missing.json'))).toThrow(/VT_CONFIG: cannot read/);
  });
});
