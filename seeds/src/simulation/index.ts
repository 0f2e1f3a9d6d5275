export { CaseSimulator, isoInAmsterdam, type SimulatorOptions } from './case-simulator';
export { organisationRhythm, rhythmFromEvents, rhythmYearOf, weekHourOf, WEEK_HOURS, type OrganisationRhythm, type CaseTemplate, type TemplateStep } from './organisation-rhythm';
