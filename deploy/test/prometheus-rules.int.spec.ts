import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The Prometheus configuration and alert rules, checked with Debian's promtool (package
 * `prometheus`; .ci/run installs it). Without promtool the check is skipped, unless
 * REQUIRE_SERVICES=1.
 */
const dir = join(__dirname, '..', 'prometheus');
const hasPromtool = spawnSync('promtool', ['--version']).status === 0;
if (!hasPromtool && process.env.REQUIRE_SERVICES === '1') throw new Error('REQUIRE_SERVICES=1 but promtool is not installed (apt-get install prometheus)');
const describeWithPromtool = hasPromtool ? describe : describe.skip;

describeWithPromtool('deploy/prometheus', () => {
  it('passes promtool check config (with its rule files)', () => {
    const out = execFileSync('promtool', ['check', 'config', 'prometheus.yml'], { cwd: dir, encoding: 'utf8' });
    expect(out).toContain('SUCCESS');
  });

  it('passes the alert rules unit tests (promtool test rules)', () => {
    const out = execFileSync('promtool', ['test', 'rules', 'alerts.test.yml'], { cwd: dir, encoding: 'utf8' });
    expect(out).toContain('SUCCESS');
  });
});
