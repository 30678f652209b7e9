import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OpportunityDetailQuery } from '../../../gql/graphql';
import { formatNumber } from '../../../lib/format';

type Opportunity = OpportunityDetailQuery['opportunity'];

/** The opportunity's facts: host, supervisor, seats, language, work mode and the kind's own fields. */
export function OpportunityFacts({ opportunity }: { opportunity: Opportunity }) {
  const { t } = useTranslation();
  const d = opportunity.details;
  const rows: [string, string][] = [
    [
      t('opportunity.host'),
      [opportunity.hostOrganisation.name, opportunity.hostDepartment?.name].filter(Boolean).join(', '),
    ],
    [t('opportunity.supervisor'), opportunity.leadSupervisor.displayName],
    [t('opportunity.seats'), `${opportunity.seatsAvailable} / ${opportunity.capacity}`],
    [t('opportunity.language'), opportunity.language.toUpperCase()],
    [t('opportunity.workMode'), t(`workMode.${opportunity.workMode}`)],
    [
      t('opportunity.stages'),
      opportunity.eligibleStages.length === 0
        ? t('opportunity.allStages')
        : opportunity.eligibleStages.map((s) => t(`stage.${s}`)).join(', '),
    ],
  ];
  if (d.subject) rows.push([t('details.subject'), d.subject]);
  if (d.teachingHours != null) rows.push([t('details.teachingHours'), formatNumber(d.teachingHours)]);
  if (d.courseLevel) rows.push([t('details.courseLevel'), t(`courseLevel.${d.courseLevel}`)]);
  if (d.weeks != null) rows.push([t('details.weeks'), formatNumber(d.weeks)]);
  if (d.credits != null) rows.push([t('details.credits'), formatNumber(d.credits)]);
  if (d.days != null) rows.push([t('details.days'), formatNumber(d.days)]);
  if (d.groupSize != null) rows.push([t('details.groupSize'), formatNumber(d.groupSize)]);
  if (d.projectLevel) rows.push([t('details.projectLevel'), t(`projectLevel.${d.projectLevel}`)]);
  if (d.load != null) rows.push([t('details.load'), formatNumber(d.load)]);
  return (
    <Table variant="vertical" withTableBorder>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th scope="row">{label}</Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
