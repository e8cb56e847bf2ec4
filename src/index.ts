/**
 * `import { compile, generate } from 'nthlayer'`: the library entry. Everything here comes from the
 * core's public entry (src/core/index.ts), so the library and the CLI write the same bytes; the
 * browser-safe build of the same core is `nthlayer/core`.
 */
export * from './core/index.ts';
