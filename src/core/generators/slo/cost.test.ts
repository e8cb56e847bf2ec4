import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compile } from '../../index.ts';
import type { Manifest } from '../manifest/manifest.ts';
import type { AlertingRule, RecordingRule, RuleFile } from '../rules.ts';
import { samplesRead } from './cost.ts';

const compiled = (f: string) => compile({ file: f, text: readFileSync(`examples/${f}`, 'utf8') });
const fileOf = (r: ReturnType<typeof compiled>, name: string) => r.bundle!.files.find((f) => f.path.endsWith(`/${name}`))?.content;

describe('rule cost in manifest.json', () => {
  for (const f of readdirSync('examples').filter((x) => x.endsWith('.yaml'))) {
    it(`${f}: rules, series and samples equal a walk over the rules the files contain`, () => {
      const r = compiled(f);
      const manifest = JSON.parse(fileOf(r, 'manifest.json')!) as Manifest;
      const assumptions = { scrapeInterval: r.model!.observability.scrapeInterval, evaluationInterval: 60 } as Parameters<
        typeof samplesRead
      >[1];
      const rules = ['recording-rules.yaml', 'alerts.yaml'].flatMap((n) => {
        const text = fileOf(r, n);
        return text ? (parse(text) as RuleFile).groups.flatMap((g) => g.rules as (RecordingRule | AlertingRule)[]) : [];
      });
      for (const c of manifest.cost.slos) {
        const own = rules.filter((x) => x.labels?.slo === c.slo);
        expect(c.nthlayer.rules).toBe(own.length);
        expect(c.nthlayer.recordedSeries).toBe(own.filter((x) => 'record' in x).length);
        expect(c.nthlayer.samplesPerEvaluation.inputSeries100).toBe(
          samplesRead(
            own.map((x) => x.expr),
            assumptions,
            100,
          ),
        );
      }
      expect(manifest.cost.slos.map((c) => c.slo)).toEqual(r.model!.slos.map((s) => s.name));
    });
  }

  it('reads far less raw data than Sloth when selectors match many series', () => {
    const c = (JSON.parse(fileOf(compiled('payment-api.yaml'), 'manifest.json')!) as Manifest).cost.slos[0]!;
    expect(c.nthlayer.rules).toBe(18); // 13 recording rules, 4 burn-rate tiers, 1 no-data alert
    expect(c.sloth.rules).toBe(17);
    expect(c.nthlayer.samplesPerEvaluation.inputSeries100 * 10).toBeLessThan(c.sloth.samplesPerEvaluation.inputSeries100);
  });
});
