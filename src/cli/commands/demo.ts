import { DemoError, startDemo } from '../../demo/run.ts';
import { EXIT } from '../exit-codes.ts';
import type { Io } from '../output.ts';

export async function demoCommand(opts: { port: string; prometheusPort: string; dir: string }, io: Io): Promise<number> {
  try {
    const demo = await startDemo({ port: Number(opts.port), prometheusPort: Number(opts.prometheusPort), dir: opts.dir, log: (s) => io.err(s) });
    io.out(`\nPrometheus with a week of data: ${demo.prometheusUrl}`);
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
