/** Placeholder studio: validates the bundled example and lists the generated files. */
import type React from 'react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { compile, formatDiagnostic } from '../core/index.ts';
import example from '../../examples/payment-api.yaml?raw';

function App(): React.JSX.Element {
  const result = compile({ file: 'payment-api.yaml', text: example });
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', margin: '2rem' }}>
      <h1>NthLayer Studio</h1>
      <p>The studio is being built. The core already validates this example:</p>
      <pre>{example}</pre>
      <h2>Diagnostics</h2>
      <ul>{result.diagnostics.map((d, i) => <li key={i}>{formatDiagnostic(d)}</li>)}</ul>
      <h2>Generated files</h2>
      <ul>{result.bundle?.files.map((f) => <li key={f.path}>{f.path}</li>)}</ul>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
