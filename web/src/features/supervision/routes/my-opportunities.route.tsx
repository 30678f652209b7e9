import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert } from '../../../components/error-alert';
import { Page } from '../../../components/page';
import { PageLoader } from '../../../components/page-loader';
import { StatusBadge } from '../../../components/status-badge';
import { formatDate } from '../../../lib/format';
import {
  MyOpportunitiesQuery,
  SubmitOpportunityMutation,
  SupervisionCapacityQuery,
} from '../api/supervision.operations';
import { InviteCoSupervisor } from '../components/invite-co-supervisor';

/** Supervisor: my opportunities in every state; create, edit, submit for approval, HR's comment, applicants. */
export function MyOpportunitiesRoute() {
  const { t } = useTranslation();
  const [{ data, error, fetching }, refetch] = useQuery({ query: MyOpportunitiesQuery });
  const [submitted, submit] = useMutation(SubmitOpportunityMutation);
  if (!data) return fetching ? <PageLoader /> : <ErrorAlert error={error} />;
  return (
    <Page title={t('supervise.title')} intro={t('supervise.intro')}>
      <SupervisionCapacity />
      <Group>
        <Button component={Link} to="/supervise/new">
          {t('supervise.new')}
        </Button>
      </Group>
      <ErrorAlert error={submitted.error} />
      {data.myOpportunities.length === 0 && <Text>{t('supervise.none')}</Text>}
      <Stack gap="xs" data-testid="my-opportunities">
        {data.myOpportunities.map((o) => (
          <Card key={o.id} withBorder component="article" aria-labelledby={`opp-${o.id}`}>
            <Stack gap={6}>
              <Group justify="space-between" wrap="wrap">
                <Text fw={600} id={`opp-${o.id}`}>
                  {o.title}
                </Text>
                <Group gap="xs">
                  <Badge variant="outline" color="gray">
                    {t(`kind.${o.kind}`)}
                  </Badge>
                  <StatusBadge kind="opportunity" status={o.status} />
                </Group>
              </Group>
              <Text size="sm">
                {t('supervise.summary', {
                  seats: o.seatsAvailable,
                  capacity: o.capacity,
                  date: formatDate(o.applicationDeadline),
                })}
              </Text>
              {o.coSupervision && (
                <Text size="sm">
                  {t('supervise.coSupervisor', {
                    name: o.coSupervision.coSupervisor.displayName,
                    organisation: o.coSupervision.coSupervisor.organisation.name,
                    status: t(`coSupervision.status.${o.coSupervision.status}`),
                  })}
                  {o.coSupervision.declineReason && ` · ${o.coSupervision.declineReason}`}
                </Text>
              )}
              {o.kind === 'CO_SUPERVISED_PROJECT' &&
                o.status === 'DRAFT' &&
                (!o.coSupervision || o.coSupervision.status === 'DECLINED') && (
                  <InviteCoSupervisor
                    opportunityId={o.id}
                    onInvited={() => refetch({ requestPolicy: 'network-only' })}
                  />
                )}
              {o.reviewComment && (
                <Alert color="yellow" title={t('supervise.hrComment')}>
                  {o.reviewComment}
                </Alert>
              )}
              <Group gap="sm">
                {o.status === 'DRAFT' && (
                  <>
                    <Anchor component={Link} to={`/supervise/${o.id}/edit`}>
                      {t('supervise.edit', { title: o.title })}
                    </Anchor>
                    <Button
                      size="xs"
                      variant="outline"
                      onClick={async () => {
                        const answer = await submit({ id: o.id });
                        if (!answer.error) refetch({ requestPolicy: 'network-only' });
                      }}
                    >
                      {t('supervise.submit')}
                    </Button>
                  </>
                )}
                {o.status !== 'DRAFT' && o.status !== 'PENDING_APPROVAL' && (
                  <Anchor component={Link} to={`/supervise/${o.id}/applicants`}>
                    {t('supervise.applicants', { title: o.title })}
                  </Anchor>
                )}
              </Group>
            </Stack>
          </Card>
        ))}
      </Stack>
    </Page>
  );
}

/** The supervision capacity HR set (read-only): a failure to read it leaves the line out. */
function SupervisionCapacity() {
  const { t } = useTranslation();
  const [{ data }] = useQuery({ query: SupervisionCapacityQuery });
  if (!data) return null;
  return (
    <Text size="sm" data-testid="supervision-capacity">
      {t('supervise.capacity', { count: data.myProfile.supervisionCapacity })}
    </Text>
  );
}
