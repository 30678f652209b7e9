import { Alert, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert } from '../../../components/error-alert';
import { Page } from '../../../components/page';
import { PageLoader } from '../../../components/page-loader';
import { RankList, type RankItem } from '../../../components/rank-list';
import type { RoundQuery as RoundData } from '../../../gql/graphql';
import { formatDateTime } from '../../../lib/format';
import { RoundOutcomeQuery, RoundQuery, SubmitChoicesMutation } from '../api/rounds.operations';
import { ContestAction } from '../../privacy/components/contest';

type Round = RoundData['round'];

/** A round: rank up to N of its opportunities while it is open; after publication, what you got and why. */
export function RoundRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [{ data, error, fetching }] = useQuery({ query: RoundQuery, variables: { id } });
  if (!data) return fetching ? <PageLoader /> : <ErrorAlert error={error} />;
  const { round } = data;
  const open = round.status === 'OPEN' && new Date(round.rankingDeadline) > new Date();
  return (
    <Page
      title={round.name}
      intro={t('rounds.deadline', { date: formatDateTime(round.rankingDeadline), count: round.maxChoices })}
    >
      {round.status === 'OPEN' ? (
        open ? (
          <Ranking round={round} chosen={data.myRoundChoices.map((c) => c.opportunityId)} />
        ) : (
          <Alert color="blue">{t('rounds.waiting')}</Alert>
        )
      ) : (
        <Outcome round={round} />
      )}
    </Page>
  );
}

function Ranking({ round, chosen }: { round: Round; chosen: string[] }) {
  const { t } = useTranslation();
  const byId = new Map(round.opportunities.map((o) => [o.id, o]));
  const toItem = (id: string): RankItem => ({ id, title: byId.get(id)?.title ?? id });
  const [choices, setRanked] = useState<RankItem[]>(() => chosen.map(toItem));
  const [saved, save] = useMutation(SubmitChoicesMutation);
  const [done, setDone] = useState(false);
  const setChoices = (next: RankItem[]) => {
    setRanked(next);
    setDone(false);
  };
  const full = choices.length >= round.maxChoices;
  const available = round.opportunities.filter((o) => !choices.some((c) => c.id === o.id));
  return (
    <Stack>
      <Card withBorder>
        <Stack>
          <Title order={2} size="h3" id="choices-heading">
            {t('rounds.yourChoices', { count: choices.length, max: round.maxChoices })}
          </Title>
          <Text size="sm">{t('rank.instructions')}</Text>
          {choices.length === 0 ? (
            <Text>{t('rounds.noChoices')}</Text>
          ) : (
            <RankList
              label={t('rounds.choicesLabel')}
              items={choices}
              onChange={setChoices}
              onRemove={(item) => setChoices(choices.filter((c) => c.id !== item.id))}
            />
          )}
          <ErrorAlert error={saved.error} />
          {done && (
            <Alert color="green" role="status">
              {t('rounds.saved')}
            </Alert>
          )}
          <Group>
            <Button
              loading={saved.fetching}
              onClick={async () => {
                const answer = await save({ roundId: round.id, opportunityIds: choices.map((c) => c.id) });
                if (!answer.error) setDone(true);
              }}
            >
              {t('rounds.save')}
            </Button>
          </Group>
        </Stack>
      </Card>
      <Title order={2} size="h3">
        {t('rounds.available')}
      </Title>
      <Stack gap="xs">
        {available.map((o) => (
          <Card key={o.id} withBorder padding="xs">
            <Group justify="space-between" wrap="nowrap">
              <div>
                <Text fw={600}>{o.title}</Text>
                <Text size="sm">
                  {o.hostOrganisation.name} · {t(`kind.${o.kind}`)}
                </Text>
              </div>
              <Button
                variant="default"
                size="xs"
                disabled={full}
                aria-label={t('rounds.add', { title: o.title })}
                onClick={() => setChoices([...choices, toItem(o.id)])}
              >
                {t('rounds.addShort')}
              </Button>
            </Group>
          </Card>
        ))}
      </Stack>
    </Stack>
  );
}

function Outcome({ round }: { round: Round }) {
  const { t } = useTranslation();
  const [{ data, error, fetching }] = useQuery({ query: RoundOutcomeQuery, variables: { id: round.id } });
  if (!data) return fetching ? <PageLoader /> : <ErrorAlert error={error} />;
  const titles = new Map(round.opportunities.map((o) => [o.id, o.title]));
  const outcome = data.myRoundOutcome;
  return (
    <Card withBorder data-testid="round-outcome">
      <Stack>
        <Title order={2} size="h3">
          {t('rounds.outcome')}
        </Title>
        {outcome.opportunityId ? (
          <Text>
            {outcome.choiceRank
              ? t('rounds.placed', {
                  title: outcome.opportunity?.title ?? titles.get(outcome.opportunityId) ?? '',
                  rank: outcome.choiceRank,
                })
              : t('rounds.placedUnranked', {
                  title: outcome.opportunity?.title ?? titles.get(outcome.opportunityId) ?? '',
                })}
          </Text>
        ) : (
          <Text>{t('rounds.notPlaced')}</Text>
        )}
        {outcome.preAssigned && (
          <Text data-testid="round-outcome-reason">
            {t('rounds.preAssigned')} {outcome.reason && <q>{outcome.reason}</q>}
          </Text>
        )}
        {outcome.rankedAbove.length > 0 && (
          <>
            <Text fw={600}>{t('rounds.why')}</Text>
            <List>
              {outcome.rankedAbove.map((c) => (
                <List.Item key={c.opportunityId}>
                  {t('rounds.choiceReason', {
                    rank: c.rank,
                    title: c.opportunity.title,
                    reason: t(`rounds.reason.${c.reason}`),
                  })}
                </List.Item>
              ))}
            </List>
          </>
        )}
        <ContestAction kind="ROUND_OUTCOME" subjectId={round.id} />
      </Stack>
    </Card>
  );
}
