/** `manifest.json`: what was generated, from which spec, by which version. No timestamps. */
import { GENERATOR_NAME, GENERATOR_VERSION } from '../../conventions.ts';
import type { ServiceModel } from '../../model/types.ts';
import { formatDuration, seconds } from '../../units.ts';
import type { RuleGroup } from '../rules.ts';
import { sloCosts, type SloCost } from '../slo/cost.ts';

const EVALUATION_INTERVAL = seconds(60);

export interface ManifestFile {
  path: string;
  bytes: number;
  hash: string;
  counts: Record<string, number>;
}

export interface Manifest {
  generator: { name: string; version: string };
  service: { name: string; team: string; tier: string; type: string; supportModel: string; environment: string | null };
  specHash: string;
  slos: { name: string; objective: number; window: string; sli: string }[];
  technologies: string[];
  files: ManifestFile[];
  totals: Record<string, number>;
  /** Evaluation cost of the SLO rules next to Sloth's shape for the same SLOs. */
  cost: { assumptions: { scrapeInterval: string; evaluationInterval: string }; slos: SloCost[] };
  metadata: Record<string, unknown>;
}

export function buildManifest(
  model: ServiceModel,
  specHash: string,
  files: ManifestFile[],
  ruleGroups: readonly RuleGroup[] = [],
): Manifest {
  const totals: Record<string, number> = {};
  for (const f of files) for (const [k, v] of Object.entries(f.counts)) totals[k] = (totals[k] ?? 0) + v;
  return {
    generator: { name: GENERATOR_NAME, version: GENERATOR_VERSION },
    service: {
      name: model.name,
      team: model.team,
      tier: model.tier,
      type: model.type,
      supportModel: model.supportModel,
      environment: model.environment ?? null,
    },
    specHash,
    slos: model.slos.map((s) => ({
      name: s.name,
      objective: s.objectivePercent,
      window: formatDuration(s.window),
      sli: s.sli.kind === 'events' && s.sli.latency ? 'latency' : s.sli.kind,
    })),
    technologies: [...model.technologies],
    files,
    totals: Object.fromEntries(Object.entries(totals).sort(([a], [b]) => a.localeCompare(b))),
    cost: {
      assumptions: {
        scrapeInterval: formatDuration(model.observability.scrapeInterval),
        evaluationInterval: formatDuration(EVALUATION_INTERVAL),
      },
      slos: sloCosts(model, ruleGroups, { scrapeInterval: model.observability.scrapeInterval, evaluationInterval: EVALUATION_INTERVAL }),
    },
    metadata: model.metadata,
  };
}
