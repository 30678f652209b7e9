import { Anchor, Card, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ErrorAlert } from '../../../components/error-alert';
import { Page } from '../../../components/page';
import { PageLoader } from '../../../components/page-loader';
import { formatDateTime } from '../../../lib/format';
import { MyRoundsQuery, OpenRoundsQuery } from '../api/rounds.operations';

/** Rounds accepting choices now. */
export function RoundsRoute() {
  const { t } = useTranslation();
  const [{ data, error, fetching }] = useQuery({ query: OpenRoundsQuery });
  const [mine] = useQuery({ query: MyRoundsQuery });
  if (!data) return fetching ? <PageLoader /> : <ErrorAlert error={error} />;
  return (
    <Page title={t('rounds.title')} intro={t('rounds.intro')}>
      <Title order={2} size="h3">
        {t('rounds.open')}
      </Title>
      {data.openRounds.length === 0 ? (
        <Text>{t('rounds.none')}</Text>
      ) : (
        <Stack gap="xs">
          {data.openRounds.map((round) => (
            <Card key={round.id} withBorder>
              <Anchor component={Link} to={`/rounds/${round.id}`} fw={600}>
                {round.name}
              </Anchor>
              <Text size="sm">
                {t('rounds.summary', {
                  organisation: round.organisation.name,
                  count: round.maxChoices,
                  date: formatDateTime(round.rankingDeadline),
                })}
              </Text>
            </Card>
          ))}
        </Stack>
      )}
      <Title order={2} size="h3">
        {t('rounds.mine')}
      </Title>
      <ErrorAlert error={mine.error} />
      {mine.data && mine.data.myRounds.length === 0 && <Text>{t('rounds.noneMine')}</Text>}
      <Stack gap="xs" data-testid="my-rounds">
        {mine.data?.myRounds.map((round) => (
          <Card key={round.id} withBorder>
            <Anchor component={Link} to={`/rounds/${round.id}`} fw={600}>
              {round.name}
            </Anchor>
            <Text size="sm">{t(`rounds.status.${round.status}`)}</Text>
          </Card>
        ))}
      </Stack>
    </Page>
  );
}
