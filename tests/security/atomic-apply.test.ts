/**
 * Issue #19, finding 6: `apply` writes atomically (a write that fails midway, through a file-size
 * limit of 12 KiB, leaves the previous files intact and no truncated rule file behind), locks the
 * output directory, and removes files it generated before and no longer generates: never others.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/cli/write-output.ts';
import { runPromtool, tempDir } from '../helpers/promtool.ts';

const BIN = 'bin/nthlayer.mjs';

function apply(spec: string, out: string, prefix: string[] = []): { code: number; out: string; err: string } {
  const [cmd, ...args] = [...prefix, process.execPath, BIN, 'apply', '-o', out, spec];
  const r = spawnSync(cmd!, args, { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function specFile(dir: string, withPagerDuty: boolean, objective = '99.9'): string {
  const file = join(dir, 'checkout.yaml');
  writeFileSync(
    file,
    readFileSync('examples/order-api.yaml', 'utf8')
      .replace(/^ {2}- kind: PagerDuty\n(?: {4,}.*\n)*/m, '')
      .replace(/name: order-api/, 'name: checkout')
      .replace(/objective: 99\.9\b/, `objective: ${objective}`) +
      (withPagerDuty ? '  - kind: PagerDuty\n    name: oncall-keys\n    spec:\n      integration_key: routing-key-0123456789\n' : ''),
  );
  return file;
}

const ruleCount = (file: string): number => (readFileSync(file, 'utf8').match(/^\s+- (alert|record): /gm) ?? []).length;

describe('atomic writes', () => {
  it('a write that fails midway (12 KiB file-size limit) exits 73 and leaves the previous files intact', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    expect(apply(specFile(dir, false), out).code).toBe(0);
    const alerts = join(out, 'checkout', 'alerts.yaml');
    const before = readFileSync(alerts, 'utf8');
    expect(before.length).toBeGreaterThan(12 * 1024);
    const rules = ruleCount(alerts);

    // A changed spec, applied where no file may grow past 12 KiB (like a disk that fills up).
    const r = apply(specFile(dir, false, '99.5'), out, ['prlimit', '--fsize=12288']);
    expect(r.code).toBe(73);
    expect(r.err).toMatch(/file too large|no space left/);
    expect(r.err).toContain('the previous files are unchanged');
    expect(readFileSync(alerts, 'utf8')).toBe(before);
    expect(ruleCount(alerts)).toBe(rules);
    expect((await runPromtool(['check', 'rules', alerts])).ok).toBe(true);
    expect(readdirSync(join(out, 'checkout')).filter((f) => f.includes('.tmp-') || f === LOCK_FILE)).toEqual([]);
  });

  it('a first apply that fails midway leaves no truncated rule file that promtool would load', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const r = apply(specFile(dir, false), out, ['prlimit', '--fsize=12288']);
    expect(r.code).toBe(73);
    expect(existsSync(join(out, 'checkout', 'alerts.yaml'))).toBe(false);
  });
});

describe('the output directory lock', () => {
  it('an apply while another holds the lock stops with a clear message (73)', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    expect(apply(specFile(dir, false), out).code).toBe(0);
    // This test process is alive, so its lock is held.
    writeFileSync(
      join(out, 'checkout', LOCK_FILE),
      JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() }),
    );
    const r = apply(specFile(dir, false), out);
    expect(r.code).toBe(73);
    expect(r.err).toMatch(/is being written by another nthlayer apply \(pid \d+/);
    expect(r.err).toContain(`delete ${join(out, 'checkout', LOCK_FILE)}`);
  });

  it('a stale lock (its process is gone) is taken over', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    expect(apply(specFile(dir, false), out).code).toBe(0);
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(
      join(out, 'checkout', LOCK_FILE),
      JSON.stringify({ pid: Number(gone), host: hostname(), started: new Date().toISOString() }),
    );
    expect(apply(specFile(dir, false), out).code).toBe(0);
    expect(existsSync(join(out, 'checkout', LOCK_FILE))).toBe(false);
  });

  it('four concurrent applies into one directory leave complete, consistent files', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const specs = ['99.9', '99.5', '99.0', '98.0'].map((o, i) => {
      const d = join(dir, `s${i}`);
      mkdirSync(d);
      return specFile(d, i % 2 === 0, o);
    });
    const results = await Promise.all(
      specs.map(
        (s) =>
          new Promise<{ code: number; err: string }>((resolve) => {
            const child = spawn(process.execPath, [BIN, 'apply', '-o', out, s], { stdio: ['ignore', 'ignore', 'pipe'] });
            let err = '';
            child.stderr!.on('data', (b: Buffer) => {
              err += b.toString();
            });
            child.on('exit', (code) => resolve({ code: code ?? -1, err }));
          }),
      ),
    );
    for (const r of results) {
      expect([0, 73]).toContain(r.code);
      if (r.code === 73) expect(r.err).toContain('is being written by another nthlayer apply');
    }
    expect(results.some((r) => r.code === 0)).toBe(true);
    // Whatever won, the directory is one run's complete output: every file the manifest lists has its hash.
    const svc = join(out, 'checkout');
    const manifest = JSON.parse(readFileSync(join(svc, 'manifest.json'), 'utf8')) as { files: { path: string; bytes: number }[] };
    for (const f of manifest.files) expect(Buffer.byteLength(readFileSync(join(svc, f.path), 'utf8'))).toBe(f.bytes);
    expect((await runPromtool(['check', 'rules', join(svc, 'alerts.yaml'), join(svc, 'recording-rules.yaml')])).ok).toBe(true);
  });
});

describe('files generated before and no longer generated', () => {
  it('removing the PagerDuty resource removes the old alertmanager.yaml with its routing keys, and nothing else', () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const svc = join(out, 'checkout');
    expect(apply(specFile(dir, true), out).code).toBe(0);
    expect(readFileSync(join(svc, 'alertmanager.yaml'), 'utf8')).toContain('routing-key-0123456789');
    writeFileSync(join(svc, 'NOTES.md'), 'my own notes');
    writeFileSync(join(dir, 'victim.txt'), 'not nthlayer output');
    // A manifest edited to point outside the directory is not obeyed.
    const m = JSON.parse(readFileSync(join(svc, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    m.files.push({ path: '../../victim.txt' }, { path: 'NOTES.md/../../victim.txt' });
    writeFileSync(join(svc, 'manifest.json'), JSON.stringify(m));

    const r = apply(specFile(dir, false), out);
    expect(r.code).toBe(0);
    expect(r.out).toContain('removed');
    expect(existsSync(join(svc, 'alertmanager.yaml'))).toBe(false);
    expect(existsSync(join(svc, 'pagerduty-config.json'))).toBe(false);
    expect(readFileSync(join(svc, 'NOTES.md'), 'utf8')).toBe('my own notes');
    expect(readFileSync(join(dir, 'victim.txt'), 'utf8')).toBe('not nthlayer output');
    expect(existsSync(join(svc, 'alerts.yaml'))).toBe(true);
  });
});
