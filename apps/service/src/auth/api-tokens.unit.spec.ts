import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiTokens, hasRole, mayUseOrganisation } from './api-tokens';

const dir = mkdtempSync(join(tmpdir(), 'vt-tokens-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tokensFile = (tokens: unknown[]) => {
  const path = join(dir, `${Math.random()}.json`);
  writeFileSync(path, JSON.stringify({ tokens }));
  return path;
};

describe('API tokens (VT_API_TOKENS)', () => {
  const secret = 'a-token-of-at-least-16-chars';
  it('authenticates plain and sha256 entries, and nothing else', () => {
    const tokens = ApiTokens.fromFile(
      tokensFile([
        { name: 'plain', token: secret, role: 'ingest', organisations: ['VTIJ'] },
        { name: 'hashed', sha256: createHash('sha256').update('another-token-0123456789').digest('hex'), role: 'read', organisations: '*' },
      ]),
    );
    expect(tokens.authenticate(secret)).toEqual({ name: 'plain', role: 'ingest', organisations: ['VTIJ'] });
    expect(tokens.authenticate('another-token-0123456789')?.name).toBe('hashed');
    expect(tokens.authenticate('a-token-of-at-least-16-charsX')).toBeUndefined();
  });

  it('refuses an entry with both or neither of token and sha256, or an unknown role', () => {
    expect(() => ApiTokens.fromFile(tokensFile([{ name: 'x', role: 'read', organisations: '*' }]))).toThrow(/exactly one of "token" or "sha256"/);
    expect(() => ApiTokens.fromFile(tokensFile([{ name: 'x', token: secret, role: 'root', organisations: '*' }]))).toThrow(/VT_API_TOKENS: .*tokens\.0\.role/);
    expect(() => ApiTokens.fromFile(tokensFile([{ name: 'x', token: 'short', role: 'read', organisations: '*' }]))).toThrow(/at least 16/);
  });

  it('refuses the same token twice (its order decided its role) and an organisation code that does not exist', () => {
    const hashed = createHash('sha256').update(secret).digest('hex');
    expect(() =>
      ApiTokens.fromFile(tokensFile([{ name: 'ingest', token: secret, role: 'ingest', organisations: ['VTIJ'] }, { name: 'admin', sha256: hashed, role: 'admin', organisations: '*' }])),
    ).toThrow(/tokens\.1: the same token as tokens\.0 \("ingest"\)/);
    expect(() => ApiTokens.fromFile(tokensFile([{ name: 'x', token: secret, role: 'read', organisations: ['VTIJ', 'VTXX'] }]))).toThrow(/tokens\.0\.organisations\.1: not an organisation code/);
  });

  it('says where a file that is not JSON breaks, never what it holds there (a secret)', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, `{"tokens": [\n  {"name": "x", "token":SECRET-TOKEN-0123456789, "role": "read"}]}`);
    let message = '';
    try {
      ApiTokens.fromFile(path);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(new RegExp(`^VT_API_TOKENS: ${path} is not valid JSON \\(`));
    expect(message).not.toContain('SECRET');
  });

  it('lets admin do everything and a role only its own work, for its organisations', () => {
    expect(hasRole({ name: 'a', role: 'admin', organisations: '*' }, 'ingest')).toBe(true);
    expect(hasRole({ name: 'r', role: 'read', organisations: '*' }, 'ingest')).toBe(false);
    expect(mayUseOrganisation({ name: 'i', role: 'ingest', organisations: ['VTIJ'] }, 'VTNOG')).toBe(false);
    expect(mayUseOrganisation({ name: 'i', role: 'ingest', organisations: '*' }, 'VTNOG')).toBe(true);
  });
});
