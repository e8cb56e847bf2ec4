/**
 * `nthlayer demo` / `npm run demo`: Debian's Prometheus on 127.0.0.1 with a week of synthetic
 * data for three example services, their generated rules loaded, and the studio served through
 * the proxy — verify and budget work in one command. It installs nothing itself.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { compile } from '../core/index.ts';
import { createStudioServer } from '../proxy/server.ts';
import { openMetrics } from './synthetic.ts';
import { DEMO_EXAMPLES, DEMO_MINUTES, demoSeries } from './scenario.ts';

export interface DemoOptions {
  prometheusPort: number;
  port: number;
  dir: string;
  log: (s: string) => void;
  /** Do not build the studio (tests pass true and serve nothing but the API). */
  skipBuild?: boolean;
}

export interface RunningDemo {
  prometheusUrl: string;
  studioUrl: string;
  stop: () => Promise<void>;
}

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

export class DemoError extends Error {}

export async function startDemo(opts: DemoOptions): Promise<RunningDemo> {
  for (const bin of ['prometheus', 'promtool']) {
    if (!has(bin)) throw new DemoError(`\`${bin}\` is not installed. Install Debian's Prometheus first:\n    sudo apt-get update && sudo apt-get install -y prometheus\nthen run the demo again.`);
  }
  const dir = resolve(opts.dir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'data'), { recursive: true });

  opts.log('writing a week of synthetic data for payment-api (healthy), order-api (burning) and checkout-service (missing exporters)…');
  const now = Math.floor(Date.now() / 60_000) * 60;
  writeFileSync(join(dir, 'data.om'), openMetrics(demoSeries(), now, DEMO_MINUTES));
  const backfill = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', join(dir, 'data.om'), join(dir, 'data')], { encoding: 'utf8' });
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
  writeFileSync(join(dir, 'prometheus.yml'), stringify({ global: { evaluation_interval: '1m' }, rule_files: ruleFiles }));

  const prometheusUrl = `http://127.0.0.1:${opts.prometheusPort}`;
  const prom: ChildProcess = spawn('prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${opts.prometheusPort}`, '--storage.tsdb.retention.time=30d', '--log.level=warn',
    "--web.cors.origin=https?://(localhost|127\\.0\\.0\\.1)(:\\d+)?",
  ], { stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (prom.exitCode !== null) throw new DemoError(`prometheus exited (is port ${opts.prometheusPort} in use?)`);
    try { if ((await fetch(`${prometheusUrl}/-/ready`)).ok) break; } catch { /* starting */ }
    if (Date.now() > deadline) { prom.kill(); throw new DemoError('prometheus did not become ready within 30 s'); }
    await new Promise((r) => setTimeout(r, 200));
  }

  if (!opts.skipBuild && !existsSync('dist/studio/index.html')) {
    opts.log('building the studio (once)…');
    const b = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], { stdio: 'inherit' });
    if (b.status !== 0) { prom.kill(); throw new DemoError('the studio build failed'); }
  }
  const server = createStudioServer({ port: opts.port, upstream: prometheusUrl, allowOrigins: ['http://127.0.0.1:5173', 'http://localhost:5173'], log: () => {} });
  await new Promise<void>((r) => server.listen(opts.port, '127.0.0.1', r));
  const studioUrl = `http://127.0.0.1:${opts.port}/`;
  return {
    prometheusUrl,
    studioUrl,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await new Promise<void>((r) => { if (prom.exitCode !== null) r(); else { prom.once('exit', () => r()); prom.kill('SIGTERM'); } });
    },
  };
}
