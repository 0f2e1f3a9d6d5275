import { loggablePath } from './request-logger.middleware';

describe('loggablePath', () => {
  it('keeps a case id out of the log line', () => {
    expect(loggablePath('/api/v1/organisations/VTNOG/cases/VTNOG-2024-000123')).toBe('/api/v1/organisations/VTNOG/cases/:caseId');
  });
  it('leaves paths without a case id as they are', () => {
    expect(loggablePath('/api/v1/organisations/VTIJ/cases')).toBe('/api/v1/organisations/VTIJ/cases');
    expect(loggablePath('/api/v1/organisations/VTIJ/indicators')).toBe('/api/v1/organisations/VTIJ/indicators');
  });
  it('logs neither an unknown organisation nor any other segment that is not a route word (a mistyped URL may hold a name)', () => {
    expect(loggablePath('/api/v1/organisations/Jan%20de%20Vries/indicators')).toBe('/api/v1/organisations/:org/indicators');
    expect(loggablePath('/Jan%20de%20Vries')).toBe('/:param');
    expect(loggablePath('/api/v1/organisations/VTIJ/jansen')).toBe('/api/v1/organisations/VTIJ/:param');
    expect(loggablePath('/api/v1/organisations/VTIJ/case/vtij-2024-001')).toBe('/api/v1/organisations/VTIJ/:param/:param');
    expect(loggablePath('/api/v1/organisations/VTIJ/data-quality')).toBe('/api/v1/organisations/VTIJ/data-quality');
    expect(loggablePath('/dashboard/vendor/chart.umd.min.js')).toBe('/dashboard/vendor/chart.umd.min.js');
    expect(loggablePath('/health/ready')).toBe('/health/ready');
  });
});
