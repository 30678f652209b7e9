import { Alert, Button, Container, Paper, PasswordInput, Stack, TextInput, Title, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import type { CombinedError } from 'urql';
import { useSession } from '../../../components/use-session';
import { describeError } from '../../../lib/errors';
import { sessionEnded } from '../../../lib/session';
import { signIn } from '../api/session-api';

/** Where to go after signing in: the page that asked for it, if it is one of ours. */
function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInRoute() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<CombinedError | undefined>();
  const [busy, setBusy] = useState(false);

  if (session) return <Navigate to={nextPath(location.search)} replace />;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await signIn(email.trim(), password);
    setBusy(false);
    // Signed in: the session changes and the <Navigate> above takes the person on.
    if (result.error) setError(result.error);
  };

  const described = error ? describeError(error, t) : undefined;
  const message =
    described?.code === 'UNAUTHENTICATED'
      ? t('auth.wrongCredentials')
      : described
        ? described.message
        : undefined;

  return (
    <Container size={420} py="xl">
      <Title order={1} ta="center">
        {t('app.name')}
      </Title>
      <Text c="dimmed" ta="center" mt="xs">
        {t('auth.tagline')}
      </Text>
      <Paper withBorder shadow="sm" p="lg" mt="lg" radius="md">
        <form onSubmit={onSubmit} noValidate aria-labelledby="sign-in-title">
          <Stack>
            <Title order={2} size="h3" id="sign-in-title">
              {t('auth.signIn')}
            </Title>
            {sessionEnded() && !error && (
              <Alert color="yellow" role="status">
                {t('auth.sessionEnded')}
              </Alert>
            )}
            {message && (
              <Alert color="red" role="alert">
                {message}
              </Alert>
            )}
            <TextInput
              label={t('auth.email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={described?.fields.email}
            />
            <PasswordInput
              label={t('auth.password')}
              autoComplete="current-password"
              required
              visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={described?.fields.password}
            />
            <Button type="submit" loading={busy}>
              {t('auth.signIn')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
