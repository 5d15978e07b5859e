/**
 * The window's entry: connect to this machine's Lanline backend, take over
 * its WebRTC connections, and render the UI.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { BackendProvider } from './app/backend-context';
import { applyAppearance, preferenceStore } from './app/preferences';
import { connectToBackend } from './backend/connect-to-backend';
import { takeJoinCode } from './invite/join-link';
import { createPageRtcHost } from './rtc/page-rtc-host';
import { startWindowRtc } from './rtc/window-rtc';
import './styles/theme.css';
import './styles/app.css';
import './styles/conversation.css';
import './styles/people.css';
import './styles/dialogs.css';
import './styles/network.css';
import './styles/doctor.css';
import './styles/search.css';
import './styles/shell.css';
import './styles/settings.css';
import './styles/messages.css';
import './styles/groups.css';

// Before the first paint, so a dark-theme person never sees a white flash.
applyAppearance(preferenceStore().get());

const { connection, missingToken } = connectToBackend();
// After the bridge token is taken, so `#token=…&join=…` yields both.
const joinCode = takeJoinCode();
startWindowRtc(connection.api, connection.pipes, createPageRtcHost());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <BackendProvider connection={connection} missingToken={missingToken}>
      <App initialJoinCode={joinCode} />
    </BackendProvider>
  </StrictMode>,
);
