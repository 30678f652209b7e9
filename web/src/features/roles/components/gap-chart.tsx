import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { List, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { gapChartData, type GapItemLike } from './gap-chart-data';
import { TableScroll } from '../../../components/table-scroll';

interface Unknown {
  competenceId: string;
  requiredLevel: number;
  essential: boolean;
  competence: { name: string };
}

/**
 * Current against required level per competence (biggest gaps first), with the same figures as a
 * table for screen readers and keyboard users; unrated competences listed apart as unknown.
 */
export function GapChart({
  roleTitle,
  items,
  unknowns,
}: {
  roleTitle: string;
  items: GapItemLike[];
  unknowns: Unknown[];
}) {
  const { t } = useTranslation();
  const rows = gapChartData(items);
  const current = t('gaps.current');
  const required = t('gaps.required');
  return (
    <Stack gap="sm">
      {rows.length > 0 && (
        <figure aria-labelledby={`chart-${roleTitle}`} style={{ margin: 0 }}>
          <div aria-hidden>
            <BarChart
              h={Math.max(160, rows.length * 44)}
              data={rows.map((r) => ({
                competence: r.competence,
                [current]: r.current,
                [required]: r.required,
              }))}
              dataKey="competence"
              orientation="vertical"
              yAxisProps={{ width: 180 }}
              xAxisProps={{ domain: [0, 4], ticks: [0, 1, 2, 3, 4] }}
              series={[
                { name: current, color: 'blue.8' },
                { name: required, color: 'gray.5' },
              ]}
              withLegend
              withTooltip={false}
              // The table below carries the figures for keyboard and screen reader users.
              barChartProps={{ accessibilityLayer: false }}
            />
          </div>
          <figcaption id={`chart-${roleTitle}`}>
            <Text size="sm">{t('gaps.chartCaption', { role: roleTitle })}</Text>
          </figcaption>
        </figure>
      )}
      <TableScroll label={t('gaps.tableCaption', { role: roleTitle })}>
        <Table miw={420} data-testid="gap-table">
          <Table.Caption>{t('gaps.tableCaption', { role: roleTitle })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('gaps.competence')}</Table.Th>
              <Table.Th scope="col">{current}</Table.Th>
              <Table.Th scope="col">{required}</Table.Th>
              <Table.Th scope="col">{t('gaps.gap')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.competence}>
                <Table.Th scope="row">
                  {r.competence}
                  {r.essential && ` (${t('fit.essential')})`}
                </Table.Th>
                <Table.Td>{t(`level.${r.current}`)}</Table.Td>
                <Table.Td>{t(`level.${r.required}`)}</Table.Td>
                <Table.Td>{r.gap}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      <Title order={4} size="h5">
        {t('gaps.unknowns')}
      </Title>
      {unknowns.length === 0 ? (
        <Text size="sm">{t('gaps.noUnknowns')}</Text>
      ) : (
        <List size="sm" data-testid="gap-unknowns">
          {unknowns.map((u) => (
            <List.Item key={u.competenceId}>
              {t('gaps.unknownItem', { name: u.competence.name, required: t(`level.${u.requiredLevel}`) })}
              {u.essential && ` (${t('fit.essential')})`}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
