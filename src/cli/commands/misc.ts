/** slo list, env list, env diff, init, setup and config show. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parse, stringify } from 'yaml';
import { detectServiceName, environmentsFor, hasErrors, overrideFilesFor } from '../../core/index.ts';
import {
  BUILTIN_TEMPLATE_NAMES,
  compile,
  diffEnvironments,
  formatDuration,
  type InitAnswers,
  initSpec,
  SERVICE_NAME_RE,
  SERVICE_TYPES,
  TIERS,
} from '../../core/index.ts';
import { EXIT } from '../exit-codes.ts';
import { CliError, loadAndCompile, readText } from '../load.ts';
import { paint, type Io } from '../output.ts';
import { configFilePath, maskSecret, readConfigFile, resolveSettings, SETTINGS, type ConfigFileData } from '../settings.ts';
import { findSpecs } from '../scan.ts';
import { redactUrl } from '../../prom/url.ts';

export function sloListCommand(paths: string[], opts: { format?: 'text' | 'json' }, io: Io): number {
  const files = findSpecs(paths.length ? paths : ['.']);
  const rows: { file: string; service: string; slo: string; objectivePercent: number; window: string; sli: string }[] = [];
  for (const file of files) {
    const { result } = loadAndCompile(file, undefined);
    if (!result.model) continue;
    for (const s of result.model.slos) {
      rows.push({
        file,
        service: result.model.name,
        slo: s.name,
        objectivePercent: s.objectivePercent,
        window: formatDuration(s.window),
        sli: s.sli.kind === 'events' && s.sli.latency ? 'latency' : s.sli.kind,
      });
    }
  }
  if (opts.format === 'json') io.out(JSON.stringify(rows, null, 2));
  else
    for (const r of rows)
      io.out(
        `${r.service.padEnd(24)} ${r.slo.padEnd(26)} ${`${r.objectivePercent}%`.padStart(7)} / ${r.window.padEnd(4)} ${r.sli.padEnd(9)} ${r.file}`,
      );
  return EXIT.ok;
}

interface EnvFile {
  file: string;
  environment: string;
  kind: 'shared' | 'service-specific';
  service?: string;
}

function environmentFiles(dir: string): EnvFile[] {
  const envDir = join(dir, 'environments');
  if (!existsSync(envDir)) return [];
  const out: EnvFile[] = [];
  for (const f of readdirSync(envDir)
    .filter((x) => /\.ya?ml$/.test(x))
    .sort()) {
    const file = join(envDir, f);
    let env: unknown;
    try {
      env = (parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null)?.environment;
    } catch {
      continue;
    }
    if (typeof env !== 'string') continue;
    const stem = f.replace(/\.ya?ml$/, '');
    const specific = stem !== env && stem.endsWith(`-${env}`);
    out.push({
      file,
      environment: env,
      kind: specific ? 'service-specific' : 'shared',
      ...(specific ? { service: stem.slice(0, -env.length - 1) } : {}),
    });
  }
  return out;
}

/**
 * `env list`: the override files of a directory by environment, or with `-s spec.yaml` the ones
 * that apply to that spec — chosen by the core's rule, the same `--env` and the studio use.
 */
export function envListCommand(opts: { directory?: string; service?: string; format?: 'text' | 'json' }, io: Io): number {
  const dir = opts.directory ?? (opts.service ? dirname(opts.service) : '.');
  const files = environmentFiles(dir);
  let shown = files;
  if (opts.service) {
    const spec = opts.service;
    const service = detectServiceName(readText(spec));
    // Paths as the core builds them: relative to the spec's own folder.
    const specDir = dirname(spec);
    const rel = (f: string): string =>
      specDir === '.' ? f.slice(f.indexOf('environments/')) : `${specDir}/${f.slice(f.indexOf('environments/'))}`;
    const byPath = new Map(files.map((f) => [rel(f.file), f]));
    const paths = [...byPath.keys()];
    const applies = new Set(environmentsFor(spec, service, paths).flatMap((env) => overrideFilesFor(spec, service, env, paths)));
    shown = files.filter((f) => applies.has(rel(f.file)));
  }
  if (opts.format === 'json') {
    io.out(JSON.stringify(shown, null, 2));
    return EXIT.ok;
  }
  if (shown.length === 0) {
    io.out(
      opts.service
        ? `no environment files in ${join(dir, 'environments')}/ apply to ${opts.service}`
        : `no environment files in ${join(dir, 'environments')}/`,
    );
    return EXIT.ok;
  }
  const envs = [...new Set(shown.map((f) => f.environment))].sort();
  for (const env of envs) {
    io.out(paint(io, 'bold', env));
    for (const f of shown.filter((x) => x.environment === env))
      io.out(`  ${f.kind === 'shared' ? 'shared          ' : `service ${f.service}`.padEnd(16)} ${f.file}`);
  }
  return EXIT.ok;
}

