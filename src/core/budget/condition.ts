/**
 * The deploy-gate condition language (`when: "hour >= 9 AND hour <= 17 AND weekday"`): a small
 * recursive-descent parser and evaluator of our own. Nothing is ever passed to `eval`.
 *
 *   expr := or;  or := and (OR and)*;  and := not (AND not)*;  not := NOT not | cmp
 *   cmp  := value (== | != | >= | <= | > | <) value | value
 *   value := number | 'string' | "string" | true | false | name | name '(' args ')' | '(' expr ')'
 */

export type Value = number | string | boolean;

export type Node =
  | { t: 'lit'; v: Value }
  | { t: 'var'; name: string; at: number }
  | { t: 'call'; name: string; args: Node[]; at: number }
  | { t: 'not'; e: Node }
  | { t: 'bin'; op: string; l: Node; r: Node };

export interface ConditionError {
  message: string;
  /** Offset in the condition text. */
  at: number;
}

const CONDITION_VARIABLES = [
  'hour',
  'minute',
  'weekday',
  'day_of_week',
  'date',
  'month',
  'day',
  'year',
  'budget_remaining',
  'budget_consumed',
  'burn_rate',
  'tier',
  'environment',
  'env',
  'service',
  'team',
  'downstream_count',
  'high_criticality_downstream',
] as const;
const CONDITION_FUNCTIONS = ['business_hours', 'weekday', 'freeze_period', 'peak_traffic'] as const;

interface Token {
  kind: 'num' | 'str' | 'id' | 'op' | 'lp' | 'rp' | 'comma' | 'end';
  text: string;
  at: number;
}

function tokenize(src: string): Token[] | ConditionError {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(') {
      out.push({ kind: 'lp', text: c, at: i++ });
      continue;
    }
    if (c === ')') {
      out.push({ kind: 'rp', text: c, at: i++ });
      continue;
    }
    if (c === ',') {
      out.push({ kind: 'comma', text: c, at: i++ });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '>=', '<=', '&&', '||'].includes(two)) {
      out.push({ kind: 'op', text: two, at: i });
      i += 2;
      continue;
    }
    if (c === '>' || c === '<' || c === '!') {
      out.push({ kind: 'op', text: c, at: i++ });
      continue;
    }
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      if (end === -1) return { message: 'unterminated string', at: i };
      out.push({ kind: 'str', text: src.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ kind: 'num', text: num[0], at: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      out.push({ kind: 'id', text: id[0], at: i });
      i += id[0].length;
      continue;
    }
    return { message: `unexpected character "${c}"`, at: i };
  }
  out.push({ kind: 'end', text: '', at: src.length });
  return out;
}

