import '@mantine/core/styles.css';
import './app/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { restoreSession } from './features/auth/api/session-api';
import { createGraphqlClient } from './lib/graphql-client';
import { initialLanguage, setupI18n } from './lib/i18n';

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

setupI18n(initialLanguage(storage(), navigator.languages));
const client = createGraphqlClient();
const root = createRoot(document.getElementById('root') as HTMLElement);

// A reload keeps the session: trade the refresh cookie for an access token before the first page.
void restoreSession(client).finally(() =>
  root.render(
    <StrictMode>
      <App client={client} />
    </StrictMode>,
  ),
);
