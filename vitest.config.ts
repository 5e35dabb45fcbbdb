import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The end-to-end suites spawn dist/ and local servers; two cores on CI.
    pool: 'forks',
  },
});
