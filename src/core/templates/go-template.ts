/**
 * Go `text/template` text in what we generate: alert labels and annotations are templates for
 * Prometheus's rule loader, and Alertmanager's receiver fields are templates rendered when a
 * notification is sent. This module has the two halves of getting that right:
 *   - quoting: spec text placed into a template as a literal ({@link goStringLiteral},
 *     {@link literalTemplateText});
 *   - checking: {@link checkGoTemplate} parses a template the way Go's text/template parser does
 *     when Prometheus loads a rule file (lexing, control-structure nesting, defined functions and
 *     variables), so a template that would make `promtool check rules` fail, or a reload refuse
 *     the whole file, is reported before it is written. tests/security/templates.test.ts runs
 *     the same cases through the real promtool.
 */

export interface TemplateProblem {
  /** Offset in the template text. */
  from: number;
  to: number;
  message: string;
}

/** Functions Prometheus's template expander defines (template/template.go), plus Go's builtins. */
const PROMETHEUS_TEMPLATE_FUNCTIONS: ReadonlySet<string> = new Set([
  // text/template builtins
  'and',
  'call',
  'html',
  'index',
  'slice',
  'js',
  'len',
  'not',
  'or',
  'print',
  'printf',
  'println',
  'urlquery',
  'eq',
  'ge',
  'gt',
  'le',
  'lt',
  'ne',
  // Prometheus
  'query',
  'first',
  'label',
  'value',
  'strvalue',
  'args',
  'reReplaceAll',
  'safeHtml',
  'match',
  'title',
  'toUpper',
  'toLower',
  'graphLink',
  'tableLink',
  'sortByLabel',
  'humanize',
  'humanize1024',
  'humanizeDuration',
  'humanizePercentage',
  'humanizeTimestamp',
  'toTime',
  'pathPrefix',
  'externalURL',
  'parseDuration',
  'stripPort',
  'stripDomain',
]);

/** Variables Prometheus defines before every alert template (`$labels`, `$value` …). */
const PROMETHEUS_TEMPLATE_VARIABLES: readonly string[] = ['$', '$labels', '$externalLabels', '$externalURL', '$value'];

/** A Go interpreted string literal holding `s` exactly (JSON's escapes are all valid Go escapes). */
export function goStringLiteral(s: string): string {
  return JSON.stringify(s);
}

/**
 * Text that renders as `s` when used as a template: plain text stays as it is, and only when it
 * contains a delimiter does it become one action printing a quoted literal.
 */
export function literalTemplateText(s: string): string {
  return s.includes('{{') || s.includes('}}') ? `{{ ${goStringLiteral(s)} }}` : s;
}

type TokenType =
  | 'ident'
  | 'field'
  | 'variable'
  | 'string'
  | 'number'
  | 'char'
  | 'bool'
  | 'nil'
  | 'dot'
  | 'pipe'
  | 'lparen'
  | 'rparen'
  | 'declare'
  | 'assign'
  | 'comma'
  | 'keyword';

interface Token {
  type: TokenType;
  text: string;
  from: number;
  to: number;
}

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);

