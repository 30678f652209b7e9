import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert } from '../../../components/error-alert';
import { Page } from '../../../components/page';
import { PageLoader } from '../../../components/page-loader';
import type { PrivacyPageQuery as PrivacyPage } from '../../../gql/graphql';
import { describeError } from '../../../lib/errors';
import { formatDate } from '../../../lib/format';
import { downloadMyData, type DownloadFailure } from '../api/download-my-data';
import {
  GiveConsentMutation,
  PrivacyPageQuery,
  RequestErasureMutation,
  RequestRestrictionMutation,
  WithdrawConsentMutation,
} from '../api/privacy.operations';
import { MyContestsQuery } from '../api/contests.operations';
import { ContestState } from '../components/contest';
import classes from '../components/privacy.module.css';
import { purposeTexts } from '../components/purpose-texts';

type Purpose = PrivacyPage['processingPurposes'][number];
type Consent = PrivacyPage['myConsents'][number];
type Restriction = PrivacyPage['myProcessingRestrictions'][number];
type DataSubjectRequest = PrivacyPage['myDataSubjectRequests'][number];

/**
 * Privacy: why the exchange processes data about you (the register, in plain words), your consents
 * to the optional purposes (give, withdraw), and your rights: download your data, restrict its use,
 * ask for erasure.
 */
export function PrivacyRoute() {
  const { t } = useTranslation();
  const [{ data, error, fetching }, refetch] = useQuery({ query: PrivacyPageQuery });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (!data) return fetching ? <PageLoader /> : <ErrorAlert error={error} />;
  const optional = data.processingPurposes.filter((p) => p.optional);
  return (
    <Page title={t('privacy.title')} intro={t('privacy.intro')}>
      <Purposes purposes={data.processingPurposes} />
      <section aria-labelledby="consents-heading">
        <Title order={2} size="h3" id="consents-heading" mb={4}>
          {t('privacy.consentsTitle')}
        </Title>
        <Text mb="sm">{t('privacy.consentsIntro')}</Text>
        <Stack data-testid="consents">
          {optional.map((purpose) => (
            <ConsentCard
              key={purpose.id}
              purpose={purpose}
              consent={data.myConsents.find((c) => c.purposeCode === purpose.code)}
              onChange={reload}
            />
          ))}
        </Stack>
      </section>
      <Contests />
      <Download />
      <Restrict restrictions={data.myProcessingRestrictions} onChange={reload} />
      <Erasure requests={data.myDataSubjectRequests} onChange={reload} />
    </Page>
  );
}

/** The person's contests of recommendations, rejections and round outcomes, with HR's answers. */
function Contests() {
  const { t } = useTranslation();
  const [{ data, error }] = useQuery({ query: MyContestsQuery });
  return (
    <section aria-labelledby="contests-heading">
      <Title order={2} size="h3" id="contests-heading" mb={4}>
        {t('contest.mine')}
      </Title>
      <Text mb="sm">{t('contest.intro')}</Text>
      <ErrorAlert error={error} />
      {data &&
        (data.myContests.length === 0 ? (
          <Text>{t('contest.none')}</Text>
        ) : (
          <Stack gap="xs" component="ul" className={classes.list} data-testid="my-contests">
            {data.myContests.map((contest) => (
              <Card key={contest.id} withBorder component="li" padding="sm">
                <Text size="sm" fw={600}>
                  {t(`contest.kind.${contest.kind}`)} · {formatDate(contest.filedAt)}
                </Text>
                <Text size="sm">
                  <q>{contest.reason}</q>
                </Text>
                <ContestState contest={contest} />
              </Card>
            ))}
          </Stack>
        ))}
    </section>
  );
}

