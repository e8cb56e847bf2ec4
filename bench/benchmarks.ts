/** The benchmark list; each module exports one {@link Benchmark}. Add a line to add one. */
import type { Benchmark } from './harness.ts';
import { generateBenchmark } from './generate.bench.ts';
import { specBenchmark } from './spec.bench.ts';
import { studioBenchmark } from './studio.bench.ts';

export const benchmarks: Benchmark[] = [specBenchmark, generateBenchmark, studioBenchmark];
