/** The benchmark list; each module exports one {@link Benchmark}. Add a line to add one. */
import { backtestBenchmark } from './backtest.bench.ts';
import { coldStartBenchmark } from './cold-start.bench.ts';
import { generateBenchmark } from './generate.bench.ts';
import type { Benchmark } from './harness.ts';
import { importBenchmark } from './import.bench.ts';
import { liveBenchmark } from './live.bench.ts';
import { securityBenchmark } from './security.bench.ts';
import { specBenchmark } from './spec.bench.ts';
import { studioBenchmark } from './studio.bench.ts';

export const benchmarks: Benchmark[] = [
  specBenchmark,
  generateBenchmark,
  importBenchmark,
  liveBenchmark,
  studioBenchmark,
  coldStartBenchmark,
  securityBenchmark,
  backtestBenchmark,
];
