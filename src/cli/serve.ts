/** Runs an HTTP server until SIGINT/SIGTERM; shared by `nthlayer proxy` and `nthlayer studio`. */
import type { Server } from 'node:http';
import { CliError } from './errors.ts';
import { EXIT } from './exit-codes.ts';
import type { Io } from './io.ts';

/** Resolves with the exit code once the server has closed (or could not listen). */
export function serveUntilStopped(server: Server, port: number, host: string, io: Io, ready: (url: string) => string): Promise<number> {
  return new Promise((resolvePromise) => {
    server.on('error', (e) => {
      io.err(`nthlayer: ${e.message}`);
      resolvePromise(EXIT.cannotWrite);
    });
    server.listen(port, host, () => {
      const addr = server.address();
      const actual = typeof addr === 'object' && addr ? addr.port : port;
      io.err(ready(`http://${host.includes(':') ? `[${host}]` : host}:${actual}/`));
    });
    const stop = (): void => {
      server.closeAllConnections();
      server.close(() => resolvePromise(EXIT.ok));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`invalid port ${text}`, EXIT.usage, 'a port is a number from 0 to 65535 (0 picks a free one)');
  return port;
}
