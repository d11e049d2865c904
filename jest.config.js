/**
 * Jest runs the TypeScript tests as native ESM (the project is ESM because @actions/core 3 is), in
 * three projects: `unit` (the pure core, no network), `integration` (src/ against the local servers)
 * and `e2e` (dist/index.js as a child process). `npm test` runs all three; `npm run test:unit` and
 * friends run one (`--selectProjects`).
 */
const typescript = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }]
  }
}

/**
 * Tests that start servers and child processes get 30 s per test and hook. Jest reads `testTimeout`
 * from the global config only (in a project it is accepted and ignored: jestjs/jest#9759), so the
 * slow projects set it in a setup file.
 */
const slow = { setupFilesAfterEnv: ['<rootDir>/__tests__/helpers/slow-timeout.ts'] }

export default {
  projects: [
    { ...typescript, displayName: 'unit', roots: ['<rootDir>/__tests__/unit'] },
    { ...typescript, ...slow, displayName: 'integration', roots: ['<rootDir>/__tests__/integration'] },
    { ...typescript, ...slow, displayName: 'e2e', roots: ['<rootDir>/__tests__/e2e'] }
  ]
}
