import { createWorkingDayCalendar, resolveTerms, type LocalDate, type TermConfig, type TermDefinition, type TermKey, type WorkingDayCalendar } from '../../../calendar/src';

/** What the projections need to know beyond the events: the calendar and each organisation's terms. */
export interface ProjectionConfig {
  calendar: WorkingDayCalendar;
  termsFor(organisation: string): Record<TermKey, TermDefinition>;
  /** What it was made from: a worker thread makes the same config from these (they are plain JSON). */
  readonly settings: ProjectionSettings;
}

export interface ProjectionSettings {
  /** Decree days (art. 3 lid 3 Algemene termijnenwet) beyond the built-in ones. */
  extraDecreeDays?: LocalDate[];
  /** Per organisation: term lengths, units and norms that differ from the defaults. */
  organisations?: Record<string, { terms?: TermConfig }>;
}

export function createProjectionConfig(settings: ProjectionSettings = {}): ProjectionConfig {
  const calendar = createWorkingDayCalendar({ extraDecreeDays: settings.extraDecreeDays ?? [] });
  const cache = new Map<string, Record<TermKey, TermDefinition>>();
  return {
    calendar,
    settings,
    termsFor(organisation) {
      let terms = cache.get(organisation);
      if (!terms) {
        terms = resolveTerms(settings.organisations?.[organisation]?.terms ?? {});
        cache.set(organisation, terms);
      }
      return terms;
    },
  };
}
