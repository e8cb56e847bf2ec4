/** `nthlayer import`: files written, diagnostics printed at file:line:col, and the exit codes. */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { compile } from '../../src/core/index.ts';

const FIX = 'tests/fixtures/import';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), color: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const temp = (): string => mkdtempSync(join(tmpdir(), 'nthlayer-import-'));

describe('nthlayer import', () => {
  it('exits 0 when every document is imported (warnings allowed) and writes <dir>/<service>.yaml', async () => {
    const dir = temp();
    const r = await run('import', `${FIX}/sloth/k8s.sloth.yaml`, `${FIX}/pyrra/objectives.pyrra.yaml`, '-o', dir);
    expect(r.code, r.err).toBe(0);
    for (const service of ['search-api', 'search-indexer', 'storefront', 'storefront-api']) {
      const text = readFileSync(join(dir, `${service}.yaml`), 'utf8');
      expect(text).toMatch(/^# Imported by nthlayer from tests\/fixtures\/import\//);
      expect(compile({ file: `${service}.yaml`, text }).ok).toBe(true);
    }
    expect(r.err).toMatch(/^tests\/fixtures\/import\/pyrra\/objectives\.pyrra\.yaml:24:7: warning: unsupported: grouping by route/m);
    expect(r.err).toContain(`wrote ${join(dir, 'storefront.yaml')}: 3 SLOs from tests/fixtures/import/pyrra/objectives.pyrra.yaml`);
    expect(r.err).toMatch(/6 documents read, 0 not imported; 4 specs written; 0 error\(s\), \d+ warning\(s\)$/);
  });

  it('exits 1 when a document could not be imported, and still writes what could be', async () => {
    const dir = temp();
    const r = await run('import', `${FIX}/sloth/unsupported.sloth.yaml`, '-o', dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^tests\/fixtures\/import\/sloth\/unsupported\.sloth\.yaml:8:7: error: unsupported: the SLI plugin/m);
    expect(r.err).toContain('1 document read, 1 not imported');
    expect(readFileSync(join(dir, 'legacy.yaml'), 'utf8')).toContain('name: fixed-range');
  });

  it('exits 1 for a file that is no SLO format at all', async () => {
    const dir = temp();
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, 'groups: []\n');
    const r = await run('import', file, '-o', dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${file}:1:1: error: not a Sloth, OpenSLO or Pyrra document`);
  });

  it('exits 66 when a file cannot be read, before writing anything', async () => {
    const dir = temp();
    const r = await run('import', `${FIX}/sloth/checkout.sloth.yaml`, join(dir, 'missing.yaml'), '-o', dir);
    expect(r.code).toBe(66);
    expect(r.err).toContain(`cannot read ${join(dir, 'missing.yaml')}: no such file`);
    expect(existsSync(join(dir, 'checkout.yaml'))).toBe(false);
  });

  it('exits 66 for a file without read permission', async () => {
    if (process.getuid?.() === 0) return; // root reads everything; the missing-file case covers 66
    const dir = temp();
    const file = join(dir, 'secret.yaml');
    writeFileSync(file, readFileSync(`${FIX}/sloth/checkout.sloth.yaml`));
    chmodSync(file, 0o000);
    expect((await run('import', file, '-o', dir)).code).toBe(66);
  });

  it('refuses to overwrite a spec (73) unless --force', async () => {
    const dir = temp();
    expect((await run('import', `${FIX}/sloth/checkout.sloth.yaml`, '-o', dir)).code).toBe(0);
    writeFileSync(join(dir, 'checkout.yaml'), '# edited by hand\n');
    const again = await run('import', `${FIX}/sloth/checkout.sloth.yaml`, '-o', dir);
    expect(again.code).toBe(73);
    expect(again.err).toContain('already exists; nothing was written');
    expect(readFileSync(join(dir, 'checkout.yaml'), 'utf8')).toBe('# edited by hand\n');
    expect((await run('import', `${FIX}/sloth/checkout.sloth.yaml`, '-o', dir, '--force')).code).toBe(0);
    expect(readFileSync(join(dir, 'checkout.yaml'), 'utf8')).toContain('name: requests-availability');
  });

  it('--output-dir - prints the specs; --from, --service and --default-slo-period shape the import', async () => {
    const r = await run(
      'import',
      `${FIX}/sloth/checkout.sloth.yaml`,
      `${FIX}/pyrra/objectives.pyrra.yaml`,
      '--from',
      'sloth',
      '--service',
      'shop',
      '--default-slo-period',
      '28d',
      '-o',
      '-',
    );
    expect(r.code).toBe(1); // the Pyrra documents were refused by --from sloth
    expect(r.out).toMatch(/^# ---- shop\.yaml\n# Imported by nthlayer/);
    expect(r.out).toContain('  name: shop\n');
    expect(r.out).toContain('      window: 28d\n');
    expect(r.err).toContain('error: this is a Pyrra ServiceLevelObjective document, but --from sloth was given');
  });

  it.each([
    [['--service', 'Not A Name'], /--service "Not A Name" is not a service name/],
    [['--default-slo-period', 'a month'], /--default-slo-period "a month" is not a duration/],
    [['--from', 'nobl9'], /argument 'nobl9' is invalid/],
  ])('a bad option %j is a usage error (64)', async (flags, message) => {
    const r = await run('import', `${FIX}/sloth/checkout.sloth.yaml`, '-o', temp(), ...flags);
    expect(r.code).toBe(64);
    expect(r.err).toMatch(message);
  });

  it('runs through the real bin', () => {
    const dir = temp();
    const r = spawnSync(process.execPath, ['bin/nthlayer.mjs', 'import', `${FIX}/openslo/v1.openslo.yaml`, '-o', dir], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'payments.yaml'), 'utf8')).toContain('name: authorisation');
  });
});
