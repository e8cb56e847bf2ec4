/**
 * `nthlayer import FILE…`: Sloth, OpenSLO and Pyrra specs → one NthLayer spec per service in
 * `<output-dir>/<service>.yaml`. The core does the reading; this shell reads and writes files,
 * checks that every written spec compiles, and sets the exit code.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkImportOptions, compile, importSpecs, type ImportFormat, type ImportInput } from '../../core/index.ts';
import { EXIT } from '../exit-codes.ts';
import { CliError, readText } from '../load.ts';
import { printDiagnostics, type Io } from '../output.ts';

export interface ImportCommandOptions {
  from?: ImportFormat;
  outputDir: string;
  service?: string;
  defaultSloPeriod?: string;
  force?: boolean;
}

/** 0 every document imported (warnings allowed), 1 any not imported, 66 a file cannot be read. */
export function importCommand(files: string[], opts: ImportCommandOptions, io: Io): number {
  const options = {
    ...(opts.from ? { from: opts.from } : {}),
    ...(opts.service !== undefined ? { service: opts.service } : {}),
    ...(opts.defaultSloPeriod !== undefined ? { defaultSloPeriod: opts.defaultSloPeriod } : {}),
  };
  const problem = checkImportOptions(options);
  if (problem) throw new CliError(problem, EXIT.usage);

  // Read everything first: an unreadable file stops the import before anything is written.
  const inputs: ImportInput[] = [];
  const unreadable: CliError[] = [];
  for (const file of files) {
    try {
      inputs.push({ file, text: readText(file) });
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      unreadable.push(e);
    }
  }
  if (unreadable.length > 0) {
    for (const e of unreadable) io.err(`nthlayer: ${e.message}${e.hint ? `\n    hint: ${e.hint}` : ''}`);
    return EXIT.noInput;
  }

  const result = importSpecs(inputs, options);
  printDiagnostics(io, result.diagnostics);
  const toStdout = opts.outputDir === '-';
  const targets = result.specs.map((s) => ({ spec: s, path: toStdout ? s.file : join(opts.outputDir, s.file) }));
  if (!toStdout && !opts.force) {
    const existing = targets.filter((t) => existsSync(t.path)).map((t) => t.path);
    if (existing.length > 0) {
      throw new CliError(
        `${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; nothing was written`,
        EXIT.cannotWrite,
        'pass --force to overwrite, or choose another --output-dir',
      );
    }
  }

  let invalid = false;
  for (const { spec, path } of targets) {
    // Every imported spec must compile; if one does not, that is reported against the written file.
    const compiled = compile({ file: path, text: spec.text });
    printDiagnostics(io, compiled.diagnostics, 'warning');
    if (!compiled.ok) invalid = true;
    if (toStdout) {
      io.out(`# ---- ${spec.file}\n${spec.text.trimEnd()}`);
      continue;
    }
    try {
      mkdirSync(opts.outputDir, { recursive: true });
      writeFileSync(path, spec.text);
    } catch (e) {
      throw new CliError(
        `cannot write ${path}: ${e instanceof Error ? e.message : String(e)}`,
        EXIT.cannotWrite,
        'check that --output-dir is writable',
      );
    }
    io.err(
      `wrote ${path}: ${spec.slos} SLO${spec.slos === 1 ? '' : 's'} from ${spec.sources.join(', ')}${compiled.ok ? '' : ' (it does not compile: see the errors above)'}`,
    );
  }

  const failed = result.documents.filter((d) => !d.imported);
  const counts = (['error', 'warning'] as const).map((s) => result.diagnostics.filter((d) => d.severity === s).length);
  io.err(
    `${result.documents.length} document${result.documents.length === 1 ? '' : 's'} read, ${failed.length} not imported; ` +
      `${result.specs.length} spec${result.specs.length === 1 ? '' : 's'} written; ${counts[0]} error(s), ${counts[1]} warning(s)`,
  );
  return !result.ok || failed.length > 0 || invalid || result.documents.length === 0 ? EXIT.failed : EXIT.ok;
}
