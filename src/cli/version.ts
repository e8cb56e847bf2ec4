/**
 * `nthlayer --version`, read from package.json — the same place the core's GENERATOR_VERSION comes
 * from — without loading the core, so the answer costs no more than starting Node.
 */
import packageJson from '../../package.json' with { type: 'json' };

export const CLI_VERSION: string = packageJson.version;
