import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { readJsonFile } from '../../../../libs/config/src/read-json-file';
import { findOrganisation, listOrganisations } from '../../../../libs/reference/src/organisations';

export const ROLES = ['ingest', 'read', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who a request is: a token's name, role and organisations (`*` = all). */
export interface Principal {
  name: string;
  role: Role;
  organisations: string[] | '*';
}

const entrySchema = z
  .strictObject({
    name: z.string().min(1),
    token: z.string().min(16, 'must be at least 16 characters').optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex characters').optional(),
    role: z.enum(ROLES),
    organisations: z.union([z.literal('*'), z.array(z.string().min(1)).min(1)]),
  })
  .refine((e) => (e.token === undefined) !== (e.sha256 === undefined), 'give exactly one of "token" or "sha256"');
const fileSchema = z.strictObject({ tokens: z.array(entrySchema).min(1) }).superRefine((file, ctx) => {
  // The same token twice would be decided by its order (the last entry won: an ingest token could
  // become an admin one), and a misspelt organisation would cover nothing without a word.
  const seen = new Map<string, number>();
  file.tokens.forEach((t, i) => {
    if (t.sha256 === undefined && t.token === undefined) return; // said by the entry's own check
    const digest = t.sha256 ?? createHash('sha256').update(t.token!).digest('hex');
    const first = seen.get(digest);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['tokens', i], message: `the same token as tokens.${first} ("${file.tokens[first].name}"): give each token once` });
    else seen.set(digest, i);
    if (t.organisations !== '*') {
      t.organisations.forEach((code, j) => {
        if (!findOrganisation(code)) ctx.addIssue({ code: 'custom', path: ['tokens', i, 'organisations', j], message: `not an organisation code (${listOrganisations().map((o) => o.code).join(', ')})` });
      });
    }
  });
});

/**
 * The API tokens of VT_API_TOKENS: a JSON file `{"tokens": [{"name", "token" | "sha256", "role",
 * "organisations"}]}`. Only sha256 digests are kept in memory; comparison is constant-time.
 */
export class ApiTokens {
  private constructor(private readonly entries: { digest: Buffer; principal: Principal }[]) {}

  static fromFile(path: string): ApiTokens {
    const file = readJsonFile('VT_API_TOKENS', path, fileSchema);
    return new ApiTokens(
      file.tokens.map((t) => ({
        digest: t.sha256 ? Buffer.from(t.sha256, 'hex') : createHash('sha256').update(t.token!).digest(),
        principal: { name: t.name, role: t.role, organisations: t.organisations },
      })),
    );
  }

  /** The principal of a bearer token, or undefined when no token matches. */
  authenticate(token: string): Principal | undefined {
    const digest = createHash('sha256').update(token).digest();
    let found: Principal | undefined;
    for (const e of this.entries) if (timingSafeEqual(e.digest, digest)) found = e.principal;
    return found;
  }
}

/** What a request without tokens configured may do: everything (the API then listens on loopback only). */
export const LOOPBACK_PRINCIPAL: Principal = { name: 'loopback', role: 'admin', organisations: '*' };

export function mayUseOrganisation(principal: Principal, organisation: string): boolean {
  return principal.organisations === '*' || principal.organisations.includes(organisation);
}

export function hasRole(principal: Principal, needed: Role): boolean {
  return principal.role === 'admin' || principal.role === needed;
}