export function envDiffCommand(file: string, a: string, b: string, opts: { showAll?: boolean; format?: 'text' | 'json' }, io: Io): number {
  const left = loadAndCompile(file, a).result;
  const right = loadAndCompile(file, b).result;
  for (const [env, r] of [
    [a, left],
    [b, right],
  ] as const) {
    if (!r.model || hasErrors(r.diagnostics))
      throw new CliError(`${file} is invalid in environment ${env}; run nthlayer validate --env ${env} ${file}`, EXIT.failed);
  }
  const diffs = diffEnvironments(left.model!, right.model!, opts.showAll === true);
  if (opts.format === 'json') {
    io.out(JSON.stringify({ file, a, b, differences: diffs }, null, 2));
    return EXIT.ok;
  }
  if (diffs.length === 0) {
    io.out(`${a} and ${b} generate the same configuration for ${left.model!.name}`);
    return EXIT.ok;
  }
  const show = (v: unknown) => (v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v));
  io.out(`${left.model!.name}: ${diffs.length} difference(s) between ${a} and ${b}`);
  for (const d of diffs) io.out(`  ${d.path}: ${show(d.a)} → ${show(d.b)}`);
  return EXIT.ok;
}

export interface InitOptions {
  name?: string;
  team?: string;
  tier?: string;
  type?: string;
  template?: string;
  technologies?: string[];
  output?: string;
  force?: boolean;
}

function checkChoice(value: string, choices: readonly string[], what: string): void {
  if (!choices.includes(value))
    throw new CliError(`invalid ${what} ${JSON.stringify(value)}`, EXIT.usage, `choose one of ${choices.join(', ')}`);
}

export async function initCommand(opts: InitOptions, io: Io, input: NodeJS.ReadableStream = process.stdin): Promise<number> {
  let answers: Partial<InitAnswers> = {
    ...(opts.name ? { name: opts.name } : {}),
    ...(opts.team ? { team: opts.team } : {}),
    ...(opts.tier ? { tier: opts.tier as InitAnswers['tier'] } : {}),
    ...(opts.type ? { type: opts.type as InitAnswers['type'] } : {}),
    ...(opts.template ? { template: opts.template } : {}),
    ...(opts.technologies ? { technologies: opts.technologies } : {}),
  };
  const interactive = !answers.name || !answers.team;
  if (interactive) {
    if (!(input as NodeJS.ReadStream).isTTY && input === process.stdin) {
      throw new CliError(
        'init needs --name and --team when not run in a terminal',
        EXIT.usage,
        'e.g. nthlayer init --name checkout --team payments --tier critical --type api',
      );
    }
    const rl = createInterface({ input, terminal: false });
    const lines = rl[Symbol.asyncIterator]();
    // Lines are read from the iterator, which buffers them: piped answers are not lost.
    const ask = async (q: string, dflt?: string): Promise<string> => {
      process.stderr.write(`${q}${dflt ? ` [${dflt}]` : ''}: `);
      const next = await lines.next();
      return (next.done ? '' : String(next.value)).trim() || dflt || '';
    };
    answers = {
      name: answers.name ?? (await ask('Service name (lowercase, dashes)')),
      team: answers.team ?? (await ask('Owning team')),
      tier: (answers.tier ?? (await ask(`Tier (${TIERS.join('/')})`, 'standard'))) as InitAnswers['tier'],
      type: (answers.type ?? (await ask(`Type (${SERVICE_TYPES.join('/')})`, 'api'))) as InitAnswers['type'],
      technologies:
        answers.technologies ??
        (await ask('Technologies, comma separated (postgresql, redis, kafka …)', ''))
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ...(answers.template ? { template: answers.template } : {}),
    };
    rl.close();
  }
  const a = { tier: 'standard', type: 'api', ...answers } as InitAnswers;
  if (!SERVICE_NAME_RE.test(a.name ?? ''))
    throw new CliError(
      `invalid service name ${JSON.stringify(a.name)}`,
      EXIT.usage,
      'use lowercase letters, digits and dashes, starting with a letter',
    );
  if (!a.team) throw new CliError('a team is required', EXIT.usage);
  checkChoice(a.tier, TIERS, 'tier');
  checkChoice(a.type, SERVICE_TYPES, 'type');
  if (a.template) checkChoice(a.template, BUILTIN_TEMPLATE_NAMES, 'template');
  const text = initSpec(a);
  const target = opts.output ?? `${a.name}.yaml`;
  const check = compile({ file: target, text });
  if (!check.ok)
    throw new CliError(`internal error: the generated spec does not validate: ${check.diagnostics[0]?.message}`, EXIT.internal);
  if (target === '-') {
    io.out(text.trimEnd());
    return EXIT.ok;
  }
  if (existsSync(target) && !opts.force)
    throw new CliError(`${target} already exists`, EXIT.cannotWrite, 'pass --force to overwrite, or --output another path');
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  } catch (e) {
    throw new CliError(`cannot write ${target}: ${e instanceof Error ? e.message : String(e)}`, EXIT.cannotWrite);
  }
  io.out(`wrote ${target}: ${check.model!.slos.length} SLO(s). Next: npx nthlayer plan ${target}`);
  return EXIT.ok;
}

