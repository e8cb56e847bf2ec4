/** The `nthlayer` command line: argv → core (+ Prometheus) → files and exit codes. */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { GENERATOR_VERSION } from '../core/conventions.ts';
import { applyCommand } from './commands/apply.ts';
import { planCommand } from './commands/plan.ts';
import { validateCommand } from './commands/validate.ts';
import { EXIT } from './exit-codes.ts';
import { CliError } from './load.ts';
import { processIo, type Io } from './output.ts';

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('nthlayer')
    .description('Reliability as code: one service.yaml → SLO rules, burn-rate alerts, dashboards, alert packs and on-call config.')
    .version(GENERATOR_VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run nthlayer --help for usage)');

  const env = () => new Option('-e, --env <name>', 'apply environments/<env>.yaml and environments/<service>-<env>.yaml overrides');
  const format = (choices: string[], dflt: string) => new Option('-f, --format <format>', 'output format').choices(choices).default(dflt);

  program.command('validate')
    .description('check service specs against the schema and semantic rules (exit 0 valid, 1 invalid)')
    .argument('<spec...>', 'service.yaml files')
    .option('--strict', 'treat warnings as errors')
    .option('-q, --quiet', 'hide info diagnostics')
    .addOption(env())
    .addOption(format(['text', 'json'], 'text'))
    .action((files: string[], o) => { code = validateCommand(files, o, io); });

  program.command('plan')
    .description('show what apply would generate, without writing anything')
    .argument('<spec>', 'service.yaml file')
    .addOption(env())
    .addOption(format(['text', 'json'], 'text'))
    .action((file: string, o) => { code = planCommand(file, o, io); });

  program.command('apply')
    .description('generate rules, alerts, dashboards and configs into <output-dir>/<service>/')
    .argument('<spec...>', 'service.yaml files')
    .option('-o, --output-dir <dir>', 'where to write', 'generated')
    .addOption(env())
    .action((files: string[], o) => { code = applyCommand(files, o, io); });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (e instanceof InvalidArgumentError) return EXIT.usage;
    if (e instanceof CliError) {
      io.err(`nthlayer: ${e.message}${e.hint ? `\n    hint: ${e.hint}` : ''}`);
      return e.exitCode;
    }
    io.err(`nthlayer: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    io.err('This is a bug in NthLayer; please report it with the spec that caused it.');
    return EXIT.internal;
  }
}
