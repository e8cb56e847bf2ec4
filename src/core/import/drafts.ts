/**
 * What the format readers produce: NthLayer SLO specs (plain objects in the order they are
 * written) grouped by service, with where each came from. Also the small conversions every
 * format needs: names, windows, objectives and labels.
 */
import { LABELS } from '../conventions.ts';
import type { SpecPath } from '../spec/diagnostics.ts';
import {
  LABEL_NAME_RE,
  SERVICE_NAME_RE,
  SERVICE_TYPES,
  SUPPORT_MODELS,
  TIERS,
  TIER_ALIASES,
  SERVICE_TYPE_ALIASES,
} from '../spec/schema.ts';
import { formatDuration, parseDuration } from '../units.ts';
import type { Place, Reader } from './documents.ts';

/** An NthLayer SLO resource about to be written. */
export interface SloDraft {
  name: string;
  place: Place;
  /** The reader of the object it came from and its path there, to report problems found later. */
  r: Reader;
  at: SpecPath;
  /** The `spec:` of the SLO resource, keys in the order they are written. */
  spec: Record<string, unknown>;
  /** Warnings raised while reading this SLO; written as comments above it. */
  notes: string[];
}

/** A service-level field and where it was read, so two sources that disagree can be reported. */
export interface Sourced<T> {
  value: T;
  place: Place;
}

export interface ServiceDraft {
  /** The NthLayer service name (valid `service.name`). */
  name: string;
  /** Where the service first appeared; service-level diagnostics point here. */
  r: Reader;
  at: SpecPath;
  /** `Sloth prometheus/v1`, … in order of appearance. */
  formats: string[];
  /** Source files, in order of appearance. */
  files: string[];
  team?: Sourced<string>;
  tier?: Sourced<string>;
  type?: Sourced<string>;
  supportModel?: Sourced<string>;
  description?: Sourced<string>;
  labels: Record<string, string>;
  slos: SloDraft[];
}

/** Collects the warnings and errors reported from now on, for the comment above an SLO. */
export function notesFrom(r: Reader): () => string[] {
  const start = r.count();
  return () => r.notesSince(start);
}

/** `My_Service.v2` → `my-service-v2` (NthLayer names are lowercase with dashes). */
export function serviceName(raw: string): string {
  let s = raw
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(s)) s = `svc-${s}`.replace(/-+$/, '');
  return SERVICE_NAME_RE.test(s) ? s : 'service';
}

/** Reads a service name, reporting a rename (every series' `service` label changes with it). */
export function readServiceName(r: Reader, raw: string, path: SpecPath): string {
  const name = serviceName(raw);
  if (name !== raw) {
    r.report(
      path,
      'warning',
      'import/renamed-service',
      `service \`${raw}\` becomes \`${name}\`: NthLayer service names are lowercase letters, digits and dashes`,
      'dashboards and queries that select the old service label need the new name',
    );
  }
  return name;
}

/** Alert names must be Prometheus identifiers. */
export function alertName(r: Reader, raw: string, path: SpecPath): string | undefined {
  const s = raw
    .trim()
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^([0-9])/, '_$1');
  if (s === '') {
    r.report(path, 'warning', 'import/dropped', 'dropped: the alert name is empty');
    return undefined;
  }
  if (s !== raw)
    r.report(path, 'warning', 'import/renamed-alert', `alert name \`${raw}\` becomes \`${s}\` (alert names are letters, digits and _)`);
  return s;
}

/** A window such as `2w` or `4w` in NthLayer's form (`14d`, `28d`). */
export function windowOf(r: Reader, raw: string, path: SpecPath): string | undefined {
  const seconds = parseDuration(raw);
  if (seconds === undefined || seconds <= 0) {
    r.report(path, 'error', 'import/invalid-window', `window \`${raw}\` is not a duration`, 'write a duration such as 28d, 4w or 30d');
    return undefined;
  }
  return formatDuration(seconds);
}

/**
 * A percentage objective kept exactly as written (99.95 stays 99.95). 100 and above leave no
 * error budget and are refused; 0 and below are not objectives.
 */
export function checkObjective(r: Reader, objective: number, path: SpecPath): boolean {
  if (objective >= 100) {
    r.report(
      path,
      'error',
      'import/objective-100',
      `objective ${objective}% leaves no error budget (every burn rate would be infinite); this SLO was not imported`,
      'lower it to a reachable target such as 99.99 and import again',
    );
    return false;
  }
  if (objective <= 0) {
    r.report(path, 'error', 'import/objective-range', `objective ${objective}% is not between 0 and 100; this SLO was not imported`);
    return false;
  }
  return true;
}

/** `0.9995` → `99.95`, by moving the decimal point in the text: no float noise. */
export function ratioToPercent(ratio: number): number {
  return shiftDecimal(ratio, 2);
}

/** `0.2` seconds → `200` ms, the same way. */
export function secondsToMs(seconds: number): number {
  return shiftDecimal(seconds, 3);
}

/** n × 10^places computed on the decimal digits. */
function shiftDecimal(n: number, places: number): number {
  const [mantissa, exp = '0'] = String(n).split('e');
  const negative = mantissa!.startsWith('-');
  const [int, frac = ''] = mantissa!.replace('-', '').split('.');
  const digits = `${int}${frac}`;
  const point = int!.length + Number(exp) + places;
  const text =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? digits.padEnd(point, '0')
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return Number(`${negative ? '-' : ''}${text}`);
}

