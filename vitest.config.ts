import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The end-to-end suites spawn dist/ and local servers; two cores on CI.
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'suite', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/keycloak/**'] },
      },
      {
        // Against a real Keycloak: its global setup starts one server, and only when one of these
        // files is part of the run (vitest sets up a project only when it has files to run).
        extends: true,
        test: { name: 'keycloak', include: ['test/keycloak/**/*.test.ts'], globalSetup: ['test/keycloak/global-setup.ts'] },
      },
    ],
  },
});
