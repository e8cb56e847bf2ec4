import { describe, expect, it } from 'vitest';
import { compile } from '../../src/core/index.ts';
import { checkGoTemplate, templateSkeleton } from '../../src/core/templates/go-template.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { TEMPLATE_CASES } from '../helpers/template-cases.ts';

const valid = (t: string): boolean => checkGoTemplate(t).length === 0;

/** Every annotation and label value of every example's alert rules. */
function generatedTemplates(): string[] {
  const out: string[] = [];
  for (const file of readdirSync('examples').filter((f) => f.endsWith('.yaml'))) {
    const r = compile({ file, text: readFileSync(`examples/${file}`, 'utf8') });
    for (const a of r.bundle?.artifacts ?? []) {
      const groups = (a.data as { groups?: { rules: { labels?: object; annotations?: object }[] }[] }).groups ?? [];
      for (const g of groups) for (const rule of g.rules) out.push(...Object.values({ ...rule.labels, ...rule.annotations }).map(String));
    }
  }
  return out;
}

describe('a template skeleton keeps the verdict and drops what differs per SLO', () => {
  it('gets the same verdict as the text on every edge case, wrapped in text and with string contents varied', () => {
    for (const c of TEMPLATE_CASES) {
      for (const t of [c, `before ${c} after`, c.replace(/"([^"\\\n]+)"/g, '"other $1 text"'), c.replaceAll('"', '"\\n')]) {
        expect(valid(templateSkeleton(t)), JSON.stringify(t)).toBe(valid(t));
      }
    }
  });

  it('gets the same verdict on random text made of the characters that matter to the lexer', () => {
    const alphabet = [
      '{{',
      '}}',
      '"',
      "'",
      '`',
      '\\',
      '\n',
      ' ',
      'x',
      '$value',
      '|',
      '(',
      ')',
      '/*',
      '*/',
      '-',
      'end',
      'if ',
      'printf',
      '1',
    ];
    let seed = 11;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    let invalid = 0;
    for (let n = 0; n < 5000; n++) {
      let t = '';
      const length = next() % 12;
      for (let i = 0; i < length; i++) t += alphabet[next() % alphabet.length];
      if (!valid(t)) invalid++;
      expect(valid(templateSkeleton(t)), JSON.stringify(t)).toBe(valid(t));
    }
    // Both verdicts occur, so the comparison means something.
    expect(invalid).toBeGreaterThan(500);
    expect(invalid).toBeLessThan(4500);
  });

  it('is the same for the same annotation of two SLOs, and keeps the actions as written', () => {
    const a = `The a SLO is burning {{ $value | printf "%.1f" }}× fast. Left: {{ with query "x{slo='a'}" }}{{ . | first | value }}{{ end }}.`;
    const b = a.replace("slo='a'", "slo='checkout-latency'").replace('The a SLO', 'The checkout-latency SLO');
    expect(templateSkeleton(a)).toBe(templateSkeleton(b));
    expect(templateSkeleton(a)).toBe('{{ $value | printf "" }}{{ with query "" }}{{ . | first | value }}{{ end }}');
    // Strings with escapes are kept: their escapes are the lexer's business.
    expect(templateSkeleton('{{ "a\\"b" }}')).toBe('{{ "a\\"b" }}');
  });

  it('gets the same verdict on every template the examples generate', () => {
    const all = generatedTemplates();
    expect(all.filter((t) => t.includes('{{')).length).toBeGreaterThan(50);
    for (const t of all) expect(valid(templateSkeleton(t)), t).toBe(valid(t));
  });
});
