import { readFileSync } from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FILES } from '../../core/conventions.ts';
import { compile } from '../../core/index.ts';
import { minutesText, parsePagerDutyConfig } from './config.ts';
import { EscalationTimeline } from './EscalationTimeline.tsx';

function configOf(file: string, text = readFileSync(file, 'utf8')) {
  const r = compile({ file, text });
  const f = r.bundle!.files.find((x) => x.path.endsWith(FILES.pagerduty))!;
  return parsePagerDutyConfig(f.content)!;
}

describe('EscalationTimeline', () => {
  it('draws each level at its start time, with the loop count', () => {
    const html = renderToStaticMarkup(createElement(EscalationTimeline, { config: configOf('examples/order-api.yaml') }));
    expect(html).toContain('commerce-escalation');
    expect(html).toMatch(/data-testid="level-primary"[^>]*left:0%;width:10%/);
    expect(html).toMatch(/data-testid="level-secondary"[^>]*left:10%;width:30%/);
    expect(html).toMatch(/data-testid="level-manager"[^>]*left:40%;width:60%/);
    expect(html).toContain('↻ repeats 3×');
    expect(html).toContain('4 passes, 3 h 20 min in all');
    expect(html).toContain('Mon-Fri 09:00-18:00');
    expect(html).toContain('data-testid="orchestration"');
  });

  it('a low-tier service has one level and no loops', () => {
    const html = renderToStaticMarkup(
      createElement(EscalationTimeline, {
        config: configOf(
          'examples/nightly-etl.yaml',
          'service:\n  name: nightly-etl\n  team: analytics\n  tier: low\n  type: batch\nresources:\n  - kind: PagerDuty\n    name: pd\n    spec:\n      urgency: low\n',
        ),
      }),
    );
    expect(html).toContain('data-testid="level-primary"');
    expect(html).not.toContain('level-secondary');
    expect(html).toContain('no loops');
  });

  it('renders spec text as text, never as markup', () => {
    const config = configOf('examples/order-api.yaml');
    const evil = { ...config, team: '<img src=x onerror=alert(1)>', notes: ['<script>alert(1)</script>'] };
    const html = renderToStaticMarkup(createElement(EscalationTimeline, { config: evil }));
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;img src=x');
  });

  it('parsePagerDutyConfig refuses text that is not a pagerduty-config.json', () => {
    expect(parsePagerDutyConfig('not json')).toBeUndefined();
    expect(parsePagerDutyConfig('{"service": "x"}')).toBeUndefined();
    expect(minutesText(90)).toBe('1 h 30 min');
  });
});