export function parseCondition(src: string): { node?: Node; error?: ConditionError } {
  const tokens = tokenize(src);
  if (!Array.isArray(tokens)) return { error: tokens };
  let p = 0;
  const peek = (): Token => tokens[p]!;
  const word = (t: Token, w: string): boolean => t.kind === 'id' && t.text.toUpperCase() === w;
  class Fail extends Error {
    constructor(readonly e: ConditionError) {
      super(e.message);
    }
  }
  const fail = (message: string, at = peek().at): never => {
    throw new Fail({ message, at });
  };

  const parseOr = (): Node => {
    let l = parseAnd();
    while (word(peek(), 'OR') || peek().text === '||') {
      p++;
      l = { t: 'bin', op: 'OR', l, r: parseAnd() };
    }
    return l;
  };
  const parseAnd = (): Node => {
    let l = parseNot();
    while (word(peek(), 'AND') || peek().text === '&&') {
      p++;
      l = { t: 'bin', op: 'AND', l, r: parseNot() };
    }
    return l;
  };
  const parseNot = (): Node => {
    if (word(peek(), 'NOT') || peek().text === '!') {
      p++;
      return { t: 'not', e: parseNot() };
    }
    return parseCmp();
  };
  const parseCmp = (): Node => {
    const l = parseValue();
    const t = peek();
    if (t.kind === 'op' && ['==', '!=', '>=', '<=', '>', '<'].includes(t.text)) {
      p++;
      return { t: 'bin', op: t.text, l, r: parseValue() };
    }
    return l;
  };
  const parseValue = (): Node => {
    const t = peek();
    if (t.kind === 'num') {
      p++;
      return { t: 'lit', v: Number(t.text) };
    }
    if (t.kind === 'str') {
      p++;
      return { t: 'lit', v: t.text };
    }
    if (t.kind === 'lp') {
      p++;
      const e = parseOr();
      if (peek().kind !== 'rp') fail('missing closing parenthesis');
      p++;
      return e;
    }
    if (t.kind === 'id') {
      p++;
      const lower = t.text.toLowerCase();
      if (lower === 'true' || lower === 'false') return { t: 'lit', v: lower === 'true' };
      if (peek().kind === 'lp') {
        p++;
        const args: Node[] = [];
        if (peek().kind !== 'rp') {
          for (;;) {
            args.push(parseValue());
            if (peek().kind === 'comma') {
              p++;
              continue;
            }
            break;
          }
        }
        if (peek().kind !== 'rp') fail(`missing ) after the arguments of ${t.text}`);
        p++;
        if (!(CONDITION_FUNCTIONS as readonly string[]).includes(t.text))
          fail(`unknown function ${t.text}(); functions: ${CONDITION_FUNCTIONS.join(', ')}`, t.at);
        return { t: 'call', name: t.text, args, at: t.at };
      }
      if (!(CONDITION_VARIABLES as readonly string[]).includes(t.text))
        fail(`unknown variable "${t.text}"; variables: ${CONDITION_VARIABLES.join(', ')}`, t.at);
      return { t: 'var', name: t.text, at: t.at };
    }
    return fail(t.kind === 'end' ? 'the condition ends too early' : `unexpected "${t.text}"`);
  };

  try {
    const node = parseOr();
    if (peek().kind !== 'end') fail(`unexpected "${peek().text}" after a complete condition`);
    return { node };
  } catch (e) {
    if (e instanceof Fail) return { error: e.e };
    throw e;
  }
}

export interface ConditionContext {
  vars: Partial<Record<(typeof CONDITION_VARIABLES)[number], Value>>;
}

function truthy(v: Value | undefined): boolean {
  return v === true || (typeof v === 'number' && v !== 0) || (typeof v === 'string' && v !== '');
}

export function evaluateCondition(node: Node, ctx: ConditionContext): boolean {
  return truthy(evalNode(node, ctx));
}

function evalNode(n: Node, ctx: ConditionContext): Value | undefined {
  switch (n.t) {
    case 'lit':
      return n.v;
    case 'var':
      return ctx.vars[n.name as keyof ConditionContext['vars']];
    case 'not':
      return !truthy(evalNode(n.e, ctx));
    case 'call': {
      const v = ctx.vars;
      const hour = Number(v.hour ?? -1);
      if (n.name === 'weekday') return v.weekday === true;
      if (n.name === 'business_hours') return v.weekday === true && hour >= 9 && hour < 17;
      if (n.name === 'peak_traffic') return v.weekday === true && hour >= 10 && hour < 16;
      // freeze_period('2026-12-20', '2027-01-02'): inclusive, compared as ISO dates.
      const [from, to] = n.args.map((a) => String(evalNode(a, ctx)));
      const date = String(v.date ?? '');
      return from !== undefined && to !== undefined && date >= from && date <= to;
    }
    case 'bin': {
      if (n.op === 'AND') return truthy(evalNode(n.l, ctx)) && truthy(evalNode(n.r, ctx));
      if (n.op === 'OR') return truthy(evalNode(n.l, ctx)) || truthy(evalNode(n.r, ctx));
      const l = evalNode(n.l, ctx);
      const r = evalNode(n.r, ctx);
      if (l === undefined || r === undefined) return false;
      switch (n.op) {
        case '==':
          return l === r;
        case '!=':
          return l !== r;
        case '>=':
          return l >= r;
        case '<=':
          return l <= r;
        case '>':
          return l > r;
        case '<':
          return l < r;
      }
      return false;
    }
  }
}