export function configShowCommand(opts: { format?: 'text' | 'json' }, io: Io): number {
  const s = resolveSettings();
  const rows = (Object.keys(SETTINGS) as (keyof typeof SETTINGS)[]).map((k) => {
    const v = s[k];
    // URLs may carry user:pass@; shown masked like every other secret.
    const value = v.secret
      ? v.value
        ? maskSecret(v.value)
        : null
      : v.value !== undefined && k.endsWith('Url')
        ? redactUrl(v.value)
        : (v.value ?? null);
    return { setting: k, value, source: v.source };
  });
  if (opts.format === 'json') {
    io.out(JSON.stringify({ configFile: s.configFile, settings: rows }, null, 2));
    return EXIT.ok;
  }
  io.out(`config file: ${s.configFile}${existsSync(s.configFile) ? '' : ' (not created yet: nthlayer setup)'}`);
  for (const r of rows) io.out(`  ${r.setting.padEnd(20)} ${String(r.value ?? '—').padEnd(40)} ${paint(io, 'gray', r.source)}`);
  return EXIT.ok;
}

export interface SetupOptions {
  prometheusUrl?: string;
  prometheusTenant?: string;
  grafanaUrl?: string;
  grafanaApiKey?: string;
  pagerdutyApiKey?: string;
  yes?: boolean;
}

/** Writes the config file; asks for each value in a terminal, or takes them from flags. */
export async function setupCommand(opts: SetupOptions, io: Io, input: NodeJS.ReadableStream = process.stdin): Promise<number> {
  const path = configFilePath();
  const current: ConfigFileData = readConfigFile(path);
  const next: ConfigFileData = structuredClone(current);
  const interactive = !opts.yes && (input !== process.stdin || Boolean((input as NodeJS.ReadStream).isTTY));
  const rl = interactive ? createInterface({ input, terminal: false }) : undefined;
  const lines = rl?.[Symbol.asyncIterator]();
  const ask = async (q: string, flag: string | undefined, dflt: string | undefined, secret = false): Promise<string | undefined> => {
    if (flag !== undefined) return flag;
    if (!lines) return dflt;
    process.stderr.write(`${q}${dflt ? ` [${secret ? maskSecret(dflt) : dflt}]` : ''}: `);
    const next = await lines.next();
    return (next.done ? '' : String(next.value)).trim() || dflt;
  };
  const promUrl = await ask('Prometheus URL', opts.prometheusUrl, current.prometheus?.url);
  if (promUrl) {
    try {
      new URL(promUrl);
    } catch {
      rl?.close();
      throw new CliError(`invalid Prometheus URL ${JSON.stringify(promUrl)}`, EXIT.usage, 'use a full URL such as http://127.0.0.1:9090');
    }
  }
  const tenant = await ask('Mimir/Cortex tenant (empty for none)', opts.prometheusTenant, current.prometheus?.tenant);
  const grafanaUrl = await ask('Grafana URL', opts.grafanaUrl, current.grafana?.url);
  const grafanaKey = await ask('Grafana API key', opts.grafanaApiKey, current.grafana?.api_key, true);
  const pdKey = await ask('PagerDuty API key', opts.pagerdutyApiKey, current.pagerduty?.api_key, true);
  rl?.close();
  next.prometheus = { ...next.prometheus, ...(promUrl ? { url: promUrl } : {}), ...(tenant ? { tenant } : {}) };
  next.grafana = { ...next.grafana, ...(grafanaUrl ? { url: grafanaUrl } : {}), ...(grafanaKey ? { api_key: grafanaKey } : {}) };
  next.pagerduty = { ...next.pagerduty, ...(pdKey ? { api_key: pdKey } : {}) };
  for (const k of ['prometheus', 'grafana', 'pagerduty'] as const) if (next[k] && Object.keys(next[k]!).length === 0) delete next[k];
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `# NthLayer settings (nthlayer setup). Flags and environment variables override these.\n${stringify(next)}`, {
      mode: 0o600,
    });
  } catch (e) {
    throw new CliError(`cannot write ${path}: ${e instanceof Error ? e.message : String(e)}`, EXIT.cannotWrite);
  }
  io.out(`wrote ${path} (${basename(path)}, readable by you only). Check it with: nthlayer config show`);
  return EXIT.ok;
}
