/**
 * `nthlayer apply <spec…> --push-rules | --push-grafana [--confirm] [--prune]`: makes a Mimir or
 * Cortex ruler (and Loki's ruler) hold each spec's rule groups, and Grafana its dashboards. A dry
 * run by default: it reads, compares and prints what would change; `--confirm` writes.
 * Credentials come from the settings (flag > environment > config file) and are never printed.
 */
import { FILES, type Artifact, type RuleGroup } from '../../core/index.ts';
import { createGrafanaClient, pushDashboards, type DashboardChange } from '../../delivery/grafana.ts';
import { createHttpClient, DeliveryError, type Auth, type HttpClient } from '../../delivery/http.ts';
import { createRulerClient, pushRuleGroups, type Group, type GroupChange, type RuleTarget, type RulerKind } from '../../delivery/ruler.ts';
import { EXIT } from '../exit-codes.ts';
import { CliError, loadAndCompile } from '../load.ts';
import { paint, type Io } from '../output.ts';
import { resolveSettings, type Settings } from '../settings.ts';

export interface PushOptions {
  env?: string;
  confirm?: boolean;
  prune?: boolean;
  pushRules?: boolean;
  pushGrafana?: boolean;
  rulerUrl?: string;
  lokiUrl?: string;
  tenant?: string;
  namespace?: string;
  fleetNamespace?: string;
  grafanaUrl?: string;
  folder?: string;
}

const RULE_FILES: string[] = [FILES.recordingRules, FILES.alerts];
const SYMBOL = { create: '+', update: '~', unchanged: '=', delete: '-' } as const;

function verb(action: keyof typeof SYMBOL, confirm: boolean): string {
  if (action === 'unchanged') return 'unchanged';
  const past = { create: 'created', update: 'updated', delete: 'deleted' }[action];
  return confirm ? past : `would be ${past}`;
}

function checkedUrl(url: string, flag: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CliError(
      `${flag} is not a URL: ${JSON.stringify(url.replace(/\/\/[^@/]*@/, '//***@'))}`,
      EXIT.usage,
      'use a full URL such as http://mimir:8080',
    );
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new CliError(`${flag} must be http or https`, EXIT.usage);
  return url;
}

function auth(bearer: string | undefined, username: string | undefined, password: string | undefined): Auth | undefined {
  if (bearer) return { bearer };
  if (username) return { username, password: password ?? '' };
  return undefined;
}

function rulerHttp(s: Settings, kind: RulerKind, fetchImpl: typeof fetch): HttpClient | undefined {
  const url = kind === 'mimir' ? s.rulerUrl.value : s.lokiUrl.value;
  if (!url) return undefined;
  const p =
    kind === 'mimir'
      ? { bearer: s.rulerBearer.value, user: s.rulerUsername.value, pass: s.rulerPassword.value, tenant: s.rulerTenant.value }
      : { bearer: s.lokiBearer.value, user: s.lokiUsername.value, pass: s.lokiPassword.value, tenant: s.lokiTenant.value };
  const a = auth(p.bearer, p.user, p.pass);
  return createHttpClient({
    baseUrl: checkedUrl(url, kind === 'mimir' ? '--ruler-url' : '--loki-url'),
    fetch: (u, i) => fetchImpl(u, i),
    ...(p.tenant ? { tenant: p.tenant } : {}),
    ...(a ? { auth: a } : {}),
  });
}

function failure(e: unknown, what: string, credentials: string): never {
  if (!(e instanceof DeliveryError)) throw e;
  const denied = e.status === 401 || e.status === 403;
  throw new CliError(
    `${what}: ${e.message}`,
    EXIT.unavailable,
    denied
      ? `check the credentials (${credentials}; nthlayer config show)`
      : e.kind === 'network' || e.kind === 'timeout'
        ? 'check the URL and that the server is up'
        : undefined,
  );
}

function groupsOf(a: Artifact): Group[] {
  const data = a.data as { groups?: RuleGroup[] };
  return (data.groups ?? []) as unknown as Group[];
}

function printChanges(
  io: Io,
  lines: { action: keyof typeof SYMBOL; text: string; differences: string[] }[],
  confirm: boolean,
  prune: boolean,
): void {
  for (const l of lines) {
    const line = `  ${SYMBOL[l.action]} ${l.text}: ${verb(l.action, confirm)}`;
    io.out(l.action === 'unchanged' ? line : paint(io, l.action === 'delete' ? 'red' : 'yellow', line));
    for (const d of l.differences.slice(0, 10)) io.out(`      ${d}`);
    if (l.differences.length > 10) io.out(`      … ${l.differences.length - 10} more`);
  }
  const n = (a: keyof typeof SYMBOL): number => lines.filter((l) => l.action === a).length;
  io.out(
    confirm
      ? `  ${n('create')} created, ${n('update')} updated, ${n('unchanged')} unchanged${prune ? `, ${n('delete')} deleted` : ''}`
      : `  ${n('create')} to create, ${n('update')} to update, ${n('unchanged')} unchanged${prune ? `, ${n('delete')} to delete` : ''} (dry run: add --confirm to apply)`,
  );
}

