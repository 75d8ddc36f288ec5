import { defineConfig } from 'vitest/config';

// The documentation site in a browser: `npm run test:e2e:docs` builds the site (`npm run docs`) first.
export default defineConfig({
  test: {
    include: ['docs/e2e/**/*.e2e.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
