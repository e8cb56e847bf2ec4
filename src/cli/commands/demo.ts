import { DemoError, startDemo } from '../../demo/run.ts';
import { EXIT } from '../exit-codes.ts';
import type { Io } from '../output.ts';

export async function demoCommand(
  opts: { port: string; prometheusPort: string; dir: string; scrapeInterval: string; build: boolean },
  io: Io,
): Promise<number> {
  const scrape = Number(opts.scrapeInterval);
  if (!Number.isInteger(scrape) || scrape < 1 || scrape > 300) {
    io.err(`nthlayer demo: --scrape-interval must be whole seconds from 1 to 300, not ${JSON.stringify(opts.scrapeInterval)}`);
    return EXIT.usage;
  }
  try {
    const demo = await startDemo({
      port: Number(opts.port),
      prometheusPort: Number(opts.prometheusPort),
      dir: opts.dir,
      log: (s) => io.err(s),
      scrapeIntervalSeconds: scrape,
      skipBuild: !opts.build,
    });
    io.out(`\nReady in ${(demo.readyMs / 1000).toFixed(1)} s.`);
    io.out(`Prometheus with a week of data, scraping a live synthetic exporter every ${scrape} s: ${demo.prometheusUrl}`);
    io.out(`Studio, connected through the proxy: ${demo.studioUrl}`);
    io.out('\nTry:');
    io.out(`  npx nthlayer verify examples/checkout-service.yaml -p ${demo.prometheusUrl}      # missing exporters → exit 1`);
    io.out(`  npx nthlayer slo collect examples/order-api.yaml -p ${demo.prometheusUrl}        # a service burning its budget`);
    io.out(`  npx nthlayer check-deploy examples/payment-api.yaml -p ${demo.prometheusUrl}     # healthy → exit 0`);
    io.out('\nCtrl-C stops everything.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await demo.stop();
    return EXIT.ok;
  } catch (e) {
    if (e instanceof DemoError) {
      io.err(`nthlayer demo: ${e.message}`);
      return EXIT.unavailable;
    }
    throw e;
  }
}
