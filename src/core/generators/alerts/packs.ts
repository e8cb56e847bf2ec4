/**
 * Where alerts.yaml gets its technology alert packs from. The alert-packs generator adds itself
 * here; keeping the list in one place lets alerts.yaml stay one file with one header.
 */
import type { ServiceModel } from '../../model/types.ts';
import type { RuleGroup } from '../rules.ts';

export interface AlertPackSource {
  groups: (model: ServiceModel) => RuleGroup[];
  /** Header lines (licence attribution) written when the source contributes any rule. */
  attribution: string[];
}

export const ALERT_PACK_SOURCES: AlertPackSource[] = [];
