import { Alert, List, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OpportunityFitQuery } from '../../../gql/graphql';
import { formatNumber, formatPercent } from '../../../lib/format';
import { ineligibilityText, partDetail } from './fit-text';

type Fit = OpportunityFitQuery['myFit'];

/**
 * Why this fit: the score, each part with its weight and value, what is missing, why ineligible, and
 * HR's reason when HR lets the candidate apply although not eligible (then the API reports the fit as
 * eligible, with no ineligibility).
 */
export function FitExplanation({ fit }: { fit: Fit }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" data-testid="fit-explanation">
      <Title order={2} size="h3">
        {t('fit.title', { score: formatNumber(fit.score) })}
      </Title>
      {fit.eligibilityOverride && (
        <Alert color="teal" title={t('fit.overrideTitle')} data-testid="eligibility-override">
          <Text size="sm">{t('fit.override', { reason: fit.eligibilityOverride.reason })}</Text>
        </Alert>
      )}
      {!fit.eligible && (
        <Alert color="red" title={t('fit.ineligible')}>
          <List size="sm">
            {fit.ineligibility.map((reason, index) => (
              <List.Item key={index}>{ineligibilityText(reason, fit.missing, t)}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Table>
        <Table.Caption>{t('fit.partsCaption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('fit.part')}</Table.Th>
            <Table.Th scope="col">{t('fit.value')}</Table.Th>
            <Table.Th scope="col">{t('fit.weight')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {fit.parts.map((part) => (
            <Table.Tr key={part.key}>
              <Table.Th scope="row">
                <Text size="sm" fw={600}>
                  {t(`fit.parts.${part.key}`)}
                </Text>
                <Text size="xs">{partDetail(part, t)}</Text>
              </Table.Th>
              <Table.Td>
                <Progress value={part.value * 100} aria-label={t(`fit.parts.${part.key}`)} size="sm" />
                <Text size="xs">{formatPercent(part.value)}</Text>
              </Table.Td>
              <Table.Td>{formatNumber(part.weight)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={3} size="h4">
        {t('fit.missing')}
      </Title>
      {fit.missing.length === 0 ? (
        <Text>{t('fit.nothingMissing')}</Text>
      ) : (
        <List>
          {fit.missing.map((m) => (
            <List.Item key={m.competenceId}>
              {t('fit.missingItem', {
                name: m.competence.name,
                required: t(`level.${m.requiredLevel}`),
                current: m.currentLevel ? t(`level.${m.currentLevel}`) : t('common.unknown'),
              })}
              {m.essential && ` (${t('fit.essential')})`}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