export async function pushCommand(
  files: string[],
  opts: PushOptions,
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
  fetchImpl: typeof fetch = fetch,
): Promise<number> {
  const settings = resolveSettings(
    {
      rulerUrl: opts.rulerUrl,
      lokiUrl: opts.lokiUrl,
      rulerTenant: opts.tenant,
      lokiTenant: opts.tenant,
      grafanaUrl: opts.grafanaUrl,
    },
    env,
  );
  const confirm = opts.confirm === true;
  const prune = opts.prune === true;
  const specs = files.map((f) => loadAndCompile(f, opts.env).result).filter((r) => r.ok && r.bundle && r.model);

  if (opts.pushRules) {
    const mimir = rulerHttp(settings, 'mimir', fetchImpl);
    const loki = rulerHttp(settings, 'loki', fetchImpl);
    if (!mimir && !loki) {
      throw new CliError(
        '--push-rules needs a ruler URL',
        EXIT.usage,
        'pass --ruler-url http://mimir:8080 (and --loki-url for loki-alerts.yaml), or set NTHLAYER_RULER_URL / NTHLAYER_LOKI_URL',
      );
    }
    const fleetNamespace = opts.fleetNamespace || 'nthlayer-fleet';
    const prom: RuleTarget[] = [];
    const logs: RuleTarget[] = [];
    for (const r of specs) {
      const model = r.model!;
      const namespace = opts.namespace || model.name;
      const own = r.bundle!.artifacts.filter((a) => !a.shared && RULE_FILES.includes(a.file)).flatMap(groupsOf);
      prom.push({ namespace, groups: own, owner: model.name });
      for (const a of r.bundle!.artifacts.filter((x) => x.shared)) prom.push({ namespace: fleetNamespace, groups: groupsOf(a) });
      const lokiGroups = r.bundle!.artifacts.filter((a) => a.file === FILES.loki).flatMap(groupsOf);
      logs.push({ namespace, groups: lokiGroups, owner: model.name });
    }
    for (const [kind, http, targets] of [
      ['mimir', mimir, prom],
      ['loki', loki, logs],
    ] as const) {
      const name = kind === 'mimir' ? 'Prometheus rule groups' : 'Loki rule groups (loki-alerts.yaml)';
      if (!http) {
        io.out(`${name}: not pushed (no ${kind === 'mimir' ? '--ruler-url or $NTHLAYER_RULER_URL' : '--loki-url or $NTHLAYER_LOKI_URL'})`);
        continue;
      }
      const tenant = kind === 'mimir' ? settings.rulerTenant.value : settings.lokiTenant.value;
      io.out(`${name} → ${http.displayUrl}${tenant ? ` (tenant ${tenant})` : ''}${confirm ? '' : ' (dry run: nothing is changed)'}`);
      let changes: GroupChange[];
      try {
        changes = await pushRuleGroups(createRulerClient(http, kind), targets, { confirm, prune });
      } catch (e) {
        failure(
          e,
          kind === 'mimir' ? 'ruler' : 'Loki ruler',
          kind === 'mimir'
            ? 'NTHLAYER_RULER_BEARER_TOKEN or NTHLAYER_RULER_USERNAME/_PASSWORD'
            : 'NTHLAYER_LOKI_BEARER_TOKEN or NTHLAYER_LOKI_USERNAME/_PASSWORD',
        );
      }
      printChanges(
        io,
        changes.map((c) => ({ action: c.action, text: `group ${c.group} in namespace ${c.namespace}`, differences: c.differences })),
        confirm,
        prune,
      );
    }
  }

  if (opts.pushGrafana) {
    const url = settings.grafanaUrl.value;
    if (!url)
      throw new CliError(
        '--push-grafana needs a Grafana URL',
        EXIT.usage,
        'pass --grafana-url http://grafana:3000 or set NTHLAYER_GRAFANA_URL',
      );
    const token = settings.grafanaApiKey.value;
    if (!token)
      throw new CliError(
        '--push-grafana needs NTHLAYER_GRAFANA_API_KEY',
        EXIT.usage,
        'export NTHLAYER_GRAFANA_API_KEY=<a Grafana service account token with dashboard and folder write access>',
      );
    const http = createHttpClient({ baseUrl: checkedUrl(url, '--grafana-url'), fetch: (u, i) => fetchImpl(u, i), auth: { bearer: token } });
    const folder = opts.folder || 'NthLayer';
    io.out(`Dashboards → ${http.displayUrl}, folder "${folder}"${confirm ? '' : ' (dry run: nothing is changed)'}`);
    const dashboards = specs
      .map((r) => r.bundle!.artifacts.find((a) => a.file === FILES.dashboard)?.data as Record<string, unknown> | undefined)
      .filter((d): d is Record<string, unknown> => d !== undefined);
    let result: Awaited<ReturnType<typeof pushDashboards>>;
    try {
      result = await pushDashboards(createGrafanaClient(http), folder, dashboards, { confirm, prune });
    } catch (e) {
      failure(e, 'Grafana', 'NTHLAYER_GRAFANA_API_KEY');
    }
    if (result.folder.created) io.out(paint(io, 'yellow', `  + folder ${folder}: ${confirm ? 'created' : 'would be created'}`));
    printChanges(
      io,
      result.changes.map((c: DashboardChange) => ({
        action: c.action,
        text: `dashboard ${c.uid} (${c.title})`,
        differences: c.differences,
      })),
      confirm,
      prune,
    );
  }
  return EXIT.ok;
}
