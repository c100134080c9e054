import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources of the workspace packages (their "source" export condition), in UTC.
const conditions = ['source', 'module', 'node', 'development|production'];

// Tests that measure this process's memory: in a worker that already ran other files, the heap those left (and the
// garbage collector's pace, which follows it) would be measured too.
const MEASURE_MEMORY = [
  'packages/data/src/import-files/limits.test.ts',
  'packages/data/src/export-writers/csv-writer.test.ts',
  'packages/data/src/inventory-formats/decompress.test.ts',
  'packages/data/src/inventory-formats/safe-json.test.ts',
];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    exclude: ['**/node_modules/**', '**/dist/**'],
    env: { TZ: 'UTC' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: one test file per core. The tests that start processes (the CLI, Chromium, PostgreSQL clusters) add
    // their own load on top.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          // Tests that run everything in this process (units, and the API through Fastify's inject). They share a worker
          // and its loaded modules from one file to the next: loading the sources anew for each file cost about three
          // seconds a file on a 2-core VM, more than many files take to run. They keep no state between files: each
          // opens its own databases and servers, and one that changes process.env puts it back.
          name: 'in-process',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/server/test/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**', ...MEASURE_MEMORY],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          // Each file in a process of its own: the CLI and browser tests (the CLI support sets process.env, the
          // encryption key its child processes share, which must not reach the tests above; and these files run for
          // tens of seconds each, so loading costs them little), and the tests that measure memory. Vitest starts the
          // projects' files in the order of the projects' names: this one's long files go first, and the short
          // in-process ones fill the end of the run.
          name: 'each-file-alone',
          include: ['apps/cli/test/**/*.test.ts', 'apps/web/test/**/*.test.ts', ...MEASURE_MEMORY],
        },
      },
    ],
  },
});
