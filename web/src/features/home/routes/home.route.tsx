import { Anchor, Badge, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { Columns } from '../../../components/columns';
import { ErrorAlert } from '../../../components/error-alert';
import { Page } from '../../../components/page';
import { PageLoader } from '../../../components/page-loader';
import { StatusBadge } from '../../../components/status-badge';
import { useLiveSubscription } from '../../../components/use-live';
import { useSession } from '../../../components/use-session';
import { useNow } from '../../../components/use-now';
import type { NotificationAddedSubscription as Added } from '../../../gql/graphql';
import { formatDateTime, formatNumber, formatTimeLeft } from '../../../lib/format';
import {
  ApplicationStatusChangedSubscription,
  CandidateHomeQuery,
  NotificationAddedSubscription,
} from '../api/home.operations';
import { TableScroll } from '../../../components/table-scroll';
import { OverrideBadge } from '../../opportunities/components/override-badge';
import { notificationText, type NotificationLike } from '../../../lib/notification-text';

const LIVE = new Set(['SUBMITTED', 'SHORTLISTED', 'OFFERED', 'ACCEPTED']);
type LiveNotification = Added['notificationAdded'];

/** Candidate home: offers with time left, live applications, recommendations, notifications (live). */
export function HomeRoute() {
  const { t } = useTranslation();
  const session = useSession();
  const now = useNow(30_000);
  const [{ data, error, fetching }, refetch] = useQuery({ query: CandidateHomeQuery });
  const [arrived, setArrived] = useState<LiveNotification[]>([]);

  const onNotification = useCallback((event: Added) => {
    setArrived((list) => [event.notificationAdded, ...list]);
  }, []);
  const onStatusChange = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  useLiveSubscription(NotificationAddedSubscription, {}, onNotification);
  useLiveSubscription(ApplicationStatusChangedSubscription, {}, onStatusChange);

  if (!data) return fetching ? <PageLoader /> : <ErrorAlert error={error} />;

  const offers = data.myApplications.filter((a) => a.status === 'OFFERED');
  const live = data.myApplications.filter((a) => LIVE.has(a.status) && a.status !== 'OFFERED');
  const seen = new Set(arrived.map((n) => n.id));
  const notifications = [...arrived, ...data.notifications.filter((n) => !seen.has(n.id))].slice(0, 10);

  return (
    <Page title={t('home.title', { name: session?.user.displayName ?? '' })}>
      <ErrorAlert error={error} />
      <section aria-labelledby="offers-heading">
        <Title order={2} id="offers-heading" size="h3" mb="xs">
          {t('home.offers')}
        </Title>
        {offers.length === 0 ? (
          <Text>{t('home.noOffers')}</Text>
        ) : (
          <Stack gap="xs" data-testid="home-offers">
            {offers.map((offer) => (
              <Card key={offer.id} withBorder>
                <Group justify="space-between" wrap="wrap">
                  <div>
                    <Text fw={600}>{offer.opportunityTitle}</Text>
                    {offer.responseDeadline && (
                      <Text size="sm">
                        {t('home.answerBy', {
                          date: formatDateTime(offer.responseDeadline),
                          left: formatTimeLeft(offer.responseDeadline, now),
                        })}
                      </Text>
                    )}
                  </div>
                  <Anchor component={Link} to={`/offers#${offer.id}`}>
                    {t('home.answerOffer')}
                  </Anchor>
                </Group>
              </Card>
            ))}
          </Stack>
        )}
      </section>

      <Columns>
        <section aria-labelledby="applications-heading">
          <Title order={2} id="applications-heading" size="h3" mb="xs">
            {t('home.applications')}
          </Title>
          {live.length === 0 ? (
            <Text>{t('home.noApplications')}</Text>
          ) : (
            <TableScroll label={t('home.applications')}>
              <Table miw={320} data-testid="home-applications">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('home.opportunity')}</Table.Th>
                    <Table.Th scope="col">{t('home.status')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {live.map((application) => (
                    <Table.Tr key={application.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/opportunities/${application.opportunityId}`}>
                          {application.opportunityTitle}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge kind="application" status={application.status} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          )}
        </section>

        <section aria-labelledby="recommendations-heading">
          <Title order={2} id="recommendations-heading" size="h3" mb="xs">
            {t('home.recommendations')}
          </Title>
          {data.recommendedOpportunities.length === 0 ? (
            <Text>{t('home.noRecommendations')}</Text>
          ) : (
            <List spacing="xs" listStyleType="none" data-testid="home-recommendations">
              {data.recommendedOpportunities.map((r) => (
                <List.Item key={r.opportunity.id}>
                  <Group gap="xs" wrap="nowrap">
                    <Badge
                      variant="outline"
                      color="blue"
                      aria-label={t('fit.scoreLabel', { score: formatNumber(r.score) })}
                    >
                      {formatNumber(r.score)}
                    </Badge>
                    <Anchor component={Link} to={`/opportunities/${r.opportunity.id}`}>
                      {r.opportunity.title}
                    </Anchor>
                    {r.eligibilityOverride && <OverrideBadge />}
                  </Group>
                  <Text size="xs">
                    {r.opportunity.hostOrganisation.name} · {t(`kind.${r.opportunity.kind}`)}
                  </Text>
                </List.Item>
              ))}
            </List>
          )}
        </section>
      </Columns>

      <section aria-labelledby="notifications-heading">
        <Title order={2} id="notifications-heading" size="h3" mb="xs">
          {t('home.notifications')}
        </Title>
        <div aria-live="polite" data-testid="home-notifications">
          {notifications.length === 0 ? (
            <Text>{t('home.noNotifications')}</Text>
          ) : (
            <Stack gap={4}>
              {notifications.map((n) => (
                <Text key={n.id} size="sm">
                  <Text span fw={n.read ? 400 : 700}>
                    {t(`notifications.type.${n.type}`, { defaultValue: t('notifications.generic') })}
                  </Text>{' '}
                  · {formatDateTime(n.createdAt)}: <NotificationText notification={n} />
                </Text>
              ))}
            </Stack>
          )}
        </div>
      </section>
    </Page>
  );
}

function NotificationText({ notification }: { notification: NotificationLike }) {
  const { t } = useTranslation();
  const { text, lang } = notificationText(t, notification);
  return <span lang={lang}>{text}</span>;
}
