/**
 * Where alerts.yaml gets its technology alert packs from. Keeping the list in one place lets
 * alerts.yaml stay one file with one header (and one CC BY 4.0 attribution).
 */
import type { ServiceModel } from '../../model/types.ts';
import { ALERT_PACK_ATTRIBUTION, technologyAlertGroups } from '../alert-packs/index.ts';
import type { RuleGroup } from '../rules.ts';

export interface AlertPackSource {
  groups: (model: ServiceModel) => RuleGroup[];
  /** Header lines (licence attribution) written when the source contributes any rule. */
  attribution: string[];
}

export const ALERT_PACK_SOURCES: AlertPackSource[] = [
  { groups: technologyAlertGroups, attribution: ALERT_PACK_ATTRIBUTION },
];
