/**
 * The artifact generators, in the order their files are written. Adding an artifact = one
 * generator folder + one line here.
 */
import { alertmanagerGenerator } from './alertmanager/index.ts';
import { alertsGenerator, fleetAlertsGenerator } from './alerts/index.ts';
import { dashboardGenerator } from './dashboard/index.ts';
import { openSloGenerator, slothGenerator } from './exports/index.ts';
import { lokiGenerator } from './loki/index.ts';
import { pagerDutyGenerator } from './pagerduty/index.ts';
import { recordingRulesGenerator } from './recording-rules/index.ts';
import type { Generator } from './types.ts';

export const GENERATORS: Generator[] = [
  recordingRulesGenerator,
  alertsGenerator,
  fleetAlertsGenerator,
  dashboardGenerator,
  lokiGenerator,
  slothGenerator,
  openSloGenerator,
  pagerDutyGenerator,
  alertmanagerGenerator,
];
