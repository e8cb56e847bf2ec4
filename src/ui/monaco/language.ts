/**
 * NthLayer's own editor features on top of monaco-yaml's schema support: completion for a
 * dependency's `type:` and a resource's `kind:` (each with a line of documentation from the core's
 * catalog), a snippet per resource kind, and quick fixes from the core's diagnostics (the
 * did-you-mean suggestion first, marked preferred so Ctrl+. applies it).
 */
import type * as Monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import { dependencyTypeCatalog, resourceKindCatalog, type CatalogEntry, type Diagnostic } from '../../core/index.ts';
import { isDependencyType, isResourceKind, yamlContextAt } from './yaml-context.ts';

type MonacoApi = typeof Monaco;

/** The core's diagnostics per model (by URI), for the quick-fix provider. */
const diagnosticsByModel = new Map<string, readonly Diagnostic[]>();

export function setModelDiagnostics(uri: string, diagnostics: readonly Diagnostic[]): void {
  diagnosticsByModel.set(uri, diagnostics);
}

/** One snippet per resource kind: the fields a person fills in first, with tab stops. */
const RESOURCE_SNIPPETS: Readonly<Record<string, string>> = {
  SLO: [
    'kind: SLO',
    'name: ${1:availability}',
    'spec:',
    '  objective: ${2:99.9}',
    '  window: ${3:30d}',
    '  indicator:',
    '    type: availability',
    '    success_ratio:',
    '      total_query: ${4:sum(rate(http_requests_total{service="\\${service\\}"\\}[5m]))}',
    '      error_query: ${5:sum(rate(http_requests_total{service="\\${service\\}",code=~"5.."\\}[5m]))}',
  ].join('\n'),
  Dependencies: [
    'kind: Dependencies',
    'name: ${1:dependencies}',
    'spec:',
    '  databases:',
    '    - name: ${2:orders-db}',
    '      type: ${3:postgresql}',
    '      criticality: ${4|critical,high,medium,low|}',
  ].join('\n'),
  Observability: [
    'kind: Observability',
    'name: ${1:observability}',
    'spec:',
    '  scrape_interval: ${2:30s}',
    '  logs:',
    '    selector: \'${3:{app="my-service"\\}}\'',
  ].join('\n'),
  PagerDuty: ['kind: PagerDuty', 'name: ${1:primary}', 'spec:', '  urgency: ${2|high,low|}', '  auto_create: ${3|true,false|}'].join('\n'),
  DeploymentGate: [
    'kind: DeploymentGate',
    'name: ${1:error-budget}',
    'spec:',
    '  thresholds:',
    '    warning: ${2:25}',
    '    blocking: ${3:10}',
  ].join('\n'),
  PolicyRules: [
    'kind: PolicyRules',
    'name: ${1:policies}',
    'spec:',
    '  rules:',
    '    - name: ${2:owners-known}',
    '      type: ${3|required_fields,tier_constraint,dependency_rule|}',
    '      params:',
    '        fields: [${4:service.runbook_url}]',
  ].join('\n'),
  Alerts: ['kind: Alerts', 'name: ${1:budget-alerts}', 'spec:', '  for_duration:', '    page: ${2:2m}', '    ticket: ${3:15m}'].join('\n'),
};

function catalogItems(
  m: MonacoApi,
  entries: readonly CatalogEntry[],
  range: Monaco.IRange,
  kind: Monaco.languages.CompletionItemKind,
): Monaco.languages.CompletionItem[] {
  return entries.map((e, i) => ({
    label: { label: e.value, description: e.aliases.length ? `also ${e.aliases.slice(0, 3).join(', ')}` : '' },
    kind,
    detail: e.detail,
    documentation: e.detail + (e.aliases.length ? `\n\nAlso accepted: ${e.aliases.join(', ')}` : ''),
    insertText: e.value,
    // Typing an alias (`pg`) still finds the technology.
    filterText: [e.value, ...e.aliases].join(' '),
    sortText: String(i).padStart(3, '0'),
    range,
  }));
}

let registered = false;

export function registerNthLayerLanguage(m: MonacoApi): void {
  if (registered) return;
  registered = true;
  const dependencyTypes = dependencyTypeCatalog();
  const kinds = resourceKindCatalog();

  m.languages.registerCompletionItemProvider('yaml', {
    triggerCharacters: [' ', ':'],
    provideCompletionItems(model, position) {
      const ctx = yamlContextAt(model.getLinesContent(), position.lineNumber, position.column);
      const line = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      if (isDependencyType(ctx) || isResourceKind(ctx)) {
        const start = line.length - line.replace(/^.*?:\s*/, '').length + 1;
        const range = {
          startLineNumber: position.lineNumber,
          endLineNumber: position.lineNumber,
          startColumn: start,
          endColumn: position.column,
        };
        return {
          suggestions: isResourceKind(ctx)
            ? catalogItems(m, kinds, range, m.languages.CompletionItemKind.EnumMember)
            : catalogItems(m, dependencyTypes, range, m.languages.CompletionItemKind.Value),
        };
      }
      if (ctx.resourceSlot) {
        const dashed = /-\s*$/.test(line);
        const range = {
          startLineNumber: position.lineNumber,
          endLineNumber: position.lineNumber,
          startColumn: position.column,
          endColumn: position.column,
        };
        return {
          suggestions: kinds.map((k, i) => {
            const body = RESOURCE_SNIPPETS[k.value] ?? `kind: ${k.value}\nname: \${1:name}\nspec: {}`;
            // Monaco indents every inserted line like the cursor line; after a dash, fields align with `kind`.
            const text = dashed
              ? body
                  .split('\n')
                  .map((l, j) => (j === 0 ? l : `  ${l}`))
                  .join('\n')
              : `- ${body.split('\n').join('\n  ')}`;
            return {
              label: `${k.value} resource`,
              kind: m.languages.CompletionItemKind.Snippet,
              detail: k.detail,
              documentation: {
                value: `${k.detail}\n\n\`\`\`yaml\n${text.replace(/\$\{\d+[:|]([^}|]*)[^}]*\}/g, '$1').replace(/\\([${}])/g, '$1')}\n\`\`\``,
              },
              insertText: text,
              insertTextRules: m.languages.CompletionItemInsertTextRule.InsertAsSnippet,
              sortText: `0${i}`,
              range,
            };
          }),
        };
      }
      return { suggestions: [] };
    },
  });

  m.languages.registerCodeActionProvider(
    'yaml',
    {
      provideCodeActions(model, range, context) {
        const diagnostics = diagnosticsByModel.get(model.uri.toString()) ?? [];
        const actions: Monaco.languages.CodeAction[] = [];
        for (const d of diagnostics) {
          if (d.suggestion === undefined) continue;
          const r = { startLineNumber: d.line, startColumn: d.column, endLineNumber: Math.max(d.endLine, d.line), endColumn: d.endColumn };
          if (!m.Range.areIntersectingOrTouching(r, range)) continue;
          const marker = context.markers.find(
            (mk) => mk.source === 'nthlayer' && mk.startLineNumber === d.line && mk.startColumn === d.column,
          );
          actions.push({
            title: `Change to \`${d.suggestion}\``,
            kind: 'quickfix',
            isPreferred: true,
            ...(marker ? { diagnostics: [marker] } : {}),
            edit: { edits: [{ resource: model.uri, versionId: model.getVersionId(), textEdit: { range: r, text: d.suggestion } }] },
          });
        }
        return { actions, dispose: () => undefined };
      },
    },
    { providedCodeActionKinds: ['quickfix'] },
  );
}
