import { defineConfig } from 'vitest/config';

// Three projects:
// - unit: pure code, in process (core, CLI commands run in process, studio logic); no binaries,
//   no servers, no network. `npm run test:unit` runs it in seconds on a machine with only Node.
// - integration: real tools and servers: promtool, amtool, Prometheus, the proxy, the CLI as a
//   process, the installed package.
// - e2e: Chromium on a production build of the studio (built once in a global setup).
const INTEGRATION = [
  'tests/**/*.promtool.test.ts',
  'tests/{backtest,ci,delivery,import,live,package,pagerduty,prom,proxy,security,slo}/**/*.test.ts',
  'tests/{cli,launcher,test-tools}.test.ts',
  'src/core/generators/alert-packs/alert-packs.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', ...INTEGRATION],
          testTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'integration',
          include: INTEGRATION,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 300_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
