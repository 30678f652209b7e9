import { Anchor, Badge, Button, Card, Group, Select, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { ErrorAlert } from '../../../components/error-alert';
import { Page } from '../../../components/page';
import { PageLoader } from '../../../components/page-loader';
import type { CareerStage, OpportunityKind } from '../../../gql/graphql';
import { formatDate, formatNumber } from '../../../lib/format';
import { CAREER_STAGES, OPPORTUNITY_KINDS } from '../../../lib/enums';
import { OpportunitySearchQuery, RecommendationsQuery } from '../api/opportunities.operations';
import { OverrideBadge } from '../components/override-badge';

/** Opportunities: recommended for you, or search and filter (kind, organisation, text, career stage). */
export function OpportunitiesRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'search' ? 'search' : 'recommended';
  return (
    <Page title={t('opportunities.title')} intro={t('opportunities.intro')}>
      <Tabs
        value={tab}
        onChange={(value) => setParams(value === 'search' ? { tab: 'search' } : {})}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="recommended">{t('opportunities.recommended')}</Tabs.Tab>
          <Tabs.Tab value="search">{t('opportunities.search')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="recommended" pt="md">
          <Recommended />
        </Tabs.Panel>
        <Tabs.Panel value="search" pt="md">
          <Search />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}

function Recommended() {
  const { t } = useTranslation();
  const [{ data, error, fetching }] = useQuery({ query: RecommendationsQuery });
  if (!data) return fetching ? <PageLoader /> : <ErrorAlert error={error} />;
  if (data.recommendedOpportunities.length === 0) return <Text>{t('home.noRecommendations')}</Text>;
  return (
    <Stack gap="xs" data-testid="recommendations">
      {data.recommendedOpportunities.map((r) => (
        <Card key={r.opportunity.id} withBorder>
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <div>
              <Anchor component={Link} to={`/opportunities/${r.opportunity.id}`} fw={600}>
                {r.opportunity.title}
              </Anchor>
              <Text size="sm">
                {r.opportunity.hostOrganisation.name} · {t(`kind.${r.opportunity.kind}`)} ·{' '}
                {t('opportunities.deadline', { date: formatDate(r.opportunity.applicationDeadline) })}
              </Text>
              {r.eligibilityOverride && <OverrideBadge />}
            </div>
            <Badge
              variant="outline"
              color="blue"
              size="lg"
              aria-label={t('fit.scoreLabel', { score: formatNumber(r.score) })}
            >
              {formatNumber(r.score)}
            </Badge>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}

interface Filter {
  text: string;
  kind: OpportunityKind | null;
  hostOrganisationId: string | null;
  eligibleStage: CareerStage | null;
}

const EMPTY: Filter = { text: '', kind: null, hostOrganisationId: null, eligibleStage: null };

function Search() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, error, fetching }] = useQuery({
    query: OpportunitySearchQuery,
    variables: {
      after,
      filter: {
        text: filter.text.trim() || undefined,
        kind: filter.kind ?? undefined,
        hostOrganisationId: filter.hostOrganisationId ?? undefined,
        eligibleStage: filter.eligibleStage ?? undefined,
      },
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setAfter(null);
    setFilter(draft);
  };

  return (
    <Stack>
      <form onSubmit={onSubmit} role="search" aria-label={t('opportunities.search')}>
        <Group align="flex-end" wrap="wrap">
          <TextInput
            label={t('opportunities.text')}
            value={draft.text}
            onChange={(e) => setDraft({ ...draft, text: e.currentTarget.value })}
          />
          <Select
            label={t('opportunities.kind')}
            clearable
            value={draft.kind}
            onChange={(value) => setDraft({ ...draft, kind: value as OpportunityKind | null })}
            data={OPPORTUNITY_KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
          />
          <Select
            label={t('opportunities.organisation')}
            clearable
            value={draft.hostOrganisationId}
            onChange={(value) => setDraft({ ...draft, hostOrganisationId: value })}
            data={(data?.organisations ?? []).map((o) => ({ value: o.id, label: o.name }))}
          />
          <Select
            label={t('opportunities.stage')}
            clearable
            value={draft.eligibleStage}
            onChange={(value) => setDraft({ ...draft, eligibleStage: value as CareerStage | null })}
            data={CAREER_STAGES.map((stage) => ({ value: stage, label: t(`stage.${stage}`) }))}
          />
          <Button type="submit">{t('opportunities.searchButton')}</Button>
        </Group>
      </form>
      <ErrorAlert error={error} />
      {!data && fetching && <PageLoader />}
      {data && (
        <>
          <Text role="status">{t('opportunities.found', { count: data.opportunities.totalCount })}</Text>
          <Stack gap="xs" data-testid="search-results">
            {data.opportunities.edges.map(({ node }) => (
              <Card key={node.id} withBorder>
                <Anchor component={Link} to={`/opportunities/${node.id}`} fw={600}>
                  {node.title}
                </Anchor>
                <Text size="sm">
                  {node.hostOrganisation.name} · {t(`kind.${node.kind}`)} ·{' '}
                  {t('opportunities.deadline', { date: formatDate(node.applicationDeadline) })} ·{' '}
                  {t('opportunities.seats', { count: node.seatsAvailable })}
                </Text>
              </Card>
            ))}
          </Stack>
          {data.opportunities.pageInfo.hasNextPage && (
            <Button variant="default" onClick={() => setAfter(data.opportunities.pageInfo.endCursor ?? null)}>
              {t('opportunities.next')}
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}