class TemplateError extends Error {
  constructor(
    message: string,
    readonly from: number,
    readonly to: number,
  ) {
    super(message);
  }
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string): boolean =>
  (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_' || (c > '\x7f' && /[\p{L}\p{Nd}]/u.test(c));

/** Lexes one action body (between the delimiters) into tokens. */
function lexAction(text: string, start: number, end: number): Token[] {
  const out: Token[] = [];
  let i = start;
  let depth = 0;
  while (i < end) {
    const c = text[i]!;
    const from = i;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '|') {
      out.push({ type: 'pipe', text: c, from, to: ++i });
      continue;
    }
    if (c === '(') {
      depth++;
      out.push({ type: 'lparen', text: c, from, to: ++i });
      continue;
    }
    if (c === ')') {
      if (--depth < 0) throw new TemplateError('unexpected right paren', from, from + 1);
      out.push({ type: 'rparen', text: c, from, to: ++i });
      continue;
    }
    if (c === ',') {
      out.push({ type: 'comma', text: c, from, to: ++i });
      continue;
    }
    if (c === '=') {
      out.push({ type: 'assign', text: c, from, to: ++i });
      continue;
    }
    if (c === ':') {
      if (text[i + 1] !== '=') throw new TemplateError('expected :=', from, from + 1);
      i += 2;
      out.push({ type: 'declare', text: ':=', from, to: i });
      continue;
    }
    if (c === '"' || c === "'") {
      i = endOfQuoted(text, i, end, c === '"' ? 'unterminated quoted string' : 'unterminated character constant');
      out.push({ type: c === '"' ? 'string' : 'char', text: text.slice(from, i), from, to: i });
      continue;
    }
    if (c === '`') {
      const close = text.indexOf('`', i + 1);
      if (close === -1 || close >= end) throw new TemplateError('unterminated raw quoted string', from, end);
      i = close + 1;
      out.push({ type: 'string', text: text.slice(from, i), from, to: i });
      continue;
    }
    if (c === '$') {
      i++;
      while (i < end && isAlnum(text[i]!)) i++;
      out.push({ type: 'variable', text: text.slice(from, i), from, to: i });
      // `$x.Field` chains are fields of the variable.
      while (text[i] === '.' && i + 1 < end && isAlnum(text[i + 1]!)) {
        i++;
        while (i < end && isAlnum(text[i]!)) i++;
      }
      continue;
    }
    if (c === '.') {
      if (i + 1 < end && /[0-9]/.test(text[i + 1]!)) {
        i = lexNumber(text, i, end);
        out.push({ type: 'number', text: text.slice(from, i), from, to: i });
        continue;
      }
      i++;
      if (i < end && isAlnum(text[i]!)) {
        while (i < end && (isAlnum(text[i]!) || (text[i] === '.' && i + 1 < end && isAlnum(text[i + 1]!)))) i++;
        out.push({ type: 'field', text: text.slice(from, i), from, to: i });
      } else {
        out.push({ type: 'dot', text: '.', from, to: i });
      }
      continue;
    }
    if (/[0-9+-]/.test(c)) {
      i = lexNumber(text, i, end);
      if (i === from + 1 && (c === '+' || c === '-')) throw new TemplateError(`bad number syntax: "${c}"`, from, i);
      out.push({ type: 'number', text: text.slice(from, i), from, to: i });
      continue;
    }
    if (isAlnum(c)) {
      while (i < end && isAlnum(text[i]!)) i++;
      const word = text.slice(from, i);
      const type: TokenType = KEYWORDS.has(word)
        ? 'keyword'
        : word === 'true' || word === 'false'
          ? 'bool'
          : word === 'nil'
            ? 'nil'
            : 'ident';
      out.push({ type, text: word, from, to: i });
      // `fn.Field` is not valid, but a field chain after a parenthesised value is; leave it to the parser.
      continue;
    }
    throw new TemplateError(`unrecognized character in action: ${JSON.stringify(c)}`, from, from + 1);
  }
  if (depth > 0) throw new TemplateError('unclosed left paren', start, end);
  return out;
}

/** The offset after a "…" string or '…' character constant starting at `from` (escapes skipped). */
function endOfQuoted(text: string, from: number, end: number, unterminated: string): number {
  const q = text[from];
  for (let i = from + 1; ; i++) {
    if (i >= end || text[i] === '\n') throw new TemplateError(unterminated, from, i);
    if (text[i] === '\\') i++;
    else if (text[i] === q) return i + 1;
  }
}

