/**
 * Service drafts → NthLayer spec text. One spec per service, SLOs in the order they were read,
 * with a header naming the sources, a comment above each SLO saying where it came from and
 * what could not be carried over, and TODO comments where NthLayer needs a value the source
 * formats do not have (the owning team above all).
 */
import { Document, isMap, isScalar, isSeq, type Scalar } from 'yaml';
import { GENERATOR_NAME } from '../conventions.ts';
import type { ServiceDraft } from './drafts.ts';
import type { ImportedSpec } from './types.ts';

/** NthLayer needs an owning team; no source format has one, so this placeholder is written with a TODO. */
export const PLACEHOLDER_TEAM = 'unassigned';
const DEFAULT_TIER = 'standard';
const DEFAULT_TYPE = 'api';

export function assemble(drafts: readonly ServiceDraft[]): ImportedSpec[] {
  const out: ImportedSpec[] = [];
  for (const s of drafts) {
    // Two definitions of one SLO: the first wins, the second is an error at its own place.
    const seen = new Map<string, ServiceDraft['slos'][number]>();
    const slos = s.slos.filter((slo) => {
      const first = seen.get(slo.name);
      if (!first) {
        seen.set(slo.name, slo);
        return true;
      }
      slo.r.report(
        slo.at,
        'error',
        'import/duplicate-slo',
        `SLO \`${slo.name}\` of service \`${s.name}\` is already defined at ${first.place.file}:${first.place.line}; this one was not imported`,
        'rename one of them, or import the two files separately with --service',
      );
      return false;
    });
    if (slos.length === 0) {
      s.r.report(
        s.at,
        'warning',
        'import/no-slos',
        `no SLO of service \`${s.name}\` could be imported, so no spec is written for it`,
        undefined,
        'key',
      );
      continue;
    }
    const todo: Record<string, string> = {};
    if (!s.team) {
      s.r.report(
        s.at,
        'warning',
        'import/no-team',
        `the source has no owning team for \`${s.name}\`: the spec says team: ${PLACEHOLDER_TEAM}`,
        'set service.team before deploying; it labels every alert and names the PagerDuty team',
        'key',
      );
      todo.team = ' TODO: set the owning team (the source has none)';
    }
    if (!s.tier) {
      s.r.report(
        s.at,
        'info',
        'import/default-tier',
        `no tier in the source: the spec says tier: ${DEFAULT_TIER}`,
        'set service.tier: critical, high, standard or low',
        'key',
      );
      todo.tier = ' TODO: check the tier (critical, high, standard, low)';
    }
    if (!s.type) todo.type = ' TODO: check the type (api, web, worker, stream, batch, database)';

    const service: Record<string, unknown> = {
      name: s.name,
      team: s.team?.value ?? PLACEHOLDER_TEAM,
      tier: s.tier?.value ?? DEFAULT_TIER,
      type: s.type?.value ?? DEFAULT_TYPE,
    };
    if (s.supportModel && s.supportModel.value !== 'self') service.support_model = s.supportModel.value;
    if (s.description) service.description = s.description.value;
    if (Object.keys(s.labels).length > 0) service.labels = s.labels;
    const spec = {
      service,
      resources: slos.map((slo) => ({ kind: 'SLO', name: slo.name, spec: slo.spec })),
    };
    const header = [
      ` Imported by ${GENERATOR_NAME} from ${s.files.join(', ')} (${s.formats.join(', ')}).`,
      ` Review the TODOs and the notes above each SLO, then run: nthlayer validate ${s.name}.yaml`,
    ];
    const comments = slos.map((slo) => [
      ` from ${slo.place.file}:${slo.place.line}${slo.place.path ? ` (${slo.place.path})` : ''}`,
      ...slo.notes.map((n) => ` ${n}`),
    ]);
    out.push({
      service: s.name,
      file: `${s.name}.yaml`,
      text: render(spec, header, todo, comments),
      sources: [...s.files],
      slos: slos.length,
    });
  }
  return out;
}

function render(
  spec: { service: Record<string, unknown>; resources: unknown[] },
  header: string[],
  todo: Record<string, string>,
  comments: string[][],
): string {
  const doc = new Document(spec, { aliasDuplicateObjects: false });
  doc.commentBefore = header.join('\n');
  const service = doc.get('service', true);
  if (isMap(service)) {
    for (const [key, comment] of Object.entries(todo)) {
      const node = service.get(key, true);
      if (isScalar(node)) (node as Scalar).comment = comment;
    }
  }
  const resources = doc.get('resources', true);
  if (isSeq(resources)) {
    resources.items.forEach((item, i) => {
      const lines = comments[i];
      if (lines && isMap(item)) item.commentBefore = lines.join('\n');
    });
  }
  return doc.toString({
    indent: 2,
    lineWidth: 0,
    minContentWidth: 0,
    blockQuote: 'literal',
    defaultStringType: 'PLAIN',
    defaultKeyType: 'PLAIN',
    singleQuote: true,
  });
}
