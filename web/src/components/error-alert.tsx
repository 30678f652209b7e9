import { Alert } from '@mantine/core';
import type { CombinedError } from 'urql';
import { useTranslation } from 'react-i18next';
import { describeError } from '../lib/errors';

/** A failed request in words, announced to screen readers (role="alert"). */
export function ErrorAlert({ error, title }: { error: CombinedError | undefined; title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const { message } = describeError(error, t);
  return (
    <Alert color="red" role="alert" title={title ?? t('errors.title')} variant="light">
      {message}
    </Alert>
  );
}