function lexNumber(text: string, i: number, end: number): number {
  let j = i;
  if (text[j] === '+' || text[j] === '-') j++;
  while (j < end && /[0-9a-fA-FxXoObB_.eEpPi+-]/.test(text[j]!)) {
    // A sign only continues a number right after an exponent marker.
    if ((text[j] === '+' || text[j] === '-') && !/[eEpP]/.test(text[j - 1]!)) break;
    j++;
  }
  const n = text.slice(i, j);
  if (
    !/^[+-]?(0[xX][0-9a-fA-F_]+|0[oO]?[0-7_]*|0[bB][01_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9]+)?|\.[0-9_]+([eE][+-]?[0-9]+)?|0[xX][0-9a-fA-F]*\.?[0-9a-fA-F]*[pP][+-]?[0-9]+)i?$/.test(
      n,
    )
  ) {
    throw new TemplateError(`bad number syntax: ${JSON.stringify(n)}`, i, j);
  }
  // A leading 0 makes an integer octal: `09` does not parse (`09.5` is a float and does).
  if (/^[+-]?0[0-9_]*[89][0-9_]*i?$/.test(n)) throw new TemplateError(`integer overflow: ${JSON.stringify(n)}`, i, j);
  return j;
}

interface Frame {
  keyword: 'if' | 'range' | 'with' | 'define' | 'block';
  from: number;
  vars: Set<string>;
  sawElse: boolean;
}

/**
 * Parses `text` as Go's text/template parser does with Prometheus's functions and alert
 * variables, and returns the first problem (Go stops at the first one too), or none.
 */
