import { Anchor, Card, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ErrorAlert } from '../../../components/error-alert';
import { Page } from '../../../components/page';
import { PageLoader } from '../../../components/page-loader';
import { formatDateTime } from '../../../lib/format';
import { OpenRoundsQuery } from '../api/rounds.operations';

/** Rounds accepting choices now. */
export function RoundsRoute() {
  const { t } = useTranslation();
  const [{ data, error, fetching }] = useQuery({ query: OpenRoundsQuery });
  if (!data) return fetching ? <PageLoader /> : <ErrorAlert error={error} />;
  return (
    <Page title={t('rounds.title')} intro={t('rounds.intro')}>
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
    </Page>
  );
}
