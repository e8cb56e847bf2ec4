import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { nthlayerProxyPlugin } from './src/proxy/vite-plugin.ts';

/**
 * The editor chunk (Monaco) is loaded lazily, so the page can render first; this starts fetching
 * and compiling it in parallel with the entry chunk instead of after it, through modulepreload
 * links for the editor chunk and everything it imports.
 */
function preloadEditor(): Plugin {
  return {
    name: 'nthlayer-preload-editor',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const editor = chunks.find((c) => c.facadeModuleId?.endsWith('/src/ui/monaco/SpecEditor.tsx'));
        if (!editor) return [];
        const files = new Set<string>([editor.fileName]);
        const visit = (name: string): void => {
          const chunk = chunks.find((c) => c.fileName === name);
          for (const dep of chunk?.imports ?? []) {
            if (!files.has(dep)) {
              files.add(dep);
              visit(dep);
            }
          }
        };
        visit(editor.fileName);
        // Chunks Vite already links (the entry's own imports) are not linked twice.
        const js = [...files].filter((f) => !chunks.find((c) => c.fileName === f)?.isEntry && !html.includes(`/${f}"`));
        const css = js.flatMap((f) => [...(chunks.find((c) => c.fileName === f)?.viteMetadata?.importedCss ?? [])]);
        return [
          ...js.map((f) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `./${f}` },
            injectTo: 'head' as const,
          })),
          ...css.map((f) => ({
            tag: 'link',
            attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `./${f}` },
            injectTo: 'head' as const,
          })),
        ];
      },
    },
  };
}

// The studio is fully bundled: Monaco, its YAML worker and the compile worker are built here, so
// the page never requests anything from another origin. Every URL in the build is relative
// (base './'), so the same files work at a host's root or under any sub-path.
export default defineConfig({
  base: './',
  // The proxy plugin answers /api/v1/… on the dev server only when NTHLAYER_PROMETHEUS_URL is set.
  plugins: [react(), preloadEditor(), nthlayerProxyPlugin()],
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1', port: 4173 },
  worker: { format: 'es' },
  // Pre-bundled up front, or the dev server discovers them late and reloads the page once.
  // path-browserify is CommonJS; the YAML worker imports it unbundled in dev unless it is listed.
  optimizeDeps: {
    include: [
      'monaco-yaml/yaml.worker.js',
      'monaco-editor/esm/vs/editor/editor.worker.js',
      '@monaco-editor/react',
      'monaco-yaml',
      'monaco-yaml > path-browserify',
    ],
  },
  build: {
    outDir: 'dist/studio',
    emptyOutDir: true,
    license: { fileName: 'licenses.md' },
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
    target: 'es2022',
    rolldownOptions: {
      // The core is pure by design (no top-level effects; a test enforces no DOM, clock or I/O):
      // telling the bundler so lets the page load only the core modules it uses instead of the
      // whole core before the editor (the worker bundles what compile needs either way).
      treeshake: {
        moduleSideEffects: (id: string) => (id.includes('/src/core/') ? false : undefined),
      },
    },
  },
});
