import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The studio is fully bundled: Monaco, its YAML worker and the compile worker are built here, so
// the page never requests anything from another origin.
export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1', port: 4173 },
  worker: { format: 'es' },
  // Pre-bundled up front, or the dev server discovers them late and reloads the page once.
  // path-browserify is CommonJS; the YAML worker imports it unbundled in dev unless it is listed.
  optimizeDeps: {
    include: ['monaco-yaml/yaml.worker.js', 'monaco-editor/esm/vs/editor/editor.worker.js', '@monaco-editor/react', 'monaco-yaml', 'monaco-yaml > path-browserify'],
  },
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 4000, target: 'es2022' },
});
