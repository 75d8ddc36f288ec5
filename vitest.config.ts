import { defineConfig } from 'vitest/config';

// Property tests run FC_RUNS cases (100 by default); `FC_RUNS=10000 npm test` runs 100× as many,
// so the per-test time limit grows with them (a property that compiles a network per case takes
// ~1 minute there).
const runs = Number(process.env.FC_RUNS ?? 100);
const timeout = 60_000 * Math.max(1, Math.ceil(runs / 1000));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: timeout,
    hookTimeout: 60_000,
  },
});