export function checkGoTemplate(
  text: string,
  options: { functions?: ReadonlySet<string>; variables?: readonly string[] } = {},
): TemplateProblem[] {
  // Without `{{` there is no action, so nothing can be wrong (most labels and names).
  if (!text.includes('{{')) return [];
  const functions = options.functions ?? PROMETHEUS_TEMPLATE_FUNCTIONS;
  const stack: Frame[] = [];
  const globals = new Set(options.variables ?? PROMETHEUS_TEMPLATE_VARIABLES);
  const declared = (name: string): boolean => globals.has(name) || stack.some((f) => f.vars.has(name));
  const scope = (): Set<string> => stack[stack.length - 1]?.vars ?? globals;
  try {
    let i = 0;
    for (;;) {
      const open = text.indexOf('{{', i);
      if (open === -1) break;
      let bodyStart = open + 2;
      if (text[bodyStart] === '-' && isSpace(text[bodyStart + 1] ?? '')) bodyStart += 2;
      // Comments: {{/* … */}}, optionally with trim markers.
      let k = bodyStart;
      while (isSpace(text[k] ?? '') && k > open + 2) k++;
      if (text.startsWith('/*', k)) {
        const close = text.indexOf('*/', k + 2);
        if (close === -1) throw new TemplateError('unclosed comment', open, text.length);
        let after = close + 2;
        if (text.startsWith(' -}}', after)) after += 4;
        else if (text.startsWith('}}', after)) after += 2;
        else throw new TemplateError('comment ends before closing delimiter', open, after);
        i = after;
        continue;
      }
      const close = findClose(text, bodyStart);
      if (close === -1) throw new TemplateError('unclosed action', open, text.length);
      let bodyEnd = close;
      if (text[close - 1] === '-' && isSpace(text[close - 2] ?? '')) bodyEnd = close - 2;
      const tokens = lexAction(text, bodyStart, bodyEnd);
      action(tokens, open, close + 2);
      i = close + 2;
    }
    if (stack.length > 0) {
      const f = stack[stack.length - 1]!;
      throw new TemplateError(`unexpected EOF: {{${f.keyword}}} is never closed with {{end}}`, f.from, text.length);
    }
    return [];
  } catch (e) {
    if (e instanceof TemplateError) return [{ from: e.from, to: Math.max(e.to, e.from + 1), message: e.message }];
    throw e;
  }

  function action(tokens: Token[], from: number, to: number): void {
    const first = tokens[0];
    if (!first) throw new TemplateError('missing value for command', from, to);
    if (first.type === 'keyword') {
      const rest = tokens.slice(1);
      switch (first.text) {
        case 'end': {
          if (rest.length) throw new TemplateError('unexpected token in end', rest[0]!.from, rest[0]!.to);
          if (!stack.pop()) throw new TemplateError('unexpected {{end}}', from, to);
          return;
        }
        case 'else': {
          const top = stack[stack.length - 1];
          if (!top || top.keyword === 'define' || top.keyword === 'block') throw new TemplateError('unexpected {{else}}', from, to);
          if (top.sawElse) throw new TemplateError('expected end; found {{else}}', from, to);
          if (rest.length === 0) {
            top.sawElse = true;
            top.vars = new Set();
            return;
          }
          // {{else if …}} / {{else with …}} chain into the same {{end}}.
          const kw = rest[0]!;
          if (
            kw.type !== 'keyword' ||
            (kw.text !== 'if' && kw.text !== 'with') ||
            (top.keyword !== 'if' && top.keyword !== 'with' && top.keyword !== 'range')
          ) {
            throw new TemplateError('expected end; found else with arguments', from, to);
          }
          top.vars = new Set();
          pipeline(rest.slice(1), kw.text, from, to, true);
          return;
        }
        case 'if':
        case 'with':
        case 'range': {
          const frame: Frame = { keyword: first.text, from, vars: new Set(), sawElse: false };
          pipeline(rest, first.text, from, to, true, frame);
          stack.push(frame);
          return;
        }
        case 'define':
        case 'block': {
          if (first.text === 'define' && stack.length > 0) throw new TemplateError('unexpected <define> in command', from, to);
          const name = rest[0];
          if (!name || name.type !== 'string')
            throw new TemplateError(`unexpected ${name ? name.text : 'end of action'} in ${first.text} clause`, from, to);
          if (first.text === 'block') pipeline(rest.slice(1), 'block', from, to, true);
          else if (rest.length > 1) throw new TemplateError('unexpected token in define clause', rest[1]!.from, rest[1]!.to);
          stack.push({ keyword: first.text, from, vars: new Set(), sawElse: false });
          return;
        }
        case 'template': {
          const name = rest[0];
          if (!name || name.type !== 'string')
            throw new TemplateError(`unexpected ${name ? name.text : 'end of action'} in template clause`, from, to);
          if (rest.length > 1) pipeline(rest.slice(1), 'template', from, to, false);
          return;
        }
        case 'break':
        case 'continue': {
          if (!stack.some((f) => f.keyword === 'range')) throw new TemplateError(`{{${first.text}}} outside {{range}}`, from, to);
          if (rest.length) throw new TemplateError(`unexpected token in {{${first.text}}}`, rest[0]!.from, rest[0]!.to);
          return;
        }
      }
    }
    pipeline(tokens, 'command', from, to, false);
  }

  /** A pipeline with optional declarations (`$x := …`, `$i, $v := …` in range). */
  function pipeline(tokens: Token[], context: string, from: number, to: number, control: boolean, frame?: Frame): void {
    let rest = tokens;
    const decl = rest.findIndex((t) => t.type === 'declare' || t.type === 'assign');
    if (decl > 0 && rest.slice(0, decl).every((t) => t.type === 'variable' || t.type === 'comma')) {
      const names = rest.slice(0, decl).filter((t) => t.type === 'variable');
      if (names.length > 2 || (names.length === 2 && context !== 'range'))
        throw new TemplateError('too many declarations in command', from, to);
      rest = rest.slice(decl + 1);
      // Declared after the pipeline is read; in a control clause they live inside the block.
      commands(rest, context, from, to);
      for (const n of names) (frame?.vars ?? scope()).add(n.text);
      return;
    }
    if (rest.length === 0) throw new TemplateError(`missing value for ${control ? context : 'command'}`, from, to);
    commands(rest, context, from, to);
  }

  function commands(tokens: Token[], context: string, from: number, to: number): void {
    if (tokens.length === 0) throw new TemplateError(`missing value for ${context}`, from, to);
    let cmd: Token[] = [];
    const flush = (at: number): void => {
      if (cmd.length === 0) throw new TemplateError('missing command', at, at + 1);
      command(cmd);
      cmd = [];
    };
    let depth = 0;
    for (const t of tokens) {
      if (t.type === 'lparen') depth++;
      if (t.type === 'rparen') depth--;
      if (t.type === 'pipe' && depth === 0) flush(t.from);
      else cmd.push(t);
    }
    // Go's parser accepts a trailing `|` with nothing after it (`{{ 1 | }}`); only an empty first command is an error.
    if (cmd.length > 0) flush(to);
  }

  function command(tokens: Token[]): void {
    for (let j = 0; j < tokens.length; j++) {
      const t = tokens[j]!;
      switch (t.type) {
        case 'ident':
          if (!functions.has(t.text)) throw new TemplateError(`function "${t.text}" not defined`, t.from, t.to);
          break;
        case 'variable':
          if (!declared(t.text)) throw new TemplateError(`undefined variable "${t.text}"`, t.from, t.to);
          break;
        case 'keyword':
          throw new TemplateError(`unexpected <${t.text}> in command`, t.from, t.to);
        case 'declare':
        case 'assign':
        case 'comma':
          throw new TemplateError(`unexpected "${t.text}" in operand`, t.from, t.to);
        case 'lparen': {
          // A parenthesised pipeline is one operand.
          let depth = 1;
          let k = j + 1;
          for (; k < tokens.length && depth > 0; k++) {
            if (tokens[k]!.type === 'lparen') depth++;
            if (tokens[k]!.type === 'rparen') depth--;
          }
          commands(tokens.slice(j + 1, k - 1), 'parenthesized pipeline', t.from, tokens[k - 1]!.to);
          j = k - 1;
          break;
        }
        default:
          break;
      }
    }
  }
}

