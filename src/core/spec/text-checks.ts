/**
 * Spec text that would break what we generate, refused at the spec boundary with a position,
 * before any generator sees it. Every string (and mapping key) of a spec or environment file:
 *   - is well-formed Unicode without U+FFFD (Prometheus's lexer rejects it as an invalid rune;
 *     it usually means the file was not saved as UTF-8) and without control characters;
 *   - in single-line fields (names, team, labels, URLs, severities …) has no line breaks or tabs;
 *   - has no Go-template delimiters `{{`/`}}` unless the field IS a template (alert labels and
 *     annotations under `alerting`), and those are parsed the way Prometheus's rule loader does;
 *   - label and annotation names follow Prometheus (`[a-zA-Z_][a-zA-Z0-9_]*`, no reserved `__`);
 *   - `histogram` is a metric name and `selector` a set of label matchers, since both are pasted
 *     into PromQL; `runbook_url`/`dashboard_url` are http(s) (a dashboard may also be a /path).
 * Free-form data (`metadata`, `health`, policy `params`) only lands in manifest.json and may hold
 * any text except broken Unicode and control characters.
 */
import { parsePromql, unwrap } from '../promql/parse.ts';
import { checkGoTemplate } from '../templates/go-template.ts';
import { formatPath, MAX_DIAGNOSTICS_PER_FILE, type Diagnostic, type SpecPath } from './diagnostics.ts';
import { LABEL_NAME_RE } from './schema.ts';
import { diagnosticAt, positionInScalar, type SourceFile } from './source.ts';

/** Prometheus label (and annotation) names; `__`-prefixed names are reserved for Prometheus itself. */
export function labelNameProblem(name: string): string | undefined {
  if (!LABEL_NAME_RE.test(name)) return 'label names must match [a-zA-Z_][a-zA-Z0-9_]*';
  if (name.startsWith('__')) return 'label names starting with __ are reserved for Prometheus';
  return undefined;
}

const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Fields that hold PromQL (multi-line allowed; no template delimiters: {{.window}} is ours). */
const PROMQL_KEYS = new Set(['query', 'metric', 'latency_query', 'total_query', 'good_query', 'error_query', 'ratio_query']);
/** Fields that are one line of text: they become names, label values, URLs or matchers. */
const SINGLE_LINE_KEYS = new Set([
  'name',
  'team',
  'tier',
  'type',
  'severity',
  'support_model',
  'language',
  'framework',
  'template',
  'owner',
  'email',
  'runbook_url',
  'dashboard_url',
  'slack_channel',
  'histogram',
  'selector',
  'environment',
  'kind',
  'timezone',
  'service_id',
  'escalation_policy',
  'schedule',
  'integration_key',
  'sre_integration_key',
  'service_key',
  'format',
  'level',
]);
const FREE_FORM_KEYS = new Set(['metadata', 'health', 'params']);
const BURN_TIERS = new Set(['page_fast', 'page_slow', 'ticket_fast', 'ticket_slow']);

// Code units, so lone surrogates are found without the `u` flag. Tab, LF and CR are handled per field.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const LINE_BREAK = /[\n\r\t]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

type Where = { kind: 'value'; value: string } | { kind: 'key'; key: string };

/**
 * Checks every string of a parsed spec or environment file; `base` is where `value` sits.
 * `clean` holds list items of `resources:` already found to have no problem: what is found inside
 * one depends only on its content (never on its index), so an unchanged item is not walked again.
 */
