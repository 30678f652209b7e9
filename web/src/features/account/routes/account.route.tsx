import { Alert, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { Page } from '../../../components/page';
import { useSession } from '../../../components/use-session';
import { describeError } from '../../../lib/errors';
import { ChangePasswordMutation } from '../../auth/api/auth.operations';

/** Account: who you are, and changing your password (which signs out your other sessions). */
export function AccountRoute() {
  const { t } = useTranslation();
  const session = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [result, change] = useMutation(ChangePasswordMutation);
  const [done, setDone] = useState<number | null>(null);
  const described = result.error ? describeError(result.error, t) : undefined;
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const answer = await change({ currentPassword: current, newPassword: next });
    if (answer.data) {
      setDone(answer.data.changePassword.endedSessions);
      setCurrent('');
      setNext('');
    }
  };
  const toggle = { 'aria-label': t('auth.showPassword') };
  return (
    <Page title={t('account.title')}>
      <Text>
        {session?.user.displayName} · {session?.user.email} · {session?.user.organisationName}
      </Text>
      <form onSubmit={onSubmit} noValidate aria-labelledby="password-heading">
        <Stack maw={420}>
          <Text component="h2" fw={700} size="lg" id="password-heading">
            {t('account.changePassword')}
          </Text>
          {described && !described.fields.currentPassword && !described.fields.newPassword && (
            <Alert color="red" role="alert">
              {described.message}
            </Alert>
          )}
          {done !== null && (
            <Alert color="green" role="status">
              {t('account.changed', { count: done })}
            </Alert>
          )}
          <PasswordInput
            label={t('account.current')}
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={described?.fields.currentPassword ? t('errors.reason.WRONG_PASSWORD') : undefined}
            visibilityToggleButtonProps={toggle}
          />
          <PasswordInput
            label={t('account.new')}
            description={t('account.newHelp')}
            autoComplete="new-password"
            required
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            error={described?.fields.newPassword}
            visibilityToggleButtonProps={toggle}
          />
          <Button type="submit" loading={result.fetching}>
            {t('account.changePassword')}
          </Button>
        </Stack>
      </form>
    </Page>
  );
}
