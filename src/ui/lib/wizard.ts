/**
 * The new-spec wizard (the seed's `init`): service type, tier and technologies in, a valid
 * `service.yaml` out, with SLOs and queries that fit the service type.
 */
import { DEPENDENCY_TECHNOLOGIES, type DependencyTechnology, initSpec, SERVICE_TYPES, TIERS } from '../../core/index.ts';

export type WizardServiceType = (typeof SERVICE_TYPES)[number];
export type WizardTier = (typeof TIERS)[number];

export interface WizardInput {
  name: string;
  team: string;
  type: WizardServiceType;
  tier: WizardTier;
  technologies: DependencyTechnology[];
}

export const WIZARD_TYPES = SERVICE_TYPES;
export const WIZARD_TIERS = TIERS;
export const WIZARD_TECHNOLOGIES = DEPENDENCY_TECHNOLOGIES;

const NAME_RE = /^[a-z][a-z0-9-]*$/;

export function wizardErrors(input: WizardInput): Partial<Record<'name' | 'team', string>> {
  const errors: Partial<Record<'name' | 'team', string>> = {};
  if (!NAME_RE.test(input.name)) errors.name = 'lowercase letters, digits and dashes, starting with a letter (e.g. payment-api)';
  if (input.team.trim() === '' || /[\n"]/.test(input.team)) errors.team = 'the owning team, e.g. payments';
  return errors;
}

/** The spec the wizard creates: the same text as `nthlayer init` with the same answers. */
export function wizardSpec(input: WizardInput): string {
  return initSpec(input, 'the NthLayer Studio wizard');
}
