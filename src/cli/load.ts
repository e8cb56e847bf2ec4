/** Reading spec and environment files from disk for the core (which does no I/O itself). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import {
  compile,
  type CompileInput,
  type CompileResult,
  detectServiceName,
  ENVIRONMENT_NAME_RE,
  environmentFileCandidates,
  MAX_SPEC_BYTES,
  type RuleFormat,
} from '../core/index.ts';
import { CliError } from './errors.ts';
import { EXIT } from './exit-codes.ts';

export { CliError };

export function readText(file: string): string {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory())
      throw new CliError(
        `${file} is a directory, not a spec file`,
        EXIT.noInput,
        'pass the YAML file itself, e.g. examples/payment-api.yaml',
      );
    size = st.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(
      `cannot read ${file}: ${describeFsError(e)}`,
      EXIT.noInput,
      'check the path; globs like examples/*.yaml are expanded by your shell',
    );
  }
  // The core reports files over its limit with a position; only absurd sizes are refused unread.
  if (size > MAX_SPEC_BYTES * 64) {
    throw new CliError(
      `${file} is ${Math.round(size / 1e6)} MB; a service spec is a few kilobytes`,
      EXIT.noInput,
      'pass the service.yaml itself',
    );
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${describeFsError(e)}`, EXIT.noInput);
  }
}

function describeFsError(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}

export interface LoadedSpec {
  file: string;
  result: CompileResult;
  environmentFiles: string[];
}

export function loadAndCompile(
  file: string,
  env: string | undefined,
  ruleFormat?: RuleFormat,
  output?: CompileInput['output'],
): LoadedSpec {
  const text = readText(file);
  let environments: { file: string; text: string }[] = [];
  if (env) {
    if (!ENVIRONMENT_NAME_RE.test(env)) {
      throw new CliError(
        `invalid environment name ${JSON.stringify(env)}`,
        EXIT.usage,
        'use lowercase letters, digits and dashes, e.g. dev, staging, prod',
      );
    }
    const service = detectServiceName(text);
    const candidates = environmentFileCandidates(file, service, env).filter((f) => existsSync(f));
    if (candidates.length === 0) {
      throw new CliError(
        `no override file for environment "${env}" next to ${file}`,
        EXIT.noInput,
        `create ${environmentFileCandidates(file, service || '<service>', env).join(' or ')}`,
      );
    }
    environments = candidates.map((f) => ({ file: f, text: readText(f) }));
  }
  const result = compile({
    file,
    text,
    environments,
    ...(env ? { environment: env } : {}),
    ...(ruleFormat ? { ruleFormat } : {}),
    ...(output ? { output } : {}),
    checkFileName: true,
  });
  return { file, result, environmentFiles: environments.map((e) => e.file) };
}
