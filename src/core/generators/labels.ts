/** Labels every technology alert carries (Prometheus packs and Loki rules alike), for routing. */
import { LABELS } from '../conventions.ts';
import type { ServiceModel } from '../model/types.ts';

export function technologyAlertLabels(model: ServiceModel, technology: string, severity: string): Record<string, string> {
  return {
    [LABELS.severity]: severity,
    [LABELS.service]: model.name,
    [LABELS.team]: model.team,
    [LABELS.tier]: model.tier,
    [LABELS.routing]: model.supportModel,
    [LABELS.technology]: technology,
  };
}
