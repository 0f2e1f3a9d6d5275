import { z } from 'zod';
import { TERM_KEYS, TERM_UNITS } from '../../calendar/src';
import type { ProjectionSettings } from '../../projections/src';
import { findOrganisation, listOrganisations } from '../../reference/src/organisations';
import { readJsonFile } from './read-json-file';

// A unit alone would keep the default length in another unit (`{"unit": "dagen"}` turned the legal 5 werkdagen into 5 calendar days).
const termOverride = z
  .strictObject({ length: z.number().int().positive().optional(), unit: z.enum(TERM_UNITS).optional(), normPct: z.number().min(0).max(100).optional() })
  .refine((t) => t.unit === undefined || t.length !== undefined, { message: 'a unit needs its length beside it ({"length": 10, "unit": "werkdagen"})', path: ['unit'] });
const settingsSchema = z.strictObject({
  extraDecreeDays: z.array(z.iso.date()).optional(),
  organisations: z.record(z.string(), z.strictObject({ terms: z.partialRecord(z.enum(TERM_KEYS), termOverride).optional() })).optional(),
}).superRefine((settings, ctx) => {
  // A misspelt code would leave its terms unused without a word: only the organisations of reference/organisations.json.
  for (const code of Object.keys(settings.organisations ?? {})) {
    if (!findOrganisation(code)) ctx.addIssue({ code: 'custom', path: ['organisations', code], message: `not an organisation code (${listOrganisations().map((o) => o.code).join(', ')})` });
  }
});

/**
 * VT_CONFIG: an optional JSON file with further decree days (art. 3 lid 3 Algemene termijnenwet)
 * and per-organisation term lengths and norms: `{"extraDecreeDays": ["2029-05-11"],
 * "organisations": {"VTIJ": {"terms": {"triage": {"length": 5, "unit": "werkdagen", "normPct": 90}}}}}`.
 */
export function loadSettings(path = process.env.VT_CONFIG): ProjectionSettings {
  return path ? (readJsonFile('VT_CONFIG', path, settingsSchema) as ProjectionSettings) : {};
}
