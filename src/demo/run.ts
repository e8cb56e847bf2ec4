/**
 * `nthlayer demo` / `npm run demo`: Debian's Prometheus on 127.0.0.1 with a week of synthetic
 * history for three example services, a small synthetic exporter it scrapes live (so the data
 * keeps moving after the history ends), their generated rules loaded, and the studio served
 * through the proxy — verify and budget work in one command. It installs nothing itself; it
 * rebuilds the studio when the build is missing or older than its sources.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { compile } from '../core/index.ts';
import { createStudioServer } from '../proxy/server.ts';
import { exposition, openMetrics } from './synthetic.ts';
import { DEMO_EXAMPLES, DEMO_MINUTES, DEMO_TARGET, demoSeries } from './scenario.ts';

export interface DemoOptions {
  prometheusPort: number;
  port: number;
  dir: string;
  log: (s: string) => void;
  /** Do not build the studio (tests pass true and serve nothing but the API). */
  skipBuild?: boolean;
  /** Seconds between scrapes of the live exporter (default 15). */
  scrapeIntervalSeconds?: number;
}

export interface RunningDemo {
  prometheusUrl: string;
  studioUrl: string;
  /** The live synthetic exporter Prometheus scrapes (`/metrics`). */
  exporterUrl: string;
  /** Milliseconds from the call to everything answering. */
  readyMs: number;
  stop: () => Promise<void>;
}

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

export class DemoError extends Error {}

/** The last hours are backfilled a sample a minute (short alert windows need it); the rest every 2 minutes, so a `rate(…[5m])` over older history still has two samples in every window. */
const RECENT_MINUTES = 6 * 60;
const OLDER_STEP_MINUTES = 2;

/** What the studio build is made from: a build older than any of these is stale. */
const STUDIO_SOURCES = [
  'src/ui',
  'src/core',
  'src/live',
  'src/prom',
  'examples',
  'schemas',
  'index.html',
  'vite.config.ts',
  'package.json',
  'package-lock.json',
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Why the studio needs building, or undefined when `dist/studio` is newer than every source. */
export function studioBuildStale(root = '.'): string | undefined {
  const index = join(root, 'dist/studio/index.html');
  if (!existsSync(index)) return 'no studio build yet';
  const built = statSync(index).mtimeMs;
  const newer = STUDIO_SOURCES.find((p) => newestMtime(join(root, p)) > built);
  return newer ? `${newer} changed since the last build` : undefined;
}

/** The demo's live exporter: the same synthetic series, at the current (fractional) minute. */
function startExporter(startSeconds: number): Promise<{ server: Server; url: string }> {
  const series = demoSeries();
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const minute = (Date.now() / 1000 - startSeconds) / 60;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(exposition(series, minute));
  });
  return new Promise((r) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      r({ server, url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/metrics` });
    }),
  );
}

export async function startDemo(opts: DemoOptions): Promise<RunningDemo> {
  const t0 = Date.now();
  for (const bin of ['prometheus', 'promtool']) {
    if (!has(bin))
      throw new DemoError(
        `\`${bin}\` is not installed. Install Debian's Prometheus first:\n    sudo apt-get update && sudo apt-get install -y prometheus\nthen run the demo again.`,
      );
  }
  const dir = resolve(opts.dir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'data'), { recursive: true });

  // The build runs beside the backfill and Prometheus's start: it is the longest step.
  const stale = opts.skipBuild ? undefined : studioBuildStale();
  let build: ChildProcess | undefined;
  if (stale) {
    opts.log(`building the studio (${stale})…`);
    build = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }

  opts.log('writing a week of synthetic data for payment-api (healthy), order-api (burning) and checkout-service (missing exporters)…');
  const now = Math.floor(Date.now() / 60_000) * 60;
  const start = now - DEMO_MINUTES * 60;
  writeFileSync(
    join(dir, 'data.om'),
    openMetrics(demoSeries(), now, DEMO_MINUTES, 1, { recentMinutes: RECENT_MINUTES, olderStepMinutes: OLDER_STEP_MINUTES }),
  );
  // A week in a couple of blocks instead of 84 two-hour ones: the backfill takes 1-2 s instead of 25-40 s.
  const backfill = spawnSync(
    'promtool',
    ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', '--max-block-duration=168h', join(dir, 'data.om'), join(dir, 'data')],
    { encoding: 'utf8' },
  );
  if (backfill.status !== 0) throw new DemoError(`promtool could not backfill the data:\n${backfill.stderr}`);

  const ruleFiles: string[] = [];
  for (const example of DEMO_EXAMPLES) {
    const r = compile({ file: example, text: readFileSync(example, 'utf8') });
    for (const f of r.bundle?.files ?? []) {
      if (!/\/(recording-rules|alerts)\.yaml$/.test(f.path)) continue;
      const p = join(dir, f.path.replace('/', '-'));
      writeFileSync(p, f.content);
      ruleFiles.push(p);
    }
  }
  const exporter = await startExporter(start);
  const scrape = `${opts.scrapeIntervalSeconds ?? 15}s`;
  writeFileSync(
    join(dir, 'prometheus.yml'),
    stringify({
      global: { evaluation_interval: '1m', scrape_interval: scrape },
      rule_files: ruleFiles,
      // The exporter's series carry the backfilled series' own job and instance: honour them, and
      // each live sample continues its series.
      scrape_configs: [
        {
          job_name: DEMO_TARGET.job,
          honor_labels: true,
          scrape_interval: scrape,
          static_configs: [{ targets: [new URL(exporter.url).host] }],
        },
      ],
    }),
  );

  const prometheusUrl = `http://127.0.0.1:${opts.prometheusPort}`;
  const prom: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${opts.prometheusPort}`,
      '--storage.tsdb.retention.time=30d',
      '--log.level=warn',
      '--web.cors.origin=https?://(localhost|127\\.0\\.0\\.1)(:\\d+)?',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const stopAll = (): void => {
    prom.kill();
    exporter.server.close();
    build?.kill();
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (prom.exitCode !== null) {
      stopAll();
      throw new DemoError(`prometheus exited (is port ${opts.prometheusPort} in use?)`);
    }
    try {
      if ((await fetch(`${prometheusUrl}/-/ready`)).ok) break;
    } catch {
      /* starting */
    }
    if (Date.now() > deadline) {
      stopAll();
      throw new DemoError('prometheus did not become ready within 30 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  if (build) {
    const code = build.exitCode ?? (await new Promise<number | null>((r) => build!.once('exit', r)));
    if (code !== 0) {
      stopAll();
      throw new DemoError('the studio build failed');
    }
  }
  const server = createStudioServer({
    port: opts.port,
    upstream: prometheusUrl,
    allowOrigins: ['http://127.0.0.1:5173', 'http://localhost:5173'],
    log: () => {},
  });
  await new Promise<void>((r) => server.listen(opts.port, '127.0.0.1', r));
  const studioUrl = `http://127.0.0.1:${opts.port}/`;
  return {
    prometheusUrl,
    studioUrl,
    exporterUrl: exporter.url,
    readyMs: Date.now() - t0,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      exporter.server.closeAllConnections();
      await new Promise((r) => exporter.server.close(r));
      await new Promise<void>((r) => {
        if (prom.exitCode !== null) r();
        else {
          prom.once('exit', () => r());
          prom.kill('SIGTERM');
        }
      });
    },
  };
}
