/** Entry point: opens a review link if the URL carries one, then renders the studio. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { studioStore } from './app-store.ts';
import { App } from './components/App.tsx';
import { SHARE_PREFIX, decodeShare } from './lib/share.ts';
import './styles.css';

function openReviewFromHash(): void {
  const hash = location.hash;
  if (!hash.startsWith(SHARE_PREFIX)) return;
  const decoded = decodeShare(hash);
  if (decoded.ok) studioStore.getState().startReview(decoded.value);
  else {
    studioStore.getState().setNotice({ kind: 'error', text: `Could not open the review link: ${decoded.error}.` });
    history.replaceState(null, '', location.pathname + location.search);
  }
}

openReviewFromHash();
window.addEventListener('hashchange', openReviewFromHash);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
