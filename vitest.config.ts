import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration suites spawn redis-server processes and train tiny models; give them room.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: running files in parallel across two workers is the sweet spot.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
