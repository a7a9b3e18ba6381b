import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { startFarmClient } from './bridge/farm-client.ts';
import { startNoticesClient } from './features/app-notices/notices-store.ts';
import { startCloudClient } from './features/cloud/cloud-store.ts';
import { startNotifications } from './features/notifications/notify-store.ts';
import { startPrintClient } from './features/print/print-store.ts';
import { startRecordsClient } from './features/history/records-status.tsx';
import { startClock } from './store/clock-store.ts';
import './styles.css';

startFarmClient();
startNotifications();
startCloudClient();
startNoticesClient();
startPrintClient();
startRecordsClient();
startClock();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
