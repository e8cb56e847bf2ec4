/**
 * Builds the studio once and serves dist/studio/ with `vite preview` for every browser test; the URL
 * reaches tests through `inject('studioUrl')`. The server is started from node_modules/.bin so
 * the pid stopped at the end is the server's own.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { freePort } from '../helpers/prometheus.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    studioUrl: string;
  }
}

async function waitFor(url: string, timeoutMs: number, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`vite preview exited with code ${server.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`vite preview did not answer at ${url} within ${timeoutMs} ms`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // `npm test` has just built everything (NTHLAYER_BUILT=1); run alone, the suite builds the studio.
  if (process.env.NTHLAYER_BUILT !== '1') {
    // Vitest sets NODE_ENV=test, which would give React's development build.
    const build = spawnSync('node_modules/.bin/vite', ['build', '--logLevel', 'warn'], {
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (build.status !== 0) throw new Error(`vite build failed with status ${build.status}`);
  }
  const port = await freePort();
  const server = spawn('node_modules/.bin/vite', ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}/`;
  await waitFor(url, 30_000, server);
  project.provide('studioUrl', url);
  return async () => {
    if (server.pid !== undefined && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  };
}
