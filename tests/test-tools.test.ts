/**
 * `npm test` on a machine without Debian's tools stops at once with the one command to run
 * (scripts/test-tools.mjs, the pretest step), rather than starting tests that cannot pass.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/package.ts';
import { tempDir } from './helpers/promtool.ts';

describe('the pretest step', () => {
  it('names the missing tools and the apt-get command, and exits 1, when it may not install them', () => {
    // A PATH with node and an apt-get that must never run, and no prometheus, promtool or amtool.
    const bin = tempDir('nthlayer-pretest-path-');
    symlinkSync(process.execPath, join(bin, 'node'));
    writeFileSync(join(bin, 'apt-get'), '#!/bin/sh\necho "apt-get ran" >&2\nexit 99\n');
    chmodSync(join(bin, 'apt-get'), 0o755);
    const r = spawnSync(process.execPath, ['scripts/test-tools.mjs'], {
      cwd: REPO,
      encoding: 'utf8',
      env: { PATH: bin, NTHLAYER_NO_APT: '1', HOME: process.env.HOME ?? '/tmp' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).not.toContain('apt-get ran');
    expect(r.stderr).toContain('The tests need prometheus, promtool, amtool');
    expect(r.stderr).toMatch(/sudo apt-get update && sudo apt-get install -y --no-install-recommends prometheus prometheus-alertmanager/);
  });

  it('passes when every tool is there', () => {
    const r = spawnSync(process.execPath, ['scripts/test-tools.mjs'], { cwd: REPO, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
