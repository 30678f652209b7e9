import { Anchor, Button, Card, Group, List, MultiSelect, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert } from '../../../components/error-alert';
import { Page } from '../../../components/page';
import { PageLoader } from '../../../components/page-loader';
import { formatDate, formatPercent } from '../../../lib/format';
import { FutureRolesQuery, RoleGapQuery, SetTargetRolesMutation } from '../api/roles.operations';
import { GapChart } from '../components/gap-chart';

/** Future roles: pick up to three, see the gaps per role and the opportunities that close them. */
export function FutureRolesRoute() {
  const { t } = useTranslation();
  const [{ data, error, fetching }, refetch] = useQuery({ query: FutureRolesQuery });
  if (!data) return fetching ? <PageLoader /> : <ErrorAlert error={error} />;
  return (
    <Page title={t('roles.title')} intro={t('roles.intro')}>
      <TargetRolePicker
        key={data.myTargetRoles.map((r) => r.id).join()}
        roles={data.roleProfiles}
        initial={data.myTargetRoles.map((r) => r.id)}
        onSaved={() => refetch({ requestPolicy: 'network-only' })}
      />
      {data.myTargetRoles.length === 0 && <Text>{t('roles.none')}</Text>}
      {data.myTargetRoles.map((role) => (
        <RoleGaps key={role.id} roleId={role.id} title={role.title} />
      ))}
    </Page>
  );
}

function TargetRolePicker({
  roles,
  initial,
  onSaved,
}: {
  roles: { id: string; title: string; organisation?: { name: string } | null }[];
  initial: string[];
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [saved, save] = useMutation(SetTargetRolesMutation);
  const [picked, setPicked] = useState<string[]>(initial);
  return (
    <>
      <Group align="flex-end" wrap="wrap">
        <MultiSelect
          label={t('roles.pick')}
          description={t('roles.pickHelp')}
          searchable
          maxValues={3}
          value={picked}
          onChange={setPicked}
          data={roles.map((r) => ({
            value: r.id,
            label: r.organisation ? `${r.title} (${r.organisation.name})` : r.title,
          }))}
          miw={320}
        />
        <Button
          loading={saved.fetching}
          onClick={async () => {
            const answer = await save({ roleIds: picked });
            if (!answer.error) onSaved();
          }}
        >
          {t('roles.save')}
        </Button>
      </Group>
      <ErrorAlert error={saved.error} />
    </>
  );
}

function RoleGaps({ roleId, title }: { roleId: string; title: string }) {
  const { t } = useTranslation();
  const [{ data, error, fetching }] = useQuery({ query: RoleGapQuery, variables: { roleId } });
  return (
    <Card withBorder component="section" aria-labelledby={`role-${roleId}`}>
      <Stack>
        <Title order={2} size="h3" id={`role-${roleId}`}>
          {title}
        </Title>
        {!data ? (
          fetching ? (
            <PageLoader />
          ) : (
            <ErrorAlert error={error} />
          )
        ) : (
          <>
            <Text>
              {t('gaps.readiness', {
                share: formatPercent(data.gapAnalysis.readinessShare),
                score: formatPercent(data.gapAnalysis.readinessScore),
              })}
            </Text>
            <GapChart roleTitle={title} items={data.gapAnalysis.items} unknowns={data.gapAnalysis.unknowns} />
            <Title order={3} size="h4">
              {t('gaps.path')}
            </Title>
            {data.developmentPath.length === 0 ? (
              <Text size="sm">{t('gaps.noPath')}</Text>
            ) : (
              <List>
                {data.developmentPath.map((step) => (
                  <List.Item key={step.opportunityId}>
                    <Anchor component={Link} to={`/opportunities/${step.opportunity.id}`}>
                      {step.opportunity.title}
                    </Anchor>{' '}
                    <Text span size="sm">
                      {t('gaps.closes', {
                        share: formatPercent(step.share),
                        competences: step.develops.map((d) => d.competence.name).join(', '),
                        date: formatDate(step.opportunity.applicationDeadline),
                      })}
                    </Text>
                  </List.Item>
                ))}
              </List>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
