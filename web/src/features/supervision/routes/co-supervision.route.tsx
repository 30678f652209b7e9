import { Alert, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert } from '../../../components/error-alert';
import { Page } from '../../../components/page';
import { PageLoader } from '../../../components/page-loader';
import { StatusBadge } from '../../../components/status-badge';
import type { MyCoSupervisionsQuery } from '../../../gql/graphql';
import {
  MyCoSupervisionsQuery as Query,
  RespondToCoSupervisionMutation,
} from '../api/supervision.operations';

type Invitation = MyCoSupervisionsQuery['myCoSupervisions'][number];

/** Co-supervision: invitations to accept or decline with a reason, and the projects you co-supervise. */
export function CoSupervisionRoute() {
  const { t } = useTranslation();
  const [{ data, error, fetching }, refetch] = useQuery({ query: Query });
  if (!data) return fetching ? <PageLoader /> : <ErrorAlert error={error} />;
  return (
    <Page title={t('coSupervision.title')} intro={t('coSupervision.intro')}>
      {data.myCoSupervisions.length === 0 && <Text>{t('coSupervision.none')}</Text>}
      <Stack data-testid="co-supervisions">
        {data.myCoSupervisions.map((c) => (
          <InvitationCard
            key={c.opportunityId}
            invitation={c}
            onChange={() => refetch({ requestPolicy: 'network-only' })}
          />
        ))}
      </Stack>
    </Page>
  );
}

function InvitationCard({ invitation: c, onChange }: { invitation: Invitation; onChange: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [answered, respond] = useMutation(RespondToCoSupervisionMutation);
  const answer = async (accept: boolean) => {
    const result = await respond({
      opportunityId: c.opportunityId,
      accept,
      reason: reason.trim() || undefined,
    });
    if (!result.error) onChange();
  };
  return (
    <Card withBorder component="article" aria-labelledby={`co-${c.opportunityId}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4" id={`co-${c.opportunityId}`}>
            {c.opportunity.title}
          </Title>
          <Group gap="xs">
            <Text size="sm">{t(`coSupervision.status.${c.status}`)}</Text>
            <StatusBadge kind="opportunity" status={c.opportunity.status} />
          </Group>
        </Group>
        <Text size="sm">
          {t('coSupervision.lead', {
            name: c.opportunity.leadSupervisor.displayName,
            organisation: c.opportunity.leadSupervisor.organisation.name,
          })}
        </Text>
        {c.opportunity.reviewComment && (
          <Alert color="yellow" title={t('supervise.hrComment')}>
            {c.opportunity.reviewComment}
          </Alert>
        )}
        {c.declineReason && (
          <Text size="sm">{t('coSupervision.declinedBecause', { reason: c.declineReason })}</Text>
        )}
        <ErrorAlert error={answered.error} />
        {c.status === 'INVITED' && (
          <>
            <Textarea
              label={t('coSupervision.reason')}
              description={t('coSupervision.reasonHelp')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <Group>
              <Button onClick={() => answer(true)} loading={answered.fetching}>
                {t('coSupervision.accept')}
              </Button>
              <Button variant="outline" color="red" onClick={() => answer(false)} loading={answered.fetching}>
                {t('coSupervision.decline')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Card>
  );
}
