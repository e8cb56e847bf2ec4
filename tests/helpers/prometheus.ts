/**
 * A real Prometheus (Debian package) on a free loopback port, for tests. One per test file:
 * start it in beforeAll, stop it in afterAll. Optional OpenMetrics data is backfilled with
 * `promtool tsdb create-blocks-from openmetrics` before start.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { tempDir } from './promtool.ts';

export interface RunningPrometheus {
  url: string;
  port: number;
  dir: string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no free loopback port'))));
    });
  });
}

export interface StartOptions {
  ruleFiles?: string[];
  evaluationInterval?: string;
  /** OpenMetrics text (ending in `# EOF`) to backfill before start. */
  openMetrics?: string;
  /** Extra flags for the backfill, e.g. `--max-block-duration=800h`: weeks of data in 2h blocks take minutes. */
  backfillArgs?: string[];
  extraArgs?: string[];
}

export async function startPrometheus(opts: StartOptions = {}): Promise<RunningPrometheus> {
  const dir = tempDir('nthlayer-prom-');
  const data = join(dir, 'data');
  mkdirSync(data, { recursive: true });
  if (opts.openMetrics) {
    const om = join(dir, 'data.om');
    writeFileSync(om, opts.openMetrics);
    const r = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', ...(opts.backfillArgs ?? []), om, data], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (r.status !== 0) throw new Error(`backfill failed: ${r.stdout}${r.stderr}`);
  }
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    stringify({
      global: { evaluation_interval: opts.evaluationInterval ?? '1s', scrape_interval: '15s' },
      rule_files: opts.ruleFiles ?? [],
    }),
  );
  const port = await freePort();
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${data}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=3650d',
      '--log.level=warn',
      ...(opts.extraArgs ?? []),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited: ${stderr}`);
    try {
      const r = await fetch(`${url}/-/ready`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`prometheus not ready after 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    dir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
