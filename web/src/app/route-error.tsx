import { Alert, Button, Stack } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';
import { reportConnection } from '../lib/connection';

/** A page's code could not be loaded (offline, or a new version was deployed): the fetch failed. */
export function isLoadFailure(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    /dynamically imported module|Importing a module script failed|fetch/i.test(error.message)
  );
}

/**
 * What a page shows when it fails: a lost connection says so (and the banner too) with a way to try
 * again; anything else is a failure on our side, in words, never a stack trace.
 */
export function RouteError() {
  return <Failure offline={isLoadFailure(useRouteError())} />;
}

/** The page's code could not be fetched: the connection is lost. */
export function PageNotLoaded() {
  return <Failure offline />;
}

function Failure({ offline }: { offline: boolean }) {
  const { t } = useTranslation();
  useEffect(() => {
    if (offline) reportConnection('offline');
  }, [offline]);
  return (
    <Stack maw={560}>
      <Alert color={offline ? 'orange' : 'red'} role="alert" title={t('errors.title')}>
        {offline ? t('errors.pageNotLoaded') : t('errors.code.INTERNAL_SERVER_ERROR')}
      </Alert>
      <div>
        <Button onClick={() => window.location.reload()}>{t('errors.tryAgain')}</Button>
      </div>
    </Stack>
  );
}
