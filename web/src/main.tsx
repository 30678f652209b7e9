import '@mantine/core/styles.css';
import './app/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { restoreSession } from './features/auth/api/session-api';
import { createGraphqlClient } from './lib/graphql-client';
import { initialLanguage, setupI18n } from './lib/i18n';
import { reportRecoverableError } from './lib/recoverable-error';

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

setupI18n(initialLanguage(storage(), navigator.languages));
const client = createGraphqlClient();
// A render that threw once and then succeeded is reported with what threw and where (React's own
// report, #520 in production, names neither).
const root = createRoot(document.getElementById('root') as HTMLElement, {
  onRecoverableError: reportRecoverableError,
});

// A reload keeps the session: trade the refresh cookie for an access token before the first page.
void restoreSession(client).finally(() =>
  root.render(
    <StrictMode>
      <App client={client} />
    </StrictMode>,
  ),
);
