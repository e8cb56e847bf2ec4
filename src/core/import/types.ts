/**
 * What the importer takes and gives. It reads Sloth, OpenSLO and Pyrra documents and writes
 * NthLayer specs as text; every field it cannot carry over is a diagnostic at its line.
 */
import type { Diagnostic } from '../spec/diagnostics.ts';

export const IMPORT_FORMATS = ['sloth', 'openslo', 'pyrra'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportInput {
  file: string;
  text: string;
}

export interface ImportOptions {
  /** Only accept documents of this format (`--from`); documents of another format are errors. */
  from?: ImportFormat;
  /**
   * The service every imported SLO belongs to (`--service`). Required for Pyrra objectives
   * without a service label or namespace; for Sloth and OpenSLO it replaces their service name.
   */
  service?: string;
  /** Sloth's `--default-slo-period` the Sloth specs were generated with (Sloth's default: 30d). */
  defaultSloPeriod?: string;
}

export interface ImportedSpec {
  /** The NthLayer service name. */
  service: string;
  /** Suggested file name: `<service>.yaml`. */
  file: string;
  /** The spec as YAML, with a header comment naming the source files. */
  text: string;
  /** Source files the spec was built from, in input order. */
  sources: string[];
  /** Number of SLO resources in the spec. */
  slos: number;
}

/** One document (or list item) of the input and what became of it. */
export interface ImportedDocument {
  file: string;
  /** 1-based line where the document starts. */
  line: number;
  /** `Sloth prometheus/v1`, `OpenSLO v1 SLO`, `Pyrra ServiceLevelObjective`, or what it looked like. */
  kind: string;
  format?: ImportFormat;
  /** False when the document (or any SLO in it) could not be imported. */
  imported: boolean;
}

export interface ImportResult {
  specs: ImportedSpec[];
  documents: ImportedDocument[];
  /** Positioned in the source files (file:line:col), sorted. */
  diagnostics: Diagnostic[];
  /** True when every document was imported (warnings allowed). */
  ok: boolean;
}
