import { defineConfig } from 'vitest/config';

// Three kinds of test, one command (`npm test`):
//  unit        — logic, in-process; fast and parallel.
//  integration — real sockets on loopback, real SQLite files, real tools (*.int.test.ts).
//  e2e         — Playwright driving Debian's Chromium against the browser shell, one file at a time.
export default defineConfig({
  test: {
    globals: false,
    globalSetup: ['test/setup/build.ts'],
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.int.test.ts', 'test/e2e/**', 'node_modules/**'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.int.test.ts'],
          exclude: ['test/e2e/**', 'node_modules/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
