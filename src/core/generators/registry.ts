/**
 * The artifact generators, in the order their files are written. Adding an artifact = one
 * generator folder + one line here.
 */
import type { Generator } from './types.ts';

export const GENERATORS: Generator[] = [];
