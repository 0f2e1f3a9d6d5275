// Test tiers by suffix: *.unit.spec.ts (pure, fast), *.int.spec.ts (real PostgreSQL / Redis / embedded
// store), *.e2e.spec.ts (the built CLI and service as separate processes).
const transform = {
  '^.+\\.ts$': ['@swc/jest', {
    jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
    module: { type: 'commonjs' },
  }],
};
const base = { transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'], roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/deploy', '<rootDir>/test', '<rootDir>/seeds'] };
module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.js',
  projects: [
    { ...base, displayName: 'unit', testMatch: ['**/*.unit.spec.ts'] },
    { ...base, displayName: 'int', testMatch: ['**/*.int.spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/support/service-test-timeout.js'] },
    { ...base, displayName: 'e2e', testMatch: ['**/*.e2e.spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/support/service-test-timeout.js'] },
  ],
};
