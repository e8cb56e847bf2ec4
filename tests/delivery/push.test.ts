/**
 * `apply --push-rules` and `--push-grafana` against recording stand-ins of a Mimir ruler, Loki's
 * ruler and Grafana: a dry run only reads, `--confirm` sends exactly the expected requests (method,
 * path, headers, body), a second run writes nothing, drift is put back group by group, and
 * `--prune` deletes only what the service owns. Credentials are sent, never printed.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.ts';
import { compile } from '../../src/core/index.ts';
import { freePort } from '../helpers/prometheus.ts';
import { tempDir } from '../helpers/promtool.ts';
import { startFakeGrafana, startFakeRuler, type FakeGrafana, type FakeRuler, type Group, type Recorded } from './fake-servers.ts';

const SPEC = 'examples/checkout-service.yaml';
const SERVICE = 'checkout-service';
const RULER_TOKEN = 'ruler-secret-7f3a';
const LOKI_PASSWORD = 'loki-pass-91bc';
const GRAFANA_TOKEN = 'glsa_grafana-secret-42';
const MIMIR = '/prometheus/config/v1/rules';
const LOKI = '/loki/api/v1/rules';

const bundle = compile({ file: SPEC, text: readFileSync(SPEC, 'utf8') }).bundle!;
const groupsOf = (file: string): Group[] =>
  bundle.artifacts.filter((a) => a.file === file).flatMap((a) => (a.data as { groups: Group[] }).groups);
const promGroups = [...groupsOf('recording-rules.yaml'), ...groupsOf('alerts.yaml')];
const fleetGroups = groupsOf('_fleet/rabbitmq-alerts.yaml');
const lokiGroups = groupsOf('loki-alerts.yaml');
const dashboard = bundle.artifacts.find((a) => a.file === 'dashboard.json')!.data as Record<string, unknown>;

const ENV_KEYS = [
  'NTHLAYER_RULER_URL',
  'NTHLAYER_RULER_BEARER_TOKEN',
  'NTHLAYER_RULER_USERNAME',
  'NTHLAYER_RULER_PASSWORD',
  'NTHLAYER_RULER_TENANT',
  'NTHLAYER_LOKI_URL',
  'NTHLAYER_LOKI_USERNAME',
  'NTHLAYER_LOKI_PASSWORD',
  'NTHLAYER_LOKI_BEARER_TOKEN',
  'NTHLAYER_LOKI_TENANT',
  'NTHLAYER_GRAFANA_URL',
  'NTHLAYER_GRAFANA_API_KEY',
  'NTHLAYER_CONFIG',
];
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

async function run(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  for (const k of ENV_KEYS) delete process.env[k];
  // No config file of the machine's user leaks into the test.
  process.env.NTHLAYER_CONFIG = `${tempDir()}/none.yaml`;
  Object.assign(process.env, env);
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['apply', SPEC, '-o', tempDir(), ...argv], { out: (s) => out.push(s), err: (s) => err.push(s), color: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
afterEach(() => {
  for (const [k, v] of Object.entries(saved))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

const lines = (rs: Recorded[]): string[] => rs.map((r) => `${r.method} ${r.url}`);
const writes = (rs: Recorded[]): Recorded[] => rs.filter((r) => r.method !== 'GET');
const basic = (user: string, pass: string): string => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe('apply --push-rules', () => {
  let mimir: FakeRuler;
  let loki: FakeRuler;
  let env: Record<string, string>;
  beforeAll(async () => {
    mimir = await startFakeRuler(MIMIR, `Bearer ${RULER_TOKEN}`);
    loki = await startFakeRuler(LOKI, basic('loki-user', LOKI_PASSWORD));
    env = {
      NTHLAYER_RULER_URL: mimir.url,
      NTHLAYER_RULER_BEARER_TOKEN: RULER_TOKEN,
      NTHLAYER_LOKI_URL: loki.url,
      NTHLAYER_LOKI_USERNAME: 'loki-user',
      NTHLAYER_LOKI_PASSWORD: LOKI_PASSWORD,
    };
  });
  afterAll(async () => {
    await mimir.close();
    await loki.close();
  });

  it('needs a ruler URL (usage error 64)', async () => {
    const r = await run({}, '--push-rules');
    expect(r.code).toBe(64);
    expect(r.err).toContain('--push-rules needs a ruler URL');
  });

  it('is a dry run by default: reads each namespace once, prints what would change, writes nothing', async () => {
    const [m0, l0] = [mimir.requests.length, loki.requests.length];
    const r = await run(env, '--push-rules', '--tenant', 'team-a');
    expect(r.code, r.err).toBe(0);
    expect(lines(mimir.requests.slice(m0))).toEqual([`GET ${MIMIR}/${SERVICE}`, `GET ${MIMIR}/nthlayer-fleet`]);
    expect(lines(loki.requests.slice(l0))).toEqual([`GET ${LOKI}/${SERVICE}`]);
    expect(r.out).toContain(`+ group nthlayer-checkout-service-slo-recordings in namespace ${SERVICE}: would be created`);
    expect(r.out).toContain('+ group nthlayer-fleet-rabbitmq in namespace nthlayer-fleet: would be created');
    expect(r.out).toContain(
      `${promGroups.length + fleetGroups.length} to create, 0 to update, 0 unchanged (dry run: add --confirm to apply)`,
    );
    expect(r.out).toContain(`${lokiGroups.length} to create, 0 to update, 0 unchanged (dry run`);
    expect([mimir, loki].flatMap((x) => [...x.store.values()].flatMap((m) => [...m.values()].flat()))).toEqual([]);
  });

  it('--confirm posts one group per request as YAML, with the tenant and the credentials from the settings', async () => {
    const [m0, l0] = [mimir.requests.length, loki.requests.length];
    const r = await run(env, '--push-rules', '--tenant', 'team-a', '--confirm');
    expect(r.code, r.err).toBe(0);
    const sent = mimir.requests.slice(m0);
    expect(lines(sent)).toEqual([
      `GET ${MIMIR}/${SERVICE}`,
      `GET ${MIMIR}/nthlayer-fleet`,
      ...promGroups.map(() => `POST ${MIMIR}/${SERVICE}`),
      `POST ${MIMIR}/nthlayer-fleet`,
    ]);
    for (const req of sent) expect(req).toMatchObject({ authorization: `Bearer ${RULER_TOKEN}`, tenant: 'team-a' });
    const posted = writes(sent);
    for (const req of posted) expect(req.contentType).toBe('application/yaml');
    expect(posted.map((p) => parse(p.body))).toEqual([...promGroups, ...fleetGroups]);

    const lsent = loki.requests.slice(l0);
    expect(lines(lsent)).toEqual([`GET ${LOKI}/${SERVICE}`, ...lokiGroups.map(() => `POST ${LOKI}/${SERVICE}`)]);
    for (const req of lsent) expect(req).toMatchObject({ authorization: basic('loki-user', LOKI_PASSWORD), tenant: 'team-a' });
    expect(writes(lsent).map((p) => parse(p.body))).toEqual(lokiGroups);
    expect(mimir.groups('team-a', SERVICE).map((g) => g.name)).toEqual(promGroups.map((g) => g.name));
    expect(r.out).toContain(`${promGroups.length + fleetGroups.length} created, 0 updated, 0 unchanged`);
    // Secrets are sent, never printed.
    for (const secret of [RULER_TOKEN, LOKI_PASSWORD]) expect(`${r.out}\n${r.err}`).not.toContain(secret);
  });

  it('a second run reads, finds every group unchanged and writes nothing', async () => {
    const [m0, l0] = [mimir.requests.length, loki.requests.length];
    const r = await run(env, '--push-rules', '--tenant', 'team-a', '--confirm');
    expect(r.code, r.err).toBe(0);
    expect(writes(mimir.requests.slice(m0))).toEqual([]);
    expect(writes(loki.requests.slice(l0))).toEqual([]);
    expect(r.out).toContain(`0 created, 0 updated, ${promGroups.length + fleetGroups.length} unchanged`);
  });

  it('puts back one drifted group with one request, and says what differed', async () => {
    const stored = mimir.groups('team-a', SERVICE).find((g) => g.name === 'nthlayer-checkout-service-slo-alerts')!;
    stored.rules[0]!.expr = 'vector(1)';
    const dry = await run(env, '--push-rules', '--tenant', 'team-a');
    expect(dry.out).toContain('~ group nthlayer-checkout-service-slo-alerts in namespace checkout-service: would be updated');
    expect(dry.out).toMatch(/rules\[0\] \(\w+\)\.expr differs/);
    const m0 = mimir.requests.length;
    const r = await run(env, '--push-rules', '--tenant', 'team-a', '--confirm');
    expect(r.code).toBe(0);
    expect(writes(mimir.requests.slice(m0)).map((w) => [w.method, w.url, parse(w.body).name])).toEqual([
      ['POST', `${MIMIR}/${SERVICE}`, 'nthlayer-checkout-service-slo-alerts'],
    ]);
  });

  it('--prune deletes only the groups this service owns and no longer produces', async () => {
    const space = mimir.store.get('team-a')!.get(SERVICE)!;
    const rule = (service: string): Record<string, unknown> => ({ alert: 'Old', expr: 'vector(1)', labels: { service } });
    space.push(
      { name: 'nthlayer-checkout-service-postgresql-old-db', rules: [rule(SERVICE)] }, // ours, no longer produced
      { name: 'nthlayer-checkout-service-canary-slo-alerts', rules: [rule('checkout-service-canary')] }, // another service's
      { name: 'team-handwritten', rules: [rule(SERVICE)] }, // not NthLayer's
      { name: 'nthlayer-checkout-service-mixed', rules: [rule(SERVICE), { record: 'x', expr: 'vector(1)' }] }, // not all ours
    );
    const fleet = mimir.store.get('team-a')!.get('nthlayer-fleet')!;
    fleet.push({ name: 'nthlayer-fleet-kubernetes', rules: [{ alert: 'K', expr: 'vector(1)', labels: { scope: 'fleet' } }] });

    const dry = await run(env, '--push-rules', '--tenant', 'team-a', '--prune');
    expect(dry.out).toContain('- group nthlayer-checkout-service-postgresql-old-db in namespace checkout-service: would be deleted');
    expect(dry.out.match(/would be deleted/g)).toHaveLength(1);
    expect(dry.out).toContain('0 to create, 0 to update, 8 unchanged, 1 to delete (dry run');

    const m0 = mimir.requests.length;
    const r = await run(env, '--push-rules', '--tenant', 'team-a', '--prune', '--confirm');
    expect(r.code).toBe(0);
    expect(lines(writes(mimir.requests.slice(m0)))).toEqual([`DELETE ${MIMIR}/${SERVICE}/nthlayer-checkout-service-postgresql-old-db`]);
    expect(mimir.groups('team-a', SERVICE).map((g) => g.name)).toEqual([
      ...promGroups.map((g) => g.name),
      'nthlayer-checkout-service-canary-slo-alerts',
      'team-handwritten',
      'nthlayer-checkout-service-mixed',
    ]);
    expect(fleet.map((g) => g.name)).toEqual(['nthlayer-fleet-rabbitmq', 'nthlayer-fleet-kubernetes']);
  });

  it('without a tenant no X-Scope-OrgID is sent; --namespace and --fleet-namespace choose where groups go', async () => {
    const m0 = mimir.requests.length;
    const r = await run(
      { NTHLAYER_RULER_URL: mimir.url, NTHLAYER_RULER_BEARER_TOKEN: RULER_TOKEN },
      '--push-rules',
      '--namespace',
      'payments',
      '--fleet-namespace',
      'shared',
      '--confirm',
    );
    expect(r.code, r.err).toBe(0);
    const sent = mimir.requests.slice(m0);
    expect(sent.every((q) => q.tenant === undefined)).toBe(true);
    expect(lines(sent).slice(0, 2)).toEqual([`GET ${MIMIR}/payments`, `GET ${MIMIR}/shared`]);
    expect(mimir.groups('', 'payments')).toHaveLength(promGroups.length);
    expect(r.out).toContain('Loki rule groups (loki-alerts.yaml): not pushed (no --loki-url or $NTHLAYER_LOKI_URL)');
  });

  it('a wrong token exits 69 with a hint and without printing any credential', async () => {
    const r = await run({ ...env, NTHLAYER_RULER_BEARER_TOKEN: 'wrong-token-x' }, '--push-rules');
    expect(r.code).toBe(69);
    expect(r.err).toContain('HTTP 401');
    expect(r.err).toContain('check the credentials');
    expect(`${r.out}\n${r.err}`).not.toContain('wrong-token-x');
  });

  it('credentials in the URL are sent as Basic auth and never printed', async () => {
    const other = await startFakeRuler(MIMIR, basic('u', 'url-secret-pw'));
    const u = new URL(other.url);
    const r = await run({ NTHLAYER_RULER_URL: `http://u:url-secret-pw@${u.host}` }, '--push-rules');
    await other.close();
    expect(r.code, r.err).toBe(0);
    expect(other.requests[0]!.authorization).toBe(basic('u', 'url-secret-pw'));
    expect(`${r.out}\n${r.err}`).not.toContain('url-secret-pw');
  });

  it('an unreachable ruler exits 69', async () => {
    const r = await run({ NTHLAYER_RULER_URL: `http://127.0.0.1:${await freePort()}` }, '--push-rules');
    expect(r.code).toBe(69);
    expect(r.err).toContain('connection refused');
  });
});

describe('apply --push-grafana', () => {
  let grafana: FakeGrafana;
  let env: Record<string, string>;
  beforeAll(async () => {
    grafana = await startFakeGrafana(GRAFANA_TOKEN);
    env = { NTHLAYER_GRAFANA_URL: grafana.url, NTHLAYER_GRAFANA_API_KEY: GRAFANA_TOKEN };
  });
  afterAll(async () => {
    await grafana.close();
  });

  it('needs NTHLAYER_GRAFANA_API_KEY and a URL (usage error 64)', async () => {
    expect((await run({ NTHLAYER_GRAFANA_URL: grafana.url }, '--push-grafana')).code).toBe(64);
    expect((await run({ NTHLAYER_GRAFANA_API_KEY: GRAFANA_TOKEN }, '--push-grafana')).code).toBe(64);
  });

  it('is a dry run by default: reads the folders and the dashboard, writes nothing', async () => {
    const from = grafana.requests.length;
    const r = await run(env, '--push-grafana', '--folder', 'Reliability');
    expect(r.code, r.err).toBe(0);
    expect(lines(grafana.requests.slice(from))).toEqual([
      'GET /api/folders?limit=1000&page=1',
      'GET /api/dashboards/uid/nthlayer-checkout-service',
    ]);
    expect(r.out).toContain('+ folder Reliability: would be created');
    expect(r.out).toContain('+ dashboard nthlayer-checkout-service (checkout-service service dashboard): would be created');
    expect(grafana.folders).toEqual([]);
  });

  it('--confirm creates the folder and posts the dashboard with its stable uid and a bearer token', async () => {
    const from = grafana.requests.length;
    const r = await run(env, '--push-grafana', '--folder', 'Reliability', '--confirm');
    expect(r.code, r.err).toBe(0);
    const sent = grafana.requests.slice(from);
    expect(lines(sent)).toEqual([
      'GET /api/folders?limit=1000&page=1',
      'POST /api/folders',
      'GET /api/dashboards/uid/nthlayer-checkout-service',
      'POST /api/dashboards/db',
    ]);
    for (const q of sent) expect(q.authorization).toBe(`Bearer ${GRAFANA_TOKEN}`);
    expect(JSON.parse(sent[1]!.body)).toEqual({ title: 'Reliability' });
    const folderUid = grafana.folders[0]!.uid;
    expect(JSON.parse(sent[3]!.body)).toEqual({
      dashboard: { ...dashboard, id: null },
      folderUid,
      overwrite: true,
      message: 'nthlayer apply --push-grafana',
    });
    expect(grafana.dashboards.get('nthlayer-checkout-service')!.folderUid).toBe(folderUid);
    expect(`${r.out}\n${r.err}`).not.toContain(GRAFANA_TOKEN);
  });

  it("a second run writes nothing (Grafana's ids, versions and key order are not differences)", async () => {
    const from = grafana.requests.length;
    const r = await run(env, '--push-grafana', '--folder', 'Reliability', '--confirm');
    expect(r.code, r.err).toBe(0);
    expect(writes(grafana.requests.slice(from))).toEqual([]);
    expect(r.out).toContain('0 created, 0 updated, 1 unchanged');
  });

  it('an edited dashboard is put back, naming the fields that changed', async () => {
    grafana.dashboards.get('nthlayer-checkout-service')!.dashboard.title = 'edited in the UI';
    const from = grafana.requests.length;
    const r = await run(env, '--push-grafana', '--folder', 'Reliability', '--confirm');
    expect(r.out).toContain('~ dashboard nthlayer-checkout-service (checkout-service service dashboard): updated');
    expect(r.out).toContain('      title');
    expect(lines(writes(grafana.requests.slice(from)))).toEqual(['POST /api/dashboards/db']);
    expect(grafana.dashboards.get('nthlayer-checkout-service')!.dashboard.title).toBe('checkout-service service dashboard');
  });

  it('--prune deletes only NthLayer dashboards in the folder that no spec produces', async () => {
    const folderUid = grafana.folders[0]!.uid;
    grafana.folders.push({ id: 9, uid: 'other', title: 'Other' });
    const put = (uid: string, tags: string[], folder: string): void => {
      grafana.dashboards.set(uid, { dashboard: { uid, title: uid, tags, id: 1, version: 1 }, folderUid: folder });
    };
    put('nthlayer-retired-service', ['nthlayer', 'payments'], folderUid); // ours, gone from the specs
    put('team-overview', ['nthlayer'], folderUid); // tagged, but not an NthLayer uid
    put('nthlayer-hand-made', ['ops'], folderUid); // NthLayer-like uid, no tag
    put('nthlayer-elsewhere', ['nthlayer'], 'other'); // another folder
    const dry = await run(env, '--push-grafana', '--folder', 'Reliability', '--prune');
    expect(dry.out).toContain('- dashboard nthlayer-retired-service (nthlayer-retired-service): would be deleted');
    expect(dry.out.match(/would be deleted/g)).toHaveLength(1);
    const from = grafana.requests.length;
    const r = await run(env, '--push-grafana', '--folder', 'Reliability', '--prune', '--confirm');
    expect(r.code).toBe(0);
    expect(lines(writes(grafana.requests.slice(from)))).toEqual(['DELETE /api/dashboards/uid/nthlayer-retired-service']);
    expect([...grafana.dashboards.keys()].sort()).toEqual([
      'nthlayer-checkout-service',
      'nthlayer-elsewhere',
      'nthlayer-hand-made',
      'team-overview',
    ]);
  });

  it('a wrong token exits 69 and prints no token', async () => {
    const r = await run({ ...env, NTHLAYER_GRAFANA_API_KEY: 'glsa_wrong-9' }, '--push-grafana');
    expect(r.code).toBe(69);
    expect(r.err).toContain('check the credentials (NTHLAYER_GRAFANA_API_KEY');
    expect(`${r.out}\n${r.err}`).not.toContain('glsa_wrong-9');
  });
});
