import { defineConfig } from 'vitest/config';

/** Chromium journeys against a real server; run `npm run build:web` first. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    // A journey walks a whole capability (the base-naming one: ~2 min on a loaded 2-core CI box).
    testTimeout: 300_000,
    hookTimeout: 240_000,
    retry: 0,
    fileParallelism: false,
    pool: 'forks',
  },
});
