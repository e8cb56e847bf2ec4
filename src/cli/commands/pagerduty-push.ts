/**
 * `nthlayer apply <spec…> --push-pagerduty [--confirm]`: makes PagerDuty match each spec's
 * `pagerduty-config.json`. A dry run by default (it reads PagerDuty and prints what would change);
 * `--confirm` writes. Needs `PAGERDUTY_API_KEY` (a REST API key); `NTHLAYER_PAGERDUTY_URL`
 * overrides the API base URL (default https://api.pagerduty.com).
 */
import { FILES, type PagerDutyConfig } from '../../core/index.ts';
import { createPagerDutyClient, DEFAULT_PAGERDUTY_URL, PagerDutyError } from '../../pagerduty/client.ts';
import { pushPagerDuty, type Change } from '../../pagerduty/push.ts';
import { EXIT } from '../exit-codes.ts';
import { CliError, loadAndCompile } from '../load.ts';
import { paint, type Io } from '../output.ts';

export interface PagerDutyPushOptions {
  env?: string;
  confirm?: boolean;
}

const SYMBOL: Record<Change['action'], string> = { create: '+', update: '~', unchanged: '=', found: '✓', missing: '✗' };

function describe(c: Change, confirm: boolean): string {
  const verb = {
    create: confirm ? 'created' : 'would create',
    update: confirm ? 'updated' : 'would update',
    unchanged: 'unchanged',
    found: 'found',
    missing: 'MISSING',
  }[c.action];
  return `  ${SYMBOL[c.action]} ${c.kind.replace('_', ' ')} ${c.name}: ${verb}${c.id && c.action !== 'create' ? ` (${c.id})` : ''}`;
}

export async function pagerDutyPushCommand(
  files: string[],
  opts: PagerDutyPushOptions,
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const token = env.PAGERDUTY_API_KEY;
  if (!token)
    throw new CliError('--push-pagerduty needs PAGERDUTY_API_KEY', EXIT.usage, 'export PAGERDUTY_API_KEY=<a PagerDuty REST API key>');
  const baseUrl = env.NTHLAYER_PAGERDUTY_URL || DEFAULT_PAGERDUTY_URL;
  if (!URL.canParse(baseUrl)) throw new CliError(`NTHLAYER_PAGERDUTY_URL is not a URL: ${baseUrl}`, EXIT.usage);
  const client = createPagerDutyClient({ token, baseUrl });
  const confirm = Boolean(opts.confirm);
  let code: number = EXIT.ok;

  for (const file of files) {
    const { result } = loadAndCompile(file, opts.env);
    if (!result.ok || !result.bundle) continue; // apply has already reported it
    const artifact = result.bundle.artifacts.find((a) => a.file === FILES.pagerduty);
    if (!artifact) {
      io.out(`${file}: no PagerDuty resource; nothing to push`);
      continue;
    }
    const config = artifact.data as PagerDutyConfig;
    io.out(`${file}: PagerDuty at ${client.baseUrl}${confirm ? '' : ' (dry run: nothing is changed; add --confirm to apply)'}`);
    let outcome;
    try {
      outcome = await pushPagerDuty(config, client, { confirm });
    } catch (e) {
      if (!(e instanceof PagerDutyError)) throw e;
      const auth = e.status === 401 || e.status === 403;
      throw new CliError(
        `PagerDuty: ${e.message}`,
        EXIT.unavailable,
        auth
          ? 'check PAGERDUTY_API_KEY: it must be a REST API key with write access'
          : e.kind === 'network'
            ? 'check the network and NTHLAYER_PAGERDUTY_URL'
            : undefined,
      );
    }
    for (const c of outcome.changes) {
      const line = describe(c, confirm);
      io.out(
        c.action === 'missing'
          ? paint(io, 'red', line)
          : c.action === 'unchanged' || c.action === 'found'
            ? line
            : paint(io, 'yellow', line),
      );
      for (const d of c.differences) io.out(`      ${d}`);
    }
    const missing = outcome.changes.filter((c) => c.action === 'missing');
    if (missing.length > 0) {
      io.err(
        `${file}: ${missing.map((c) => `${c.kind.replace('_', ' ')} "${c.name}"`).join(', ')} not found in PagerDuty; nothing was changed`,
      );
      io.err(
        '    hint: create it, or point the spec at an existing one (service.owner as a user email, service.pagerduty.sre_escalation_policy_id)',
      );
      code = EXIT.dataError;
      continue;
    }
    const count = (a: Change['action']): number => outcome.changes.filter((c) => c.action === a).length;
    io.out(
      confirm
        ? `  ${count('create')} created, ${count('update')} updated, ${count('unchanged')} unchanged`
        : `  ${count('create')} to create, ${count('update')} to update, ${count('unchanged')} unchanged (dry run)`,
    );
  }
  return code;
}
