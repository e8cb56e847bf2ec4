/**
 * Issue #19, finding 3: the service name for environment lookup comes from the parsed document,
 * in linear time, through one core function the CLI and the studio share.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { detectServiceName } from '../../src/core/index.ts';
import { serviceNameOf } from '../../src/ui/lib/workspace.ts';
import { tempDir } from '../helpers/promtool.ts';

/** 120 bytes: each line of spaces multiplied the old pre-scan regex's work by ten (minutes in all). */
const REDOS = `service:\n${'          \n'.repeat(10)}x`;

describe('detectServiceName', () => {
  it.each([
    ['a plain block', 'service:\n  team: a\n  name: payment-api\n', 'payment-api'],
    ['a comment and a quoted name', '# x\nservice:  # the service\n\n  team: a\n  name: "payment-api"\n', 'payment-api'],
    ['flow style', 'service: {name: checkout, team: a}\n', 'checkout'],
    ['no service block', 'resources: []\n', ''],
    ['a name that is not a service name (it would become a path)', 'service:\n  name: ../../etc/passwd\n', ''],
    ['the ReDoS shape', REDOS, ''],
  ])('%s', (_n, text, name) => {
    expect(detectServiceName(text)).toBe(name);
    expect(serviceNameOf(text)).toBe(name);
  });

  it('validate --env prod on the 120-byte spec answers at once (exit 66: no override file)', async () => {
    const file = join(tempDir(), 'svc.yaml');
    writeFileSync(file, REDOS);
    const err: string[] = [];
    const code = await main(['validate', '--env', 'prod', file], { out: () => {}, err: (s) => err.push(s), color: false });
    expect(code).toBe(66);
    expect(err.join('\n')).toContain('no override file for environment "prod"');
  });
});