/**
 * What decides whether `text` is a valid template, for remembering the verdict: its actions in
 * order, each as written except that a double-quoted string without a backslash is emptied (the
 * lexer does not read inside strings, and no check here reads their contents). The text between
 * actions is left out: the lexer copies it as it is. Alerts' annotations differ per SLO only in
 * that text and in strings (`query "…{slo='a'}"`), so a thousand SLOs share one check.
 * Where the actions are unusual (a comment, a string that does not end) it is the whole text.
 * Positions in a skeleton's problems are the skeleton's: check the text itself to report one.
 */
export function templateSkeleton(text: string): string {
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    const open = text.indexOf('{{', i);
    if (open === -1) return parts.join('');
    const close = findClose(text, open + 2);
    if (close === -1) return text;
    // A comment's `*/` rules, not `}}`.
    const comment = text.indexOf('/*', open);
    if (comment !== -1 && comment < close) return text;
    let from = open;
    for (let j = open + 2; j < close; j++) {
      const c = text[j];
      if (c === '`') {
        j = text.indexOf('`', j + 1);
        if (j === -1 || j > close) return text;
      } else if (c === "'" || c === '"') {
        let end = j + 1;
        let escaped = false;
        for (; end < close && text[end] !== c; end++) {
          if (text[end] === '\n') return text;
          if (text[end] === '\\') {
            escaped = true;
            end++;
          }
        }
        if (end >= close) return text;
        if (c === '"' && !escaped && end > j + 1) {
          parts.push(text.slice(from, j + 1));
          from = end;
        }
        j = end;
      }
    }
    parts.push(text.slice(from, close + 2));
    i = close + 2;
  }
}

/** The `}}` closing an action that starts at `i`, skipping quoted strings and raw strings. */
function findClose(text: string, i: number): number {
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === '}' && text[j + 1] === '}') return j;
    if (c === '"' || c === "'") {
      for (j++; j < text.length && text[j] !== c && text[j] !== '\n'; j++) if (text[j] === '\\') j++;
    } else if (c === '`') {
      const close = text.indexOf('`', j + 1);
      if (close === -1) return -1;
      j = close;
    }
  }
  return -1;
}
