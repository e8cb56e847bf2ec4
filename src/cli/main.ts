/** The `nthlayer` command line: argv → core (+ Prometheus) → files and exit codes. */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CliError } from './errors.ts';
import { EXIT } from './exit-codes.ts';
import { processIo, type Io } from './io.ts';
import { CLI_VERSION } from './version.ts';

/** A repeatable, comma-separated option: every value given, in order, without blanks. */
function commaList(value: string, previous?: string[]): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  ];
}

// Every command module is imported when its command runs, never up front: `nthlayer --version`
// loads commander and nothing else, and `validate` never loads the Prometheus or PagerDuty clients.

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('nthlayer')
    .description('Reliability as code: one service.yaml → SLO rules, burn-rate alerts, dashboards, alert packs and on-call config.')
    .version(CLI_VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run nthlayer --help for usage)');

  const env = () => new Option('-e, --env <name>', 'apply environments/<env>.yaml and environments/<service>-<env>.yaml overrides');
  const format = (choices: string[], dflt: string) => new Option('-f, --format <format>', 'output format').choices(choices).default(dflt);

  program
    .command('validate')
    .description('check service specs against the schema and semantic rules (exit 0 valid, 1 invalid)')
    .argument('<spec...>', 'service.yaml files')
    .option('--strict', 'treat warnings as errors')
    .option('-q, --quiet', 'hide info diagnostics')
    .addOption(env())
    .addOption(format(['text', 'json', 'sarif', 'github'], 'text'))
    .action(async (files: string[], o) => {
      const { validateCommand } = await import('./commands/validate.ts');
      code = await validateCommand(files, o, io);
    });

  program
    .command('plan')
    .description('show what apply would generate, without writing anything')
    .argument('<spec>', 'service.yaml file')
    .addOption(env())
    .addOption(format(['text', 'json'], 'text'))
    .action(async (file: string, o) => {
      const { planCommand } = await import('./commands/plan.ts');
      code = planCommand(file, o, io);
    });

  program
    .command('apply')
    .description('generate rules, alerts, dashboards and configs into <output-dir>/<service>/')
    .argument('<spec...>', 'service.yaml files')
    .option('-o, --output-dir <dir>', 'where to write', 'generated')
    .addOption(env())
    .option('--push-pagerduty', 'then create or update the PagerDuty resources ($PAGERDUTY_API_KEY); a dry run unless --confirm')
    .option('--confirm', 'with --push-pagerduty, --push-rules or --push-grafana: make the changes instead of printing them')
    .option('--lint', 'lint every generated PromQL expression; exit 1 on errors')
    .option('--discover', 'first resolve dashboard metrics against Prometheus (-p or $NTHLAYER_PROMETHEUS_URL)')
    .option('-p, --prometheus-url <url>', 'Prometheus for --discover')
    // CI/CD and delivery (issue #18): output formats, lint reports, pushes to rulers and Grafana.
    .option(
      '--format <format>',
      'prometheus (default) or prometheus-operator rule files; add argo-rollouts for an Argo AnalysisTemplate (repeatable)',
      commaList,
    )
    .option('--rule-labels <k=v>', 'labels on every PrometheusRule, for a ruleSelector (repeatable, comma-separated)', commaList)
    .addOption(new Option('--lint-format <format>', 'how --lint reports').choices(['text', 'json', 'sarif', 'github']).default('text'))
    .option(
      '--push-rules',
      'then make the ruler (--ruler-url; --loki-url for loki-alerts.yaml) hold these rule groups; a dry run unless --confirm',
    )
    .option('--ruler-url <url>', 'Mimir/Cortex base URL for --push-rules (default $NTHLAYER_RULER_URL)')
    .option('--loki-url <url>', 'Loki base URL whose ruler gets loki-alerts.yaml (default $NTHLAYER_LOKI_URL)')
    .option('--tenant <id>', 'X-Scope-OrgID for the rulers (and for Prometheus with --discover)')
    .option('--namespace <name>', "ruler namespace of the service's groups (default: the service name)")
    .option('--fleet-namespace <name>', 'ruler namespace of the fleet-wide _fleet/ groups', 'nthlayer-fleet')
    .option(
      '--push-grafana',
      'then make Grafana (--grafana-url, $NTHLAYER_GRAFANA_API_KEY) hold the dashboards; a dry run unless --confirm',
    )
    .option('--grafana-url <url>', 'Grafana base URL for --push-grafana (default $NTHLAYER_GRAFANA_URL)')
    .option('--folder <name>', 'Grafana folder for the dashboards (created when missing)', 'NthLayer')
    .option('--prune', 'with --push-rules/--push-grafana: also delete what NthLayer owns there that the specs no longer produce')
    .action(async (files: string[], o) => {
      const { resolveApplyFormats, parseRuleLabels } = await import('./formats/apply-options.ts');
      const formats = resolveApplyFormats(o.format);
      const opts = { ...o, format: formats.ruleFormat, argoRollouts: formats.argoRollouts, ruleLabels: parseRuleLabels(o.ruleLabels) };
      const { applyCommand } = await import('./commands/apply.ts');
      code = await applyCommand(files, opts, io);
      if (o.pushPagerduty && code === EXIT.ok) {
        const { pagerDutyPushCommand } = await import('./commands/pagerduty-push.ts');
        code = await pagerDutyPushCommand(files, o, io);
      }
      if ((o.pushRules || o.pushGrafana) && code === EXIT.ok) {
        const { pushCommand } = await import('./commands/push.ts');
        code = await pushCommand(files, opts, io);
      }
    });

  const promOptions = (c: Command) =>
    c
      .option('-p, --prometheus-url <url>', 'Prometheus (or Thanos/Mimir/Cortex) base URL; default $NTHLAYER_PROMETHEUS_URL')
      .option('--tenant <id>', 'X-Scope-OrgID for Mimir/Cortex')
      .option('--timeout <seconds>', 'per-request time limit', '10');

  promOptions(
    program
      .command('verify')
      .description('check that the metrics a spec depends on exist in Prometheus (exit 0 all present, 1 missing)')
      .argument('<spec>', 'service.yaml file')
      .option('--strict', 'also fail on missing dashboard and alert-pack metrics')
      .option('--lookback <seconds>', 'how far back a series counts as present', '3600')
      .option('--at <unix-seconds>', 'evaluate at this time instead of now')
      .addOption(env())
      .addOption(format(['text', 'json'], 'text')),
  ).action(async (file: string, o) => {
    const { verifyCommand } = await import('./commands/live.ts');
    code = await verifyCommand(file, o, io);
  });

  promOptions(
    program
      .command('check-deploy')
      .description('gate a deploy on the error budget (exit 0 safe, 1 exhausted or below the blocking threshold)')
      .argument('<spec>', 'service.yaml file')
      .option('--team <team>', 'the deploying team, for DeploymentGate exceptions')
      .option('--at <unix-seconds>', 'evaluate at this time instead of now')
      .addOption(env())
      .addOption(format(['text', 'json', 'junit', 'github'], 'text')),
  ).action(async (file: string, o) => {
    const { checkDeployCommand } = await import('./commands/live.ts');
    code = await checkDeployCommand(file, o, io);
  });

  promOptions(
    program
      .command('discover')
      .description('list the metrics Prometheus has for a spec, by exporter and type, and resolve each dashboard intent')
      .argument('<spec>', 'service.yaml file')
      .option('--lookback <seconds>', 'how far back a series counts as present', '3600')
      .option('--at <unix-seconds>', 'evaluate at this time instead of now')
      .addOption(env())
      .addOption(format(['text', 'json'], 'text')),
  ).action(async (file: string, o) => {
    const { discoverCommand } = await import('./commands/live.ts');
    code = await discoverCommand(file, o, io);
  });

  const slo = program.command('slo').description('SLO definitions and live status');
  slo
    .command('show')
    .description('show each SLO with its burn-rate tiers, factors and detection times')
    .argument('<spec>', 'service.yaml file')
    .addOption(env())
    .addOption(format(['text', 'json'], 'text'))
    .action(async (file: string, o) => {
      const { sloShowText } = await import('./commands/live.ts');
      code = sloShowText(file, o, io);
    });
  promOptions(
    slo
      .command('collect')
      .description("query Prometheus for each SLO's SLI, budget left, burn rates and projected exhaustion")
      .argument('<spec>', 'service.yaml file')
      .option('--at <unix-seconds>', 'evaluate at this time instead of now')
      .addOption(env())
      .addOption(format(['text', 'json'], 'text')),
  ).action(async (file: string, o) => {
    const { sloCollectCommand } = await import('./commands/live.ts');
    code = await sloCollectCommand(file, o, io);
  });

  program
    .command('proxy')
    .description('serve the studio and a read-only Prometheus API allowlist with CORS (never an open proxy)')
    .option('-p, --prometheus-url <url>', 'the one upstream Prometheus; default $NTHLAYER_PROMETHEUS_URL')
    .option('--port <port>', 'port to listen on', '8787')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--allow-origin <origin...>', 'extra origins allowed to call the API (e.g. http://127.0.0.1:5173)')
    .option('--allow-host <host...>', 'host names besides loopback the proxy answers to (DNS-rebinding protection)')
    .option('--tenant <id>', 'X-Scope-OrgID sent upstream for Mimir/Cortex')
    .option('--static-dir <dir>', 'built studio to serve (default: the one in the package)')
    .action(async (o) => {
      const { proxyCommand } = await import('./commands/proxy.ts');
      code = await proxyCommand(o, io);
    });

  program
    .command('studio')
    .description('serve the studio locally, offline (no Prometheus), or --export it as static files for any host')
    .option('--port <port>', 'port to listen on', '8787')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--export <dir>', 'write the static studio into <dir> instead of serving it (works under any sub-path)')
    .action(async (o) => {
      const { studioCommand } = await import('./commands/studio.ts');
      code = await studioCommand(o, io);
    });

  promOptions(
    program
      .command('portfolio')
      .description('SLO health across services by tier (exit 0 healthy, 1 warning, 2 critical)')
      .argument('[dirs...]', 'directories (or files) to scan for service specs', [])
      .option('--at <unix-seconds>', 'evaluate at this time instead of now')
      .addOption(format(['table', 'json', 'csv', 'markdown'], 'table')),
  ).action(async (dirs: string[], o) => {
    const { portfolioCommand } = await import('./commands/portfolio.ts');
    code = await portfolioCommand(dirs, o, io);
  });

  slo
    .command('list')
    .description('list the SLOs of every spec under the given paths')
    .argument('[paths...]', 'directories or files', [])
    .addOption(format(['text', 'json'], 'text'))
    .action(async (paths: string[], o) => {
      const { sloListCommand } = await import('./commands/misc.ts');
      code = sloListCommand(paths, o, io);
    });

  const envCmd = program.command('env').description('environment override files');
  envCmd
    .command('list')
    .description('list shared and service-specific environment files')
    .option('-d, --directory <dir>', "directory holding environments/ (default: the spec's or .)")
    .option('-s, --service <spec>', 'only files that apply to this spec')
    .addOption(format(['text', 'json'], 'text'))
    .action(async (o) => {
      const { envListCommand } = await import('./commands/misc.ts');
      code = envListCommand(o, io);
    });
  envCmd
    .command('diff')
    .description('what changes between two environments of a spec')
    .argument('<spec>', 'service.yaml file')
    .argument('<env-a>', 'first environment')
    .argument('<env-b>', 'second environment')
    .option('--show-all', 'list unchanged values too')
    .addOption(format(['text', 'json'], 'text'))
    .action(async (file: string, a: string, b: string, o) => {
      const { envDiffCommand } = await import('./commands/misc.ts');
      code = envDiffCommand(file, a, b, o, io);
    });

  // nthlayer import (issue #16): Sloth, OpenSLO and Pyrra specs → NthLayer specs. Loaded on use.
  program
    .command('import')
    .description(
      'turn Sloth, OpenSLO and Pyrra specs into NthLayer specs, one <service>.yaml per service (exit 0 imported, 1 a document was not, 66 unreadable)',
    )
    .argument('<file...>', 'Sloth, OpenSLO or Pyrra YAML files (several documents per file are fine)')
    .addOption(new Option('--from <format>', 'only accept documents of this format').choices(['sloth', 'openslo', 'pyrra']))
    .option('-o, --output-dir <dir>', 'where to write <service>.yaml (- prints to stdout)', '.')
    .option(
      '-s, --service <name>',
      'the service of Pyrra objectives (else a service label, else the namespace); for Sloth and OpenSLO it replaces their service',
    )
    .option('--default-slo-period <duration>', 'the --default-slo-period Sloth ran with (Sloth specs carry no period; default 30d)')
    .option('--force', 'overwrite existing <service>.yaml files')
    .action(async (files: string[], o) => {
      const { importCommand } = await import('./commands/import.ts');
      code = importCommand(files, o, io);
    });

  // nthlayer backtest (issue #15): the spec's alerts replayed over a past period. Loaded on use.
  promOptions(
    program
      .command('backtest')
      .description(
        "replay the spec's alerts over a past period from the raw SLI data in Prometheus (exit 0 answered, 1 an SLO had no data in the period)",
      )
      .argument('<spec>', 'service.yaml file')
      .addOption(env())
      .option('--since <duration>', 'length of the period', '30d')
      .option('--until <time>', 'end of the period: RFC 3339 or Unix seconds (default: now)')
      .option('--step <duration>', 'time between evaluations (default 1m up to 7 days, coarser beyond)')
      .addOption(format(['table', 'json'], 'table'))
      .option('--compare <spec>', 'also backtest this spec over the same data and report how pages, tickets and detection change')
      .option(
        '--incidents <file>',
        'YAML or JSON list of {name, start, end}: which incidents each tier caught, how fast, and the episodes that matched none',
      ),
  ).action(async (file: string, o) => {
    const { backtestCommand } = await import('./commands/backtest.ts');
    code = await backtestCommand(file, o, io);
  });

  program
    .command('init')
    .description('create a new service.yaml (asks questions in a terminal, or takes flags)')
    .option('--name <name>', 'service name')
    .option('--team <team>', 'owning team')
    .option('--tier <tier>', 'critical, high, standard or low')
    .option('--type <type>', 'api, web, worker, stream, batch, database or ai-gate')
    .option('--template <template>', 'built-in template: critical-api, standard-api, low-api, background-job, pipeline')
    .option('--technologies <list>', 'comma-separated technologies (postgresql,redis,kafka …)', (v: string) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .option('-o, --output <file>', 'where to write (default <name>.yaml; - for stdout)')
    .option('--force', 'overwrite an existing file')
    .action(async (o) => {
      const { initCommand } = await import('./commands/misc.ts');
      code = await initCommand(o, io);
    });

  program
    .command('setup')
    .description('write the config file (Prometheus, Grafana and PagerDuty settings)')
    .option('--prometheus-url <url>')
    .option('--prometheus-tenant <id>')
    .option('--grafana-url <url>')
    .option('--grafana-api-key <key>')
    .option('--pagerduty-api-key <key>')
    .option('-y, --yes', 'do not ask; take flags and keep existing values')
    .action(async (o) => {
      const { setupCommand } = await import('./commands/misc.ts');
      code = await setupCommand(o, io);
    });

  program
    .command('config')
    .description('settings')
    .command('show')
    .description('show each setting, where it came from (flag > env > config file > default), secrets masked')
    .addOption(format(['text', 'json'], 'text'))
    .action(async (o) => {
      const { configShowCommand } = await import('./commands/misc.ts');
      code = configShowCommand(o, io);
    });

  program
    .command('demo')
    .description(
      'start a local Prometheus with a week of synthetic data, a live synthetic exporter it scrapes, and the studio connected to it',
    )
    .option('--port <port>', 'studio port', '8787')
    .option('--prometheus-port <port>', 'Prometheus port', '9090')
    .option('--dir <dir>', 'working directory for the data (emptied first)', '.tmp/demo')
    .option('--scrape-interval <seconds>', 'how often Prometheus scrapes the live exporter', '15')
    .option('--no-build', 'serve the existing studio build even when it is older than its sources')
    .action(async (o) => {
      const { demoCommand } = await import('./commands/demo.ts');
      code = await demoCommand(o, io);
    });

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
