import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { startFarmClient } from './bridge/farm-client.ts';
import { startClock } from './store/clock-store.ts';
import './styles.css';

startFarmClient();
startClock();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
