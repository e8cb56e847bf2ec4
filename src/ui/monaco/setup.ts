/**
 * Monaco, bundled: the editor API with its contributions and only the YAML language, its workers
 * built by Vite, and @monaco-editor/react pointed at this copy (its default is a CDN).
 * The schema drives monaco-yaml's completion, hover and validation; no schema is fetched.
 */
import 'monaco-editor/esm/vs/editor/edcore.main.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import { loader } from '@monaco-editor/react';
import { configureMonacoYaml, type SchemasSettings } from 'monaco-yaml';
import YamlWorker from 'monaco-yaml/yaml.worker.js?worker';
import schema from '../../../schemas/service.schema.json';
import { registerNthLayerLanguage } from './language.ts';

export type Monaco = typeof monaco;

/** An identifier only: with schema requests off, nothing is ever fetched from it. */
const SCHEMA_URI = 'https://nthlayer.dev/schemas/service.schema.json';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker: (workerId: string, label: string) => Worker };
  }
}

window.MonacoEnvironment = {
  getWorker: (_id, label) => (label === 'yaml' ? new YamlWorker() : new EditorWorker()),
};

/**
 * monaco-yaml asks for its worker the pre-0.55 way (`{ moduleId, label, createData }`). The full
 * `monaco-editor` entry adapts that call; importing only the editor API, we adapt it here the same way.
 */
interface InternalWorkerOptions {
  worker: Worker | Promise<Worker>;
  host?: unknown;
  keepIdleModels?: boolean;
}
interface LegacyWorkerOptions {
  moduleId?: string;
  label?: string;
  createData?: unknown;
  host?: unknown;
  keepIdleModels?: boolean;
}
type CreateWebWorker = (options: InternalWorkerOptions | LegacyWorkerOptions) => unknown;
const editorNamespace = monaco.editor as unknown as { createWebWorker: CreateWebWorker };
const createInternalWorker = editorNamespace.createWebWorker;
editorNamespace.createWebWorker = (options) => {
  if ('worker' in options) return createInternalWorker(options);
  const worker = Promise.resolve(window.MonacoEnvironment!.getWorker('workerMain.js', options.label ?? 'monaco-editor-worker')).then(
    (w) => {
      w.postMessage('ignore');
      w.postMessage(options.createData);
      return w;
    },
  );
  return createInternalWorker({
    worker,
    host: options.host,
    ...(options.keepIdleModels !== undefined ? { keepIdleModels: options.keepIdleModels } : {}),
  });
};

loader.config({ monaco });

configureMonacoYaml(monaco, {
  enableSchemaRequest: false,
  completion: true,
  hover: true,
  validate: true,
  format: { enable: true, singleQuote: false, proseWrap: 'preserve' },
  schemas: [{ uri: SCHEMA_URI, fileMatch: ['*'], schema: schema as unknown as SchemasSettings['schema'] }],
});

registerNthLayerLanguage(monaco);

/** vs-dark with comments bright enough to read (its #608b4e is 4.2:1 on the background; WCAG asks 4.5). */
export const DARK_THEME = 'nthlayer-dark';
monaco.editor.defineTheme(DARK_THEME, { base: 'vs-dark', inherit: true, rules: [{ token: 'comment', foreground: '6A9955' }], colors: {} });

export { monaco };
