import { readFileSync } from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { countLabel } from '../lib/format.ts';
import { tokenizeLine } from '../lib/highlight.ts';
import { nextProblem } from '../lib/markers.ts';
import { runCompile } from '../preview/compile-request.ts';
import { FileView } from './FileView.tsx';
import { planText } from '../../core/index.ts';
import { ProblemsPanel } from './ProblemsPanel.tsx';
import { SloView } from './SloView.tsx';

const result = runCompile(
  {
    seq: 1,
    file: 'examples/payment-api.yaml',
    text: readFileSync('examples/payment-api.yaml', 'utf8'),
    environment: '',
    environmentFiles: [],
  },
  () => 0,
);

describe('SloView', () => {
  it('shows objective, budget minutes and each tier threshold', () => {
    const html = renderToStaticMarkup(createElement(SloView, { slos: result.slos ?? [] }));
    expect(html).toContain('data-testid="slo-availability"');
    expect(html).toContain('99.95%');
    expect(html).toContain('21.6 min'); // 0.05% of 30 days
    expect(html).toMatch(/data-testid="threshold-page_fast">0.72%</);
    expect(html).toContain('14.4×');
    // Derived ratios are rounded for reading; objectives stay exact.
    expect(html).not.toMatch(/\d\.\d{3,}%/);
  });

  it('without SLOs it explains how to add one', () => {
    expect(renderToStaticMarkup(createElement(SloView, { slos: [] }))).toContain('no SLOs');
  });
});

describe('FileView', () => {
  it('renders generated content as text, never as markup', () => {
    const html = renderToStaticMarkup(
      createElement(FileView, { file: { path: 'svc/alerts.yaml', content: 'a: "<img src=x onerror=alert(1)>"\n', bytes: 33, hash: '0' } }),
    );
    expect(html).toContain('&lt;img src=x');
    expect(html).not.toContain('<img');
    expect(html).toContain('Download');
  });
});

describe('ProblemsPanel', () => {
  it('lists diagnostics as file:line:column with the message and hint', () => {
    const html = renderToStaticMarkup(
      createElement(ProblemsPanel, {
        specPath: 'examples/a.yaml',
        canOpen: () => false,
        onJump: () => undefined,
        diagnostics: [
          {
            severity: 'error',
            message: 'bad objective',
            path: 'resources[0].spec.objective',
            file: 'examples/a.yaml',
            line: 9,
            column: 7,
            endLine: 9,
            endColumn: 12,
            hint: 'use 99.9',
            code: 'x',
          },
        ],
      }),
    );
    expect(html).toContain('a.yaml:9:7');
    expect(html).toContain('bad objective');
    expect(html).toContain('hint: use 99.9');
    expect(html).toContain('1 error, 0 warnings, 0 notes');
  });

  it('a problem in another open document (an override file) can be opened; one in no document cannot', () => {
    const d = { severity: 'warning' as const, message: 'm', path: 'p', line: 3, column: 1, endLine: 3, endColumn: 2, code: 'x' };
    const html = renderToStaticMarkup(
      createElement(ProblemsPanel, {
        specPath: 'svc/a.yaml',
        canOpen: (f: string) => f === 'svc/environments/prod.yaml',
        onJump: () => undefined,
        diagnostics: [
          { ...d, file: 'svc/environments/prod.yaml' },
          { ...d, file: 'elsewhere.yaml' },
        ],
      }),
    );
    expect(html).toMatch(/title="Open svc\/environments\/prod.yaml at this line"/);
    expect(html).toMatch(/disabled=""[^>]*title="In elsewhere.yaml"/);
  });
});

describe('highlighting', () => {
  it('a YAML line splits into key, value and comment', () => {
    expect(tokenizeLine('  objective: 99.9  # three nines', 'yaml').map((t) => [t.kind, t.text])).toEqual([
      ['punct', '  '],
      ['key', 'objective'],
      ['punct', ':'],
      ['plain', ' '],
      ['number', '99.9  '],
      ['comment', '# three nines'],
    ]);
  });

  it('a hash inside a quoted YAML string is not a comment', () => {
    expect(tokenizeLine('summary: "a # b"', 'yaml').some((t) => t.kind === 'comment')).toBe(false);
  });

  it('JSON keys and values get different kinds', () => {
    expect(
      tokenizeLine('  "unit": "percentunit", "w": 12', 'json')
        .filter((t) => t.kind !== 'plain' && t.kind !== 'punct')
        .map((t) => t.kind),
    ).toEqual(['key', 'string', 'key', 'number']);
  });
});

describe('plan text', () => {
  it('reads like `nthlayer plan`: service, SLOs, technologies, files with sizes', () => {
    const text = planText(result.plan!);
    expect(text).toMatch(/^payment-api \(payments, tier critical, api\)\n/);
    expect(text).toContain('  - availability: 99.95% over 30d (availability)');
    expect(text).toMatch(/ {2}payment-api\/manifest\.json \(\d+ bytes\)\n$/);
  });
});

describe('plan labels', () => {
  it('count keys read as words', () => {
    expect(['recordingRules', 'openSloDocuments', 'pagerdutyResources', 'panels', 'technologyAlerts'].map(countLabel)).toEqual([
      'recording rules',
      'OpenSLO documents',
      'PagerDuty resources',
      'panels',
      'technology alerts',
    ]);
  });
});

describe('problem navigation', () => {
  const d = (line: number, severity: 'error' | 'warning' | 'info' = 'error') => ({
    severity,
    message: '',
    path: '',
    file: 'a.yaml',
    line,
    column: 1,
    endLine: line,
    endColumn: 2,
    code: 'x',
  });
  it('F8 goes to the next error after the cursor and wraps to the first', () => {
    const list = [d(3), d(9, 'info'), d(12, 'warning')];
    expect(nextProblem(list, 5, 1)?.line).toBe(12);
    expect(nextProblem(list, 12, 1)?.line).toBe(3);
  });
  it('Shift+F8 goes backwards and wraps to the last', () => {
    const list = [d(3), d(12)];
    expect(nextProblem(list, 5, 1, -1)?.line).toBe(3);
    expect(nextProblem(list, 2, 1, -1)?.line).toBe(12);
  });
});
