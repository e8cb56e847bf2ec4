/**
 * One source of truth for Verify: for every example in every environment, the metrics the studio's
 * Verify asks Prometheus about — through the exact path the UI takes (open the example, which
 * forks it with its override files; choose the environment; the input App.tsx derives; the jobs
 * worker's function) — are the metrics `nthlayer verify` asks about (the CLI's own compile).
 * Reproduces #13: checkout-service's Verify listed payment-api's selectors while the CLI passed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadAndCompile } from '../src/cli/load.ts';
import { metricRequirements } from '../src/core/index.ts';
import { createStudioStore } from '../src/ui/lib/store.ts';
import { studioInputOf } from '../src/ui/lib/studio-input.ts';
import { describeExample } from '../src/ui/lib/workspace.ts';
import { runRequirements } from '../src/ui/live/jobs-core.ts';
import { runCompile } from '../src/ui/preview/compile-request.ts';

const examples = readdirSync('examples')
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => describeExample({ path: `examples/${f}`, text: readFileSync(`examples/${f}`, 'utf8') }));
const exampleEnvironments = readdirSync('examples/environments')
  .sort()
  .map((f) => ({ path: `examples/environments/${f}`, text: readFileSync(`examples/environments/${f}`, 'utf8') }));
const ENVIRONMENTS = ['', 'dev', 'staging', 'prod'];

const memory = () => {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
};

/** The CLI's requirements for `--env env`, or undefined when the CLI refuses the environment. */
function cliRequirements(file: string, env: string) {
  try {
    const { result } = loadAndCompile(file, env || undefined);
    return result.ok && result.model ? metricRequirements(result.model, result.bundle) : undefined;
  } catch {
    return undefined;
  }
}

describe("the studio's Verify asks about exactly the metrics `nthlayer verify` does", () => {
  for (const example of examples) {
    for (const env of ENVIRONMENTS) {
      it(`${example.id}${env ? ` --env ${env}` : ''}`, () => {
        const store = createStudioStore({ storage: memory(), examples, exampleEnvironments, defaultExample: 'examples/payment-api.yaml' });
        store.getState().openExample(example.path);
        store.getState().setEnvironment(env);
        const input = studioInputOf(store.getState());
        const studio = runRequirements({ type: 'requirements', id: 1, ...input });
        const preview = runCompile({ seq: 1, ...input }, () => 0);
        const cli = cliRequirements(example.path, env);
        if (cli === undefined) {
          // The CLI has no override file for this environment: the studio does not offer it either.
          expect(env).not.toBe('');
          expect(preview.environments).not.toContain(env);
          return;
        }
        expect(preview.environment).toBe(env);
        if (!studio.ok) throw new Error(studio.error);
        expect(studio.requirements).toEqual(cli);
      });
    }
  }

  it("checkout-service never gets payment-api's selectors, in any environment", () => {
    const store = createStudioStore({ storage: memory(), examples, exampleEnvironments, defaultExample: 'examples/payment-api.yaml' });
    store.getState().openExample('examples/checkout-service.yaml');
    for (const env of ENVIRONMENTS) {
      store.getState().setEnvironment(env);
      const r = runRequirements({ type: 'requirements', id: 1, ...studioInputOf(store.getState()) });
      if (!r.ok) throw new Error(r.error);
      expect(r.requirements.flatMap((m) => m.selectors).join('\n')).not.toContain('payment-api');
    }
  });

  it("a pasted spec named like an example gets none of the examples' override files", () => {
    const store = createStudioStore({ storage: memory(), examples, exampleEnvironments, defaultExample: 'examples/payment-api.yaml' });
    const text = readFileSync('examples/payment-api.yaml', 'utf8');
    store.getState().addDoc({ path: 'payment-api.yaml', text });
    store.getState().setEnvironment('dev');
    const preview = runCompile({ seq: 1, ...studioInputOf(store.getState()) }, () => 0);
    expect(preview.environments).toEqual([]);
    expect(preview.environment).toBe('');
    expect(preview.overrides).toEqual([]);
    // Every diagnostic points into a file the studio has open.
    const open = new Set(Object.keys(store.getState().docs));
    expect(preview.diagnostics.filter((d) => !open.has(d.file))).toEqual([]);
  });
});
