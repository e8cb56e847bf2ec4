/**
 * `npm run bench`: every benchmark reports medians next to a baseline measured in the same
 * process, and the ratio is the figure to quote (never an absolute time).
 */
import { benchmarks } from './benchmarks.ts';

const only = process.argv.slice(2);
for (const b of benchmarks) {
  if (only.length > 0 && !only.includes(b.name)) continue;
  console.log(`\n## ${b.name}`);
  await b.run();
}
