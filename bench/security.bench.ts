/**
 * Issue #19: validation time must grow linearly with file size for the pathological shapes
 * (thousands of `${var}` findings in one block scalar, 160 000 on one line, one per scalar, a
 * mapping with 160 000 keys). Each shape is compiled at ~55 kB and at ~990 kB, next to a bare
 * `yaml` parse of the same text (itself linear). Linear validation keeps "compile / bare parse"
 * about the same at both sizes; the old quadratic positioning made it grow about 18-fold.
 */
import { parseDocument } from 'yaml';
import { compile } from '../src/core/index.ts';
import { fmt, time, type Benchmark } from './harness.ts';
import { SHAPES } from './pathological.ts';

export const securityBenchmark: Benchmark = {
  name: 'security: validation time vs file size for pathological shapes',
  run() {
    console.log('| shape | size | bare yaml parse | compile | compile / parse | growth of that ratio, 55 kB → 990 kB |');
    console.log('|---|---|---|---|---|---|');
    for (const [name, make] of Object.entries(SHAPES)) {
      const ratios: number[] = [];
      for (const size of [55_000, 990_000]) {
        const text = make(size);
        const runs = size > 100_000 ? 3 : 9;
        const bare = time(() => parseDocument(text, { uniqueKeys: false }), runs, 1);
        const full = time(() => compile({ file: 'svc.yaml', text }), runs, 1);
        ratios.push(full / bare);
        const growth = ratios.length === 2 ? `${(ratios[1]! / ratios[0]!).toFixed(2)}×` : '';
        console.log(
          `| ${name} | ${(text.length / 1000).toFixed(0)} kB | ${fmt(bare)} | ${fmt(full)} | ${(full / bare).toFixed(1)}× | ${growth} |`,
        );
      }
    }
  },
};
