import { describe, expect, it } from 'vitest';
import { checkDirectUrl, checkTenant, effectiveTarget, type ConnectionSettings } from './connection.ts';

const settings = (s: Partial<ConnectionSettings>): ConnectionSettings => ({ mode: 'auto', directUrl: '', tenant: '', ...s });
const ORIGIN = 'http://127.0.0.1:8080';

describe('Prometheus connection settings', () => {
  it('automatic mode uses the page origin only once the proxy answered', () => {
    expect(effectiveTarget(settings({}), undefined, ORIGIN)).toBeUndefined();
    expect(effectiveTarget(settings({}), 'absent', ORIGIN)).toBeUndefined();
    expect(effectiveTarget(settings({}), 'present', ORIGIN)).toMatchObject({ kind: 'proxy', baseUrl: '' });
  });

  it('a studio served under a sub-path asks its proxy under that sub-path', () => {
    expect(effectiveTarget(settings({}), 'present', 'https://intranet', 'https://intranet/tools/nthlayer')).toMatchObject({
      kind: 'proxy',
      baseUrl: 'https://intranet/tools/nthlayer',
    });
  });

  it('"none" never connects, even with a proxy present', () => {
    expect(effectiveTarget(settings({ mode: 'none' }), 'present', ORIGIN)).toBeUndefined();
  });

  it('proxy mode uses the page origin without waiting for detection', () => {
    expect(effectiveTarget(settings({ mode: 'proxy', tenant: 't1' }), undefined, ORIGIN)).toMatchObject({
      kind: 'proxy',
      baseUrl: '',
      tenant: 't1',
    });
  });

  it('direct mode uses the typed URL, normalised, and nothing when it is not a URL', () => {
    expect(effectiveTarget(settings({ mode: 'direct', directUrl: 'http://prom:9090/' }), 'present', ORIGIN)).toMatchObject({
      kind: 'direct',
      baseUrl: 'http://prom:9090',
    });
    expect(effectiveTarget(settings({ mode: 'direct', directUrl: 'prom:9090' }), 'present', ORIGIN)).toBeUndefined();
  });

  it('a direct URL must be plain http(s): no other scheme, credentials, query or fragment', () => {
    expect(checkDirectUrl(' https://mimir.example/prometheus/ ')).toEqual({ ok: true, url: 'https://mimir.example/prometheus' });
    expect(checkDirectUrl('javascript:alert(1)').ok).toBe(false);
    expect(checkDirectUrl('file:///etc/passwd').ok).toBe(false);
    expect(checkDirectUrl('http://user:pw@prom:9090').ok).toBe(false);
    expect(checkDirectUrl('http://prom:9090/?x=1').ok).toBe(false);
    expect(checkDirectUrl('').ok).toBe(false);
  });

  it('a tenant is a Mimir tenant ID: no spaces, slashes or markup', () => {
    expect(checkTenant('team-a_1')).toBeUndefined();
    expect(checkTenant('a/b')).toBeDefined();
    expect(checkTenant('<b>')).toBeDefined();
  });
});
