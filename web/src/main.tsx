import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '#/app/App';
import { applyTheme, readStoredTheme } from '#/app/theme';
import '#/app/styles.css';

// Before the first paint, so a stored dark theme does not flash light.
applyTheme(readStoredTheme());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
