import { OWN_FILES, VENDOR_FILES } from '../dashboard/dashboard-assets';
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
    expect(loggablePath('/health/ready')).toBe('/health/ready');
  });

  it("logs the name of every file the dashboard serves (uPlot's with capitals too), and no other file name", () => {
    for (const name of VENDOR_FILES) expect(loggablePath(`/dashboard/vendor/${name}`)).toBe(`/dashboard/vendor/${name}`);
    for (const name of OWN_FILES) expect(loggablePath(`/dashboard/${name}`)).toBe(`/dashboard/${name}`);
    expect(loggablePath('/dashboard/vendor/uPlot.min.css')).toBe('/dashboard/vendor/uPlot.min.css');
    expect(loggablePath('/dashboard/vendor/jansen.js')).toBe('/dashboard/vendor/:param');
    expect(loggablePath('/Jansen-Bakker.html')).toBe('/:param');
  });
});