export function checkSpecText(value: unknown, source: SourceFile, base: SpecPath = [], clean?: WeakSet<object>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (path: SpecPath, where: Where, offset: number, code: string, message: string, hint: string): void => {
    if (out.length > MAX_DIAGNOSTICS_PER_FILE) return;
    const position = where.kind === 'key' ? undefined : positionInScalar(source, path, offset, offset + 1);
    out.push({ ...diagnosticAt(source, path, 'error', code, message, hint, position, where.kind), path: formatPath(path) });
  };

  const checkString = (s: string, path: SpecPath, where: Where): void => {
    const field = fieldName(path);
    const key = where.kind === 'key' ? 'key' : 'value';
    const bad = LONE_SURROGATE.exec(s);
    if (bad) {
      report(
        path,
        where,
        bad.index,
        'text/invalid-unicode',
        `the ${key} of \`${field}\` has a lone surrogate (U+${bad[0].charCodeAt(0).toString(16).toUpperCase()}), which no UTF-8 file can hold`,
        'remove the escape sequence (\\ud800…) or write the whole character',
      );
      return;
    }
    const fffd = s.indexOf('\ufffd');
    if (fffd >= 0) {
      report(
        path,
        where,
        fffd,
        'text/replacement-character',
        `the ${key} of \`${field}\` contains U+FFFD (�): Prometheus refuses it in queries and labels`,
        'the file was probably not saved as UTF-8, or a character was lost when copying; retype it',
      );
      return;
    }
    const control = CONTROL.exec(s);
    if (control) {
      report(
        path,
        where,
        control.index,
        'text/control-character',
        `the ${key} of \`${field}\` contains the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
        'remove it: control and bidirectional-override characters change what terminals and editors show',
      );
      return;
    }
    const template = isTemplateField(path) && where.kind === 'value';
    const freeForm = isFreeForm(path);
    if (!freeForm && (where.kind === 'key' || SINGLE_LINE_KEYS.has(field) || isLabelValue(path))) {
      const lb = LINE_BREAK.exec(s);
      if (lb) {
        report(
          path,
          where,
          lb.index,
          'text/line-break',
          `\`${field}\` must be one line: it becomes a name, label or URL`,
          'remove the line break or tab',
        );
        return;
      }
    }
    if (!freeForm && !template) {
      const at = s.search(/\{\{|\}\}/);
      if (at >= 0) {
        const promql = PROMQL_KEYS.has(field) && where.kind === 'value';
        report(
          path,
          where,
          at,
          'text/template-delimiters',
          promql
            ? `\`${field}\` contains \`${s.slice(at, at + 2)}\`: template braces are not PromQL, and {{.window}} is the window placeholder of generated Sloth specs`
            : `\`${field}\` contains \`${s.slice(at, at + 2)}\`, which Prometheus and Alertmanager read as template syntax (a PagerDuty page could never be rendered)`,
          promql
            ? 'remove the braces from the query'
            : 'remove the braces; templates are only allowed in alerting.labels and alerting.annotations',
        );
        return;
      }
    }
    if (template) {
      const p = checkGoTemplate(s)[0];
      if (p)
        report(
          path,
          where,
          p.from,
          'text/template-syntax',
          `\`${field}\` is not a valid Prometheus template: ${p.message}`,
          'fix the {{ … }} action (e.g. {{ $labels.instance }}, {{ $value | humanize }}); to show braces literally write {{ "{{" }}',
        );
    }
  };

  const checkField = (s: string, path: SpecPath): void => {
    const field = fieldName(path);
    const parent = path[path.length - 2];
    if (field === 'histogram' && !METRIC_NAME_RE.test(s)) {
      report(
        path,
        { kind: 'value', value: s },
        0,
        'spec/invalid-metric-name',
        `\`histogram\` must be a metric name, not ${JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s)}`,
        'write the base name of the histogram, e.g. http_request_duration_seconds; it is pasted into PromQL',
      );
    }
    if (field === 'selector' && (parent === 'indicator' || typeof parent === 'number' || parent === 'spec')) {
      const problem = selectorProblem(s);
      // Observability's selector gets its syntax errors from the model stage; only the silent case here.
      if (parent === 'spec' && problem !== SELECTOR_TRAILING) return;
      if (problem)
        report(
          path,
          { kind: 'value', value: s },
          0,
          'spec/invalid-selector',
          `\`selector\` is not a set of label matchers: ${problem}`,
          'write it like {job="checkout",namespace="prod"}',
        );
    }
    if (path.length === 2 && path[0] === 'service' && (field === 'runbook_url' || field === 'dashboard_url')) {
      const relative = field === 'dashboard_url' && s.startsWith('/') && !s.startsWith('//');
      if (!relative && !/^https?:\/\/[^\s/?#]+/i.test(s)) {
        report(
          path,
          { kind: 'value', value: s },
          0,
          'spec/unsafe-url',
          `\`${field}\` must be an http(s) URL${field === 'dashboard_url' ? ' or a path starting with /' : ''}`,
          'links land in dashboards, alerts and PagerDuty; javascript:, data: and other schemes are refused',
        );
      }
    }
  };

  const visit = (v: unknown, path: SpecPath): void => {
    if (out.length > MAX_DIAGNOSTICS_PER_FILE) return;
    if (typeof v === 'string') {
      checkString(v, path, { kind: 'value', value: v });
      checkField(v, path);
      return;
    }
    if (Array.isArray(v)) {
      const items = clean && path.length === 1 && path[0] === 'resources';
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        if (!items || !item || typeof item !== 'object') {
          visit(item, [...path, i]);
          continue;
        }
        if (clean.has(item)) continue;
        const before = out.length;
        visit(item, [...path, i]);
        if (out.length === before && before <= MAX_DIAGNOSTICS_PER_FILE) clean.add(item);
      }
      return;
    }
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const p = [...path, k];
        checkString(k, p, { kind: 'key', key: k });
        if (isLabelMap(path) && !isFreeForm(p)) {
          const problem = labelNameProblem(k);
          if (problem)
            report(
              p,
              { kind: 'key', key: k },
              0,
              'spec/invalid-label-name',
              `\`${k}\` is not a valid ${path[path.length - 1] === 'annotations' ? 'annotation' : 'label'} name: ${problem}`,
              'use letters, digits and underscores, not starting with a digit or __',
            );
        }
        visit(x, p);
      }
    }
  };
  visit(value, base);
  return out;
}

function fieldName(path: SpecPath): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return 'document';
}

function isFreeForm(path: SpecPath): boolean {
  return path.some((p) => typeof p === 'string' && FREE_FORM_KEYS.has(p));
}

/** `labels` maps anywhere, and `alerting.annotations`: their keys are label names. */
function isLabelMap(path: SpecPath): boolean {
  const last = path[path.length - 1];
  return last === 'labels' || (last === 'annotations' && path[path.length - 2] === 'alerting');
}

function isLabelValue(path: SpecPath): boolean {
  return path[path.length - 2] === 'labels';
}

/** Alert-only labels and annotations: Prometheus expands them as templates, so templates are allowed. */
function isTemplateField(path: SpecPath): boolean {
  const n = path.length;
  if (n < 3) return false;
  const map = path[n - 2];
  if (map === 'annotations' && path[n - 3] === 'alerting') return true;
  if (map !== 'labels') return false;
  return path[n - 3] === 'alerting' || (BURN_TIERS.has(String(path[n - 3])) && path[n - 4] === 'alerting');
}

const SELECTOR_TRAILING = 'it continues after the closing brace';

/** Why `text` is not just label matchers (it is pasted into a vector selector), or undefined. */
function selectorProblem(text: string): string | undefined {
  const t = text.trim();
  const parsed = parsePromql(`x${t.startsWith('{') ? t : `{${t}}`}`);
  if (parsed.errors.length > 0) return parsed.errors[0]!.message;
  const top = unwrap(parsed.tree.topNode);
  if (top.name !== 'VectorSelector') return SELECTOR_TRAILING;
  return undefined;
}
