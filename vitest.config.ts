import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration suites spawn redis-server processes, train tiny models and load the shipped one
    // in worker threads. Tests wait on events, never on the clock; these limits are only the
    // backstop, set for a CI machine shared with other jobs (a run beside a CPU hog at load 13
    // took one export test past 30 s).
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: running files in parallel across two workers is the sweet spot.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
