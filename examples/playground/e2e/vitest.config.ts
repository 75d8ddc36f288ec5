import { defineConfig } from 'vitest/config';

// The browser tests only: `npm test` (test/**) stays browser-free; `npm run test:e2e` builds the site first.
export default defineConfig({
  test: {
    include: ['examples/playground/e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
