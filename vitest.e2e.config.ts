import { defineConfig } from 'vitest/config';

/** Chromium journeys against a real server; run `npm run build:web` first. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    retry: 0,
    fileParallelism: false,
    pool: 'forks',
  },
});