function Purposes({ purposes }: { purposes: Purpose[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="purposes-heading">
      <Title order={2} size="h3" id="purposes-heading" mb={4}>
        {t('privacy.purposesTitle')}
      </Title>
      <Text mb="sm">{t('privacy.purposesIntro')}</Text>
      <Stack gap="xs" component="ul" className={classes.list} data-testid="purposes">
        {purposes.map((purpose) => {
          const text = purposeTexts(purpose, t);
          return (
            <Card key={purpose.id} withBorder component="li" padding="sm">
              <Group justify="space-between" align="flex-start" gap="xs">
                <Title order={3} size="h5" lang={text.lang}>
                  {text.name}
                </Title>
                <Badge variant="outline" color={purpose.optional ? 'blue' : 'gray'} c="dark.9">
                  {t(`privacy.basis.${purpose.lawfulBasis}`)}
                </Badge>
              </Group>
              <Text size="sm" lang={text.lang}>
                {text.what}
              </Text>
              <Text size="sm" c="dimmed">
                {t('privacy.kept')} <span lang={text.lang}>{text.kept}</span>
              </Text>
            </Card>
          );
        })}
      </Stack>
    </section>
  );
}

/** A consent to FINDABLE_PROFILE changes the profile's visibility: the cached profile is stale. */
const PROFILE_CHANGES = { additionalTypenames: ['Profile', 'Consent'] };

function ConsentCard({
  purpose,
  consent,
  onChange,
}: {
  purpose: Purpose;
  consent: Consent | undefined;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const [given, give] = useMutation(GiveConsentMutation);
  const [withdrawn, withdraw] = useMutation(WithdrawConsentMutation);
  const text = purposeTexts(purpose, t);
  const error = given.error ?? withdrawn.error;
  const active = consent?.active === true;
  const headingId = `consent-${purpose.code}`;
  const onGive = async () => {
    if (!purpose.consentTextVersion) return;
    const answer = await give(
      { purpose: purpose.code, textVersion: purpose.consentTextVersion },
      PROFILE_CHANGES,
    );
    if (!answer.error) onChange();
  };
  const onWithdraw = async () => {
    const answer = await withdraw({ purpose: purpose.code }, PROFILE_CHANGES);
    if (!answer.error) onChange();
  };
  return (
    <Card withBorder component="article" aria-labelledby={headingId} data-testid={`consent-${purpose.code}`}>
      <Group justify="space-between" align="flex-start" gap="xs">
        <Title order={3} size="h5" id={headingId} lang={text.lang}>
          {text.name}
        </Title>
        <Badge variant="outline" color={active ? 'green' : 'gray'} c="dark.9">
          {active ? t('privacy.consentOn') : t('privacy.consentOff')}
        </Badge>
      </Group>
      <Text size="sm" mt={4} lang={text.consentLang}>
        {text.consent}
      </Text>
      <Text size="sm" c="dimmed" mt={4} role="status">
        {consent
          ? active
            ? t('privacy.consentGiven', { date: formatDate(consent.givenAt) })
            : t('privacy.consentWithdrawn', { date: formatDate(consent.withdrawnAt ?? consent.givenAt) })
          : t('privacy.consentNone')}
      </Text>
      {error && (
        <Alert color="red" role="alert" mt="xs">
          {describeError(error, t).message}
        </Alert>
      )}
      <Group mt="sm">
        {active ? (
          <Button
            variant="default"
            onClick={() => void onWithdraw()}
            loading={withdrawn.fetching}
            aria-label={t('privacy.withdrawNamed', { name: text.name })}
          >
            {t('privacy.withdraw')}
          </Button>
        ) : (
          <Button
            onClick={() => void onGive()}
            loading={given.fetching}
            disabled={!purpose.consentTextVersion}
            aria-label={t('privacy.giveNamed', { name: text.name })}
          >
            {t('privacy.give')}
          </Button>
        )}
      </Group>
    </Card>
  );
}

const DOWNLOAD_MESSAGE: Record<DownloadFailure, string> = {
  NETWORK: 'errors.code.NETWORK',
  UNAUTHENTICATED: 'errors.code.UNAUTHENTICATED',
  FAILED: 'privacy.exportFailed',
};

function Download() {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'busy' | 'done' | DownloadFailure>('idle');
  const onClick = async () => {
    setState('busy');
    const { failure } = await downloadMyData();
    setState(failure ?? 'done');
  };
  return (
    <section aria-labelledby="export-heading">
      <Title order={2} size="h3" id="export-heading" mb={4}>
        {t('privacy.exportTitle')}
      </Title>
      <Text mb="sm">{t('privacy.exportIntro')}</Text>
      {state === 'done' && (
        <Alert color="green" role="status" mb="sm">
          {t('privacy.exportDone')}
        </Alert>
      )}
      {state !== 'idle' && state !== 'busy' && state !== 'done' && (
        <Alert color="red" role="alert" mb="sm">
          {t(DOWNLOAD_MESSAGE[state])}
        </Alert>
      )}
      <Button onClick={() => void onClick()} loading={state === 'busy'}>
        {t('privacy.exportButton')}
      </Button>
    </section>
  );
}

function Restrict({ restrictions, onChange }: { restrictions: Restriction[]; onChange: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [result, request] = useMutation(RequestRestrictionMutation);
  const described = result.error ? describeError(result.error, t) : undefined;
  const inForce = restrictions.find((r) => r.inForce);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await request({ reason: reason.trim() });
    if (!answer.error) {
      setReason('');
      onChange();
    }
  };
  return (
    <section aria-labelledby="restrict-heading">
      <Title order={2} size="h3" id="restrict-heading" mb={4}>
        {t('privacy.restrictTitle')}
      </Title>
      <Text mb="sm">{t('privacy.restrictIntro')}</Text>
      {inForce && (
        <Alert color="yellow" role="status" mb="sm" data-testid="restriction-in-force">
          {t('privacy.restrictInForce', { date: formatDate(inForce.startedAt) })}
        </Alert>
      )}
      {restrictions.length > 0 && (
        <List size="sm" mb="sm" aria-label={t('privacy.restrictHistory')}>
          {restrictions.map((r) => (
            <List.Item key={r.id}>
              {r.liftedAt
                ? t('privacy.restrictionLifted', {
                    start: formatDate(r.startedAt),
                    end: formatDate(r.liftedAt),
                  })
                : t('privacy.restrictionSince', { start: formatDate(r.startedAt) })}{' '}
              <q>{r.reason}</q>
            </List.Item>
          ))}
        </List>
      )}
      {!inForce && (
        <form onSubmit={onSubmit} noValidate>
          <Stack maw={620} gap="xs">
            {described && !described.fields.reason && (
              <Alert color="red" role="alert">
                {described.message}
              </Alert>
            )}
            <Textarea
              label={t('privacy.restrictReason')}
              description={t('privacy.restrictReasonHelp')}
              required
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={described?.fields.reason ? t('errors.reason.REASON_REQUIRED') : undefined}
            />
            <Group>
              <Button type="submit" variant="default" loading={result.fetching}>
                {t('privacy.restrictButton')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </section>
  );
}

/**
 * Erasure: the form, or, once asked (also after a reload: the person's own requests), the pending
 * request with what they wrote, until an admin carries it out.
 */
function Erasure({ requests, onChange }: { requests: DataSubjectRequest[]; onChange: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [sure, setSure] = useState(false);
  const [result, request] = useMutation(RequestErasureMutation);
  const described = result.error ? describeError(result.error, t) : undefined;
  const pending = requests.find((r) => r.kind === 'ERASURE' && r.status === 'REQUESTED');
  const justAsked = result.data?.requestErasure;
  const requested = pending
    ? { requestedAt: pending.requestedAt, reason: pending.reason }
    : justAsked && { requestedAt: justAsked.createdAt, reason: justAsked.reason };
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!sure) return;
    await request({ reason: reason.trim() || null });
    // Also after ERASURE_ALREADY_REQUESTED (asked in another tab): the reload shows the pending one.
    onChange();
  };
  return (
    <section aria-labelledby="erase-heading">
      <Title order={2} size="h3" id="erase-heading" mb={4}>
        {t('privacy.eraseTitle')}
      </Title>
      <Text mb="sm">{t('privacy.eraseIntro')}</Text>
      {requested ? (
        <Alert color="blue" role="status" data-testid="erasure-requested">
          <Group gap="xs" mb={4}>
            <Badge variant="outline" color="blue" c="dark.9">
              {t('privacy.erasePending')}
            </Badge>
          </Group>
          <Text size="sm">{t('privacy.eraseRequested', { date: formatDate(requested.requestedAt) })}</Text>
          {requested.reason && (
            <Text size="sm" mt={4}>
              {t('privacy.eraseYourWords')} <q>{requested.reason}</q>
            </Text>
          )}
        </Alert>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <Stack maw={620} gap="xs">
            {described && (
              <Alert color={described.code === 'CONFLICT' ? 'blue' : 'red'} role="alert">
                {described.message}
              </Alert>
            )}
            <Textarea
              label={t('privacy.eraseReason')}
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <Checkbox
              label={t('privacy.eraseConfirm')}
              checked={sure}
              onChange={(e) => setSure(e.currentTarget.checked)}
            />
            <Group>
              <Button type="submit" color="red" disabled={!sure} loading={result.fetching}>
                {t('privacy.eraseButton')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </section>
  );
}