const RESERVED_ALERT_LABELS = [LABELS.service, LABELS.slo, LABELS.severity, LABELS.burnTier, 'long_window', 'short_window'] as const;

export interface LabelTarget {
  service?: ServiceDraft;
  /** Labels of this SLO / alert / tier receive the rest. */
  into: Record<string, string>;
  /** Set a tier's severity from a `severity` label (alert and tier labels only). */
  severity?: (value: string) => void;
  /** Where a label is written in the source, when its key there is not its name (`pyrra.dev/team`). */
  at?: (key: string) => SpecPath;
}

/**
 * Copies labels into an NthLayer label map. Labels NthLayer sets itself become spec fields
 * where they mean the same (`team`, `tier`, `type`, `routing` → the service block; `severity` →
 * the tier's severity); the rest are dropped loudly. Invalid label names are dropped loudly.
 */
export function copyLabels(r: Reader, labels: Record<string, string>, path: SpecPath, target: LabelTarget): void {
  for (const [key, value] of Object.entries(labels)) {
    const at = target.at ? target.at(key) : [...path, key];
    if (!LABEL_NAME_RE.test(key)) {
      r.report(
        at,
        'warning',
        'import/dropped',
        `dropped: \`${key}\` is not a valid Prometheus label name`,
        'label names are letters, digits and _',
        'key',
      );
      continue;
    }
    if (key === LABELS.severity && target.severity) {
      target.severity(value);
      continue;
    }
    if (target.service && serviceField(r, target.service, key, value, at)) continue;
    if (
      (RESERVED_ALERT_LABELS as readonly string[]).includes(key) ||
      key === LABELS.team ||
      key === LABELS.tier ||
      key === LABELS.routing
    ) {
      r.report(
        at,
        'warning',
        'import/reserved-label',
        `dropped: NthLayer sets the \`${key}\` label itself`,
        key === LABELS.service || key === LABELS.slo ? 'the service and SLO names become these labels' : undefined,
        'key',
      );
      continue;
    }
    if (target.into[key] !== undefined && target.into[key] !== value) {
      r.report(
        at,
        'warning',
        'import/conflict',
        `label \`${key}: ${value}\` disagrees with \`${target.into[key]}\` read earlier; the first is kept`,
        undefined,
        'key',
      );
      continue;
    }
    target.into[key] = value;
  }
}

/** Finds or creates the draft of a service; the first place it appears is where it is reported. */
export type ServiceFor = (name: string, r: Reader, at: SpecPath, format: string) => ServiceDraft;

export function serviceRegistry(): { serviceFor: ServiceFor; services: () => ServiceDraft[] } {
  const byName = new Map<string, ServiceDraft>();
  return {
    serviceFor(name, r, at, format) {
      let s = byName.get(name);
      if (!s) {
        s = { name, r, at, formats: [], files: [], labels: {}, slos: [] };
        byName.set(name, s);
      }
      if (!s.formats.includes(format)) s.formats.push(format);
      if (!s.files.includes(r.object.file)) s.files.push(r.object.file);
      return s;
    },
    services: () => [...byName.values()],
  };
}

/** team/tier/type/routing labels are service fields in NthLayer; true when consumed. */
function serviceField(r: Reader, service: ServiceDraft, key: string, value: string, at: SpecPath): boolean {
  const place = r.place(at);
  const set = (field: 'team' | 'tier' | 'type' | 'supportModel', v: string): void => {
    const current = service[field];
    if (current && current.value !== v) {
      r.report(
        at,
        'warning',
        'import/conflict',
        `\`${key}: ${value}\` disagrees with \`${current.value}\` from ${current.place.file}:${current.place.line}; the first is kept`,
      );
      return;
    }
    service[field] = current ?? { value: v, place };
  };
  if (key === LABELS.team && value.trim() !== '') {
    set('team', value);
    return true;
  }
  if (key === LABELS.tier) {
    if ((TIERS as readonly string[]).includes(value) || value in TIER_ALIASES) {
      set('tier', value);
      return true;
    }
    r.report(
      at,
      'warning',
      'import/reserved-label',
      `dropped: \`tier: ${value}\` is not an NthLayer tier, and NthLayer sets the \`tier\` label from service.tier`,
      `set service.tier to one of ${TIERS.join(', ')}`,
      'key',
    );
    return true;
  }
  if (key === 'type') {
    if ((SERVICE_TYPES as readonly string[]).includes(value) || value in SERVICE_TYPE_ALIASES) {
      set('type', value);
      return true;
    }
    return false; // an ordinary label called `type`
  }
  if (key === LABELS.routing) {
    if ((SUPPORT_MODELS as readonly string[]).includes(value)) {
      set('supportModel', value);
      return true;
    }
    return false;
  }
  return false;
}

/**
 * Sloth's alert templates name Sloth's labels; NthLayer's alerts carry `service` and `slo`
 * instead. Rewrites those two and reports the Sloth-only ones that have no equivalent.
 */
export function slothTemplateLabels(r: Reader, text: string, path: SpecPath): string {
  const out = text.replace(/\$labels\.sloth_(service|slo)\b/g, (_m, l: string) => `$labels.${l}`);
  const rest = /\$labels\.(sloth_[a-z_]+)/.exec(out);
  if (rest) {
    r.report(
      path,
      'warning',
      'import/template-label',
      `\`${rest[0]}\` refers to a Sloth label NthLayer's alerts do not have; it will render empty`,
      'use $labels.service, $labels.slo, $labels.burn_tier or $labels.long_window',
    );
  }
  return out;
}
