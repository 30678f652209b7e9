import { Alert } from '@mantine/core';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { connectionState, subscribeConnection } from '../lib/connection';

/** Says so while the API cannot be reached; disappears by itself when it answers again. */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const state = useSyncExternalStore(subscribeConnection, connectionState, connectionState);
  return (
    <div role="status" aria-live="polite">
      {state === 'offline' && (
        <Alert color="orange" radius={0} data-testid="connection-lost">
          {t('connection.lost')}
        </Alert>
      )}
    </div>
  );
}
