/**
 * The technologies a dependency's `type:` can name, each with a line a person reads when choosing
 * one (editors show it beside the completion), and the resource kinds with theirs.
 */
import { RESOURCE_KINDS, RESOURCE_SCHEMAS } from '../spec/schema.ts';
import { DEPENDENCY_TECHNOLOGIES, technologyAliases } from './ids.ts';
import { TECHNOLOGIES } from './registry.ts';

export interface CatalogEntry {
  /** What to write: `postgresql`, `SLO`. */
  value: string;
  /** One line: what choosing it gives. */
  detail: string;
  /** Other names accepted for it (`pg`, `postgres` …). */
  aliases: string[];
}

export function dependencyTypeCatalog(): CatalogEntry[] {
  return DEPENDENCY_TECHNOLOGIES.map((id) => {
    const t = TECHNOLOGIES[id];
    return {
      value: id,
      detail: `${t.title} via ${t.exporter.name}: a dashboard row of ${t.panels.length} panels, ${t.alerts.length} alerts and ${t.logs.length} log rules`,
      aliases: technologyAliases(id),
    };
  });
}

export function resourceKindCatalog(): CatalogEntry[] {
  return RESOURCE_KINDS.map((kind) => ({ value: kind, detail: RESOURCE_SCHEMAS[kind].description ?? kind, aliases: [] }));
}
