/**
 * The artifact generators, in the order their files are written. Adding an artifact = one
 * generator folder + one line here.
 */
import { alertsGenerator } from './alerts/index.ts';
import { openSloGenerator, slothGenerator } from './exports/index.ts';
import { recordingRulesGenerator } from './recording-rules/index.ts';
import type { Generator } from './types.ts';

export const GENERATORS: Generator[] = [
  recordingRulesGenerator,
  alertsGenerator,
  slothGenerator,
  openSloGenerator,
];
