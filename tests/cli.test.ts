/** The CLI in-process (fast) and once through the real `npx nthlayer` bin (the way users run it). */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { compile } from '../src/core/index.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), color: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const examples = readdirSync('examples')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => `examples/${f}`);

describe('nthlayer validate', () => {
  it('exits 0 for every example', async () => {
    const r = await run('validate', ...examples);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter((l) => l.endsWith('valid') || l.includes(': valid')).length).toBe(examples.length);
  });

  it('exits 0 for every example in every environment, with --strict', async () => {
    for (const env of ['dev', 'staging', 'prod']) {
      const r = await run('validate', '--strict', '--env', env, 'examples/payment-api-with-envs.yaml', 'examples/order-api.yaml');
      expect(r.code, `${env}: ${r.err}`).toBe(0);
    }
  });

  it('exits 1 for each invalid fixture and prints file:line:col', async () => {
    for (const f of readdirSync('tests/fixtures/invalid')) {
      const r = await run('validate', `tests/fixtures/invalid/${f}`);
      expect(r.code, f).toBe(1);
      expect(r.err, f).toMatch(new RegExp(`^tests/fixtures/invalid/${f.replace('.', '\\.')}:\\d+:\\d+: error: `, 'm'));
    }
  });

  it('--strict turns warnings into failures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nthlayer-'));
    const file = join(dir, 'svc.yaml');
    writeFileSync(file, 'service:\n  name: svc\n  team: t\n  tier: low\n  type: api\n  ownr: x\n');
    expect((await run('validate', file)).code).toBe(0);
    expect((await run('validate', '--strict', file)).code).toBe(1);
  });

  it('prints JSON diagnostics with --format json', async () => {
    const r = await run('validate', '--format', 'json', 'tests/fixtures/invalid/wrong-type.yaml');
    const report = JSON.parse(r.out) as { valid: boolean; diagnostics: { line: number; column: number; path: string }[] }[];
    expect(report[0]!.valid).toBe(false);
    expect(report[0]!.diagnostics[0]).toMatchObject({ line: 12, column: 18, path: 'resources[0].spec.objective' });
  });
});

describe('exit codes for things that prevent an answer', () => {
  it('an unknown flag is a usage error (64)', async () => expect((await run('validate', '--bogus', 'x.yaml')).code).toBe(64));
  it('an unknown command is a usage error (64)', async () => expect((await run('frobnicate')).code).toBe(64));
  it('a missing file cannot be read (66) and says so', async () => {
    const r = await run('validate', 'does-not-exist.yaml');
    expect(r.code).toBe(66);
    expect(r.err).toContain('cannot read does-not-exist.yaml: no such file');
  });
  it('an environment with no override file is 66, a bad environment name 64', async () => {
    expect((await run('validate', '--env', 'qa', 'examples/payment-api.yaml')).code).toBe(66);
    expect((await run('validate', '--env', '../etc', 'examples/payment-api.yaml')).code).toBe(64);
  });
  it('an unwritable output directory is 73', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nthlayer-'));
    writeFileSync(join(dir, 'file'), 'x');
    expect((await run('apply', '--output-dir', join(dir, 'file'), 'examples/payment-api.yaml')).code).toBe(73);
  });
});

describe('nthlayer plan and apply', () => {
  it('plan lists the files apply would write', async () => {
    const r = await run('plan', '--format', 'json', 'examples/payment-api.yaml');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out) as { service: string; files: { path: string }[] };
    expect(plan.service).toBe('payment-api');
    expect(plan.files.map((f) => f.path)).toContain('payment-api/manifest.json');
  });

  it('apply writes exactly the bundle the core builds, byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nthlayer-'));
    expect((await run('apply', '--output-dir', dir, 'examples/order-api.yaml')).code).toBe(0);
    const bundle = compile({
      file: 'examples/order-api.yaml',
      text: readFileSync('examples/order-api.yaml', 'utf8'),
      checkFileName: true,
    }).bundle!;
    for (const f of bundle.files) expect(readFileSync(join(dir, f.path), 'utf8')).toBe(f.content);
    const written = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)));
    expect(written.sort()).toEqual(bundle.files.map((f) => f.path).sort());
    expect(written).toContain('_fleet/kubernetes-alerts.yaml');
  });

  it('apply refuses an invalid spec and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nthlayer-'));
    expect((await run('apply', '--output-dir', dir, 'tests/fixtures/invalid/objective-100.yaml')).code).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('the installed bin', () => {
  it('`npx nthlayer validate examples/*.yaml` exits 0, and colour stays off when not a TTY', () => {
    const out = execFileSync('npx', ['nthlayer', 'validate', ...examples], { encoding: 'utf8' });
    expect(out).not.toContain('\u001b[');
    expect(out).toContain('examples/order-api.yaml: valid');
  });
  it('reports a bad file through the bin with exit 1', () => {
    const r = spawnSync('npx', ['nthlayer', 'validate', 'tests/fixtures/invalid/tabs.yaml'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('tests/fixtures/invalid/tabs.yaml:4:1: error: tab used for indentation');
  });
});
