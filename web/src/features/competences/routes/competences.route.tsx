import { Accordion, Badge, Group, List, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert } from '../../../components/error-alert';
import { Page } from '../../../components/page';
import { PageLoader } from '../../../components/page-loader';
import { formatDate } from '../../../lib/format';
import { MyCompetencesQuery, SelfAssessMutation } from '../api/competences.operations';

/**
 * Competences: the four-level scale with what each level means, your self-assessment per competence,
 * and where each rating comes from (self, supervisor, evidence) with its history.
 */
export function CompetencesRoute() {
  const { t } = useTranslation();
  const [{ data, error, fetching }, refetch] = useQuery({ query: MyCompetencesQuery });
  const [assessed, assess] = useMutation(SelfAssessMutation);
  const [search, setSearch] = useState('');
  const effective = useMemo(
    () => new Map((data?.myProfile.competences ?? []).map((c) => [c.competenceId, c])),
    [data],
  );
  if (!data) return fetching ? <PageLoader /> : <ErrorAlert error={error} />;

  const needle = search.trim().toLowerCase();
  const levels = data.proficiencyScale.map((l) => ({
    value: String(l.level),
    label: `${l.level} · ${t(`level.${l.level}`)}`,
  }));
  const history = (competenceId: string) =>
    (data.myProfile.assessments ?? []).filter((a) => a.competenceId === competenceId);

  return (
    <Page title={t('competences.title')} intro={t('competences.intro')}>
      <Table withTableBorder>
        <Table.Caption>{t('competences.scaleCaption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('competences.level')}</Table.Th>
            <Table.Th scope="col">{t('competences.meaning')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.proficiencyScale.map((l) => (
            <Table.Tr key={l.level}>
              <Table.Th scope="row">
                {l.level} · {t(`level.${l.level}`)}
              </Table.Th>
              <Table.Td>{t(`levelDescription.${l.level}`, { defaultValue: l.descriptor })}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ErrorAlert error={assessed.error} />
      <TextInput
        label={t('competences.search')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={400}
      />
      <Accordion multiple defaultValue={data.competenceAreas.slice(0, 1).map((a) => a.id)}>
        {data.competenceAreas.map((area) => {
          const competences = area.competences.filter(
            (c) =>
              !needle ||
              c.name.toLowerCase().includes(needle) ||
              c.description.toLowerCase().includes(needle),
          );
          if (competences.length === 0) return null;
          return (
            <Accordion.Item key={area.id} value={area.id}>
              <Accordion.Control>
                <Title order={2} size="h4" component="span">
                  {area.name}
                </Title>
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="md">
                  {competences.map((c) => {
                    const current = effective.get(c.id);
                    const own = history(c.id).find((a) => a.source === 'SELF');
                    return (
                      <Stack key={c.id} gap={4} data-testid={`competence-${c.id}`}>
                        <Group justify="space-between" wrap="wrap" align="flex-end">
                          <div>
                            <Text fw={600}>{c.name}</Text>
                            <Text size="sm">{c.description}</Text>
                            <Group gap="xs" mt={4}>
                              {current ? (
                                <Badge variant="outline" color="blue">
                                  {t('competences.effective', {
                                    level: t(`level.${current.level}`),
                                    source: t(`source.${current.source}`),
                                  })}
                                </Badge>
                              ) : (
                                <Badge variant="outline" color="gray">
                                  {t('competences.unrated')}
                                </Badge>
                              )}
                            </Group>
                          </div>
                          <Select
                            label={t('competences.selfAssess', { name: c.name })}
                            placeholder={t('competences.pickLevel')}
                            data={levels}
                            value={own ? String(own.level) : null}
                            allowDeselect={false}
                            w={240}
                            onChange={async (value) => {
                              if (!value) return;
                              const answer = await assess({ competenceId: c.id, level: Number(value) });
                              if (!answer.error) refetch({ requestPolicy: 'network-only' });
                            }}
                          />
                        </Group>
                        {history(c.id).length > 0 && (
                          <List size="xs" aria-label={t('competences.history', { name: c.name })}>
                            {history(c.id).map((a) => (
                              <List.Item key={a.id}>
                                {t('competences.historyItem', {
                                  date: formatDate(a.assessedAt),
                                  level: t(`level.${a.level}`),
                                  source: t(`source.${a.source}`),
                                })}
                                {a.note ? ` · ${a.note}` : ''}
                              </List.Item>
                            ))}
                          </List>
                        )}
                      </Stack>
                    );
                  })}
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          );
        })}
      </Accordion>
    </Page>
  );
}
