import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EXIT } from '../exit-codes.ts';
import { CliError, loadAndCompile } from '../load.ts';
import { printDiagnostics, type Io } from '../output.ts';

export interface ApplyOptions {
  env?: string;
  outputDir: string;
}

/** `nthlayer apply <spec…>`: writes `<output-dir>/<service>/…` for every valid spec. */
export function applyCommand(files: string[], opts: ApplyOptions, io: Io): number {
  let failed = false;
  for (const file of files) {
    const { result } = loadAndCompile(file, opts.env);
    printDiagnostics(io, result.diagnostics, 'warning');
    if (!result.ok || !result.bundle) {
      io.err(`${file}: invalid; nothing written`);
      failed = true;
      continue;
    }
    for (const f of result.bundle.files) {
      const target = join(opts.outputDir, f.path);
      try {
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, f.content);
      } catch (e) {
        throw new CliError(`cannot write ${target}: ${e instanceof Error ? e.message : String(e)}`, EXIT.cannotWrite, 'check that --output-dir is writable');
      }
    }
    io.out(`${file}: wrote ${result.bundle.files.length} files to ${join(opts.outputDir, result.model!.name)}/`);
  }
  return failed ? EXIT.failed : EXIT.ok;
}
