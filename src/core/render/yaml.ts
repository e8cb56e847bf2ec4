/**
 * The only place that turns generated data into YAML text. Deterministic: keys in the order the
 * generator built them, fixed line width, no anchors, block scalars for multi-line PromQL.
 */
import { stringify } from 'yaml';

export function renderYaml(value: unknown, header?: string): string {
  const body = stringify(value, {
    indent: 2,
    lineWidth: 0,
    minContentWidth: 0,
    aliasDuplicateObjects: false,
    blockQuote: 'literal',
    defaultStringType: 'PLAIN',
    defaultKeyType: 'PLAIN',
    singleQuote: false,
  });
  return header ? `${header.trimEnd()}\n${body}` : body;
}

/** Comment lines for a file header. */
export function yamlComment(lines: readonly string[]): string {
  return lines.map((l) => (l ? `# ${l}` : '#')).join('\n');
}

/** A multi-document YAML stream: each document after a `---` line. */
export function renderYamlDocuments(docs: readonly unknown[], header?: string): string {
  const body = docs.map((d) => `---\n${renderYaml(d)}`).join('');
  return header ? `${header.trimEnd()}\n${body}` : body;
}
