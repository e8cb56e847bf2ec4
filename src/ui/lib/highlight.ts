/**
 * A small line tokenizer for the read-only artifact views (YAML and JSON). It returns tokens, not
 * HTML: components render them as text, so nothing generated can become markup.
 */
export type TokenKind = 'key' | 'string' | 'number' | 'literal' | 'comment' | 'punct' | 'plain';

export interface Token {
  text: string;
  kind: TokenKind;
}

export type Language = 'yaml' | 'json' | 'text';

export function languageOf(path: string): Language {
  if (/\.ya?ml$/.test(path)) return 'yaml';
  if (/\.json$/.test(path)) return 'json';
  return 'text';
}

const JSON_TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null)|([{}[\],])|(\s+)|(.)/g;

function jsonLine(line: string): Token[] {
  const out: Token[] = [];
  for (const m of line.matchAll(JSON_TOKEN)) {
    if (m[1] !== undefined) {
      out.push({ text: m[1], kind: m[2] !== undefined ? 'key' : 'string' });
      if (m[2] !== undefined) out.push({ text: m[2], kind: 'punct' });
    } else if (m[3] !== undefined) out.push({ text: m[3], kind: 'number' });
    else if (m[4] !== undefined) out.push({ text: m[4], kind: 'literal' });
    else if (m[5] !== undefined) out.push({ text: m[5], kind: 'punct' });
    else out.push({ text: m[0], kind: 'plain' });
  }
  return out;
}

function yamlScalar(text: string): TokenKind {
  const t = text.trim();
  if (t === '') return 'plain';
  if (/^(true|false|null|~)$/.test(t)) return 'literal';
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(t)) return 'number';
  return 'string';
}

/** Splits a trailing ` # comment` off a YAML value, ignoring `#` inside quotes. */
function splitComment(value: string): [string, string] {
  let quote: string | undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || value[i - 1] === ' ')) return [value.slice(0, i), value.slice(i)];
  }
  return [value, ''];
}

function yamlLine(line: string): Token[] {
  const out: Token[] = [];
  const indent = /^\s*(- )*/.exec(line)?.[0] ?? '';
  if (indent) out.push({ text: indent, kind: 'punct' });
  const rest = line.slice(indent.length);
  if (rest.startsWith('#')) return [...out, { text: rest, kind: 'comment' }];
  const key = /^("[^"]*"|'[^']*'|[^\s:#'"][^:#]*?):(\s|$)/.exec(rest);
  let value = rest;
  if (key) {
    out.push({ text: key[1]!, kind: 'key' }, { text: ':', kind: 'punct' });
    value = rest.slice(key[1]!.length + 1);
  }
  const [body, comment] = splitComment(value);
  const lead = /^\s*/.exec(body)?.[0] ?? '';
  if (lead) out.push({ text: lead, kind: 'plain' });
  const core = body.slice(lead.length);
  if (core) out.push({ text: core, kind: yamlScalar(core) });
  if (comment) out.push({ text: comment, kind: 'comment' });
  return out;
}

export function tokenizeLine(line: string, language: Language): Token[] {
  if (language === 'json') return jsonLine(line);
  if (language === 'yaml') return yamlLine(line);
  return [{ text: line, kind: 'plain' }];
}
