import { defineConfig } from 'vitest/config';

// The browser suite: real server, real Chromium. Kept apart from vitest.config.ts so `vitest run`
// stays fast and this one never picks up the API tests in test/.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: 'forks',
    // Each file runs its own server and browser; two at once saturate two cores already.
    maxWorkers: 2,
    fileParallelism: true,
    reporters: ['default'],
  },
});
