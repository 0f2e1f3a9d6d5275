import { loggablePath } from './request-logger.middleware';

describe('loggablePath', () => {
  it('keeps a case id out of the log line', () => {
    expect(loggablePath('/api/v1/organisations/VTNOG/cases/VTNOG-2024-000123')).toBe('/api/v1/organisations/VTNOG/cases/:caseId');
  });
  it('leaves paths without a case id as they are', () => {
    expect(loggablePath('/api/v1/organisations/VTIJ/cases')).toBe('/api/v1/organisations/VTIJ/cases');
    expect(loggablePath('/api/v1/organisations/VTIJ/indicators')).toBe('/api/v1/organisations/VTIJ/indicators');
  });
});
