import { Alert, Badge, Button, Card, Group, List, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Columns } from '../../../components/columns';
import { ErrorAlert } from '../../../components/error-alert';
import { Page } from '../../../components/page';
import { PageLoader } from '../../../components/page-loader';
import { StatusBadge } from '../../../components/status-badge';
import { describeError } from '../../../lib/errors';
import { formatDate, formatDateTime } from '../../../lib/format';
import {
  OpportunityDetailQuery,
  OpportunityFitQuery,
  SubmitApplicationMutation,
  WithdrawApplicationMutation,
} from '../api/opportunities.operations';
import { ContestAction } from '../../privacy/components/contest';
import { FitExplanation } from '../components/fit-explanation';
import { OpportunityFacts } from '../components/opportunity-facts';

const LIVE = new Set(['SUBMITTED', 'SHORTLISTED', 'OFFERED', 'ACCEPTED']);

/** One opportunity: what it is, the fit explanation, apply with a motivation or withdraw. */
export function OpportunityRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [{ data, error, fetching }, refetch] = useQuery({ query: OpportunityDetailQuery, variables: { id } });
  const opportunity = data?.opportunity;
  const [fitResult] = useQuery({ query: OpportunityFitQuery, variables: { id } });

  if (!opportunity) return fetching ? <PageLoader /> : <ErrorAlert error={error} />;
  const fit = fitResult.data?.myFit;
  const application = data.myApplications.find(
    (a) => a.opportunityId === opportunity.id && LIVE.has(a.status),
  );
  const rejected = data.myApplications.find(
    (a) => a.opportunityId === opportunity.id && a.status === 'REJECTED',
  );

  return (
    <Page title={opportunity.title}>
      <Group gap="xs">
        <Badge variant="outline" color="gray">
          {t(`kind.${opportunity.kind}`)}
        </Badge>
        <StatusBadge kind="opportunity" status={opportunity.status} />
      </Group>
      <Columns>
        <Stack>
          <Text style={{ whiteSpace: 'pre-line' }}>{opportunity.description}</Text>
          <OpportunityFacts opportunity={opportunity} />
          {opportunity.confidentialDetails && (
            <Alert color="blue" title={t('opportunity.confidential')}>
              {opportunity.confidentialDetails}
            </Alert>
          )}
          <Title order={2} size="h3">
            {t('opportunity.requirements')}
          </Title>
          {opportunity.requirements.length === 0 ? (
            <Text>{t('opportunity.noRequirements')}</Text>
          ) : (
            <List>
              {opportunity.requirements.map((r) => (
                <List.Item key={r.competenceId}>
                  {r.competence.name}: {t(`level.${r.minLevel}`)}
                  {r.essential && ` (${t('fit.essential')})`}
                </List.Item>
              ))}
            </List>
          )}
          {opportunity.developedCompetences.length > 0 && (
            <>
              <Title order={2} size="h3">
                {t('opportunity.develops')}
              </Title>
              <Text>{opportunity.developedCompetences.map((c) => c.name).join(', ')}</Text>
            </>
          )}
        </Stack>
        <Stack>
          {application ? (
            <Withdraw application={application} onDone={() => refetch({ requestPolicy: 'network-only' })} />
          ) : opportunity.status === 'OPEN' ? (
            <Apply opportunityId={opportunity.id} onDone={() => refetch({ requestPolicy: 'network-only' })} />
          ) : null}
          {rejected && !application && <ContestAction kind="APPLICATION_REJECTION" subjectId={rejected.id} />}
          {fit ? (
            <>
              <FitExplanation fit={fit} />
              <ContestAction kind="RECOMMENDATION" subjectId={opportunity.id} />
            </>
          ) : fitResult.error ? (
            <ErrorAlert error={fitResult.error} />
          ) : !fitResult.data ? (
            <PageLoader />
          ) : (
            <Text size="sm" data-testid="fit-explanation">
              {t('fit.notAvailable')}
            </Text>
          )}
        </Stack>
      </Columns>
      <Text size="sm">
        {t('opportunity.deadlineAt', { date: formatDateTime(opportunity.applicationDeadline) })} ·{' '}
        {t('opportunity.period', {
          start: formatDate(opportunity.startsOn),
          end: formatDate(opportunity.endsOn),
        })}
      </Text>
    </Page>
  );
}

function Apply({ opportunityId, onDone }: { opportunityId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [motivation, setMotivation] = useState('');
  const [result, submit] = useMutation(SubmitApplicationMutation);
  const described = result.error ? describeError(result.error, t) : undefined;
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await submit({ input: { opportunityId, motivation } });
    if (!answer.error) onDone();
  };
  return (
    <Card withBorder>
      <form onSubmit={onSubmit} aria-labelledby="apply-heading">
        <Stack>
          <Title order={2} size="h3" id="apply-heading">
            {t('opportunity.apply')}
          </Title>
          {described && !described.fields.motivation && (
            <Alert color="red" role="alert">
              {described.message}
            </Alert>
          )}
          <Textarea
            label={t('opportunity.motivation')}
            description={t('opportunity.motivationHelp')}
            required
            autosize
            minRows={4}
            maxLength={5000}
            value={motivation}
            onChange={(e) => setMotivation(e.currentTarget.value)}
            error={described?.fields.motivation}
          />
          <Button type="submit" loading={result.fetching}>
            {t('opportunity.submitApplication')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function Withdraw({
  application,
  onDone,
}: {
  application: { id: string; status: string };
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [result, withdraw] = useMutation(WithdrawApplicationMutation);
  const canWithdraw = application.status === 'SUBMITTED' || application.status === 'SHORTLISTED';
  return (
    <Card withBorder data-testid="my-application">
      <Stack>
        <Title order={2} size="h3">
          {t('opportunity.yourApplication')}
        </Title>
        <Group>
          <StatusBadge kind="application" status={application.status} />
        </Group>
        <ErrorAlert error={result.error} />
        {canWithdraw && (
          <>
            <Textarea
              label={t('opportunity.withdrawReason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <Button
              color="red"
              variant="outline"
              loading={result.fetching}
              onClick={async () => {
                const answer = await withdraw({ id: application.id, reason: reason.trim() || undefined });
                if (!answer.error) onDone();
              }}
            >
              {t('opportunity.withdraw')}
            </Button>
          </>
        )}
      </Stack>
    </Card>
  );
}
