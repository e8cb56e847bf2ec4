/** `manifest.json`: what was generated, from which spec, by which version. No timestamps. */
import { GENERATOR_NAME, GENERATOR_VERSION } from '../../conventions.ts';
import type { ServiceModel } from '../../model/types.ts';

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
  metadata: Record<string, unknown>;
}

export function buildManifest(model: ServiceModel, specHash: string, files: ManifestFile[], windowText: (s: number) => string): Manifest {
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
      window: windowText(s.window),
      sli: s.sli.kind === 'events' && s.sli.latency ? 'latency' : s.sli.kind,
    })),
    technologies: [...model.technologies],
    files,
    totals: Object.fromEntries(Object.entries(totals).sort(([a], [b]) => a.localeCompare(b))),
    metadata: model.metadata,
  };
}
