import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert } from '../../../components/error-alert';
import { Page } from '../../../components/page';
import { PageLoader } from '../../../components/page-loader';
import { RankList, type RankItem } from '../../../components/rank-list';
import { StatusBadge } from '../../../components/status-badge';
import type { ApplicantFitQuery as ApplicantFitData, ApplicantsQuery as Data } from '../../../gql/graphql';
import { formatDateTime, formatNumber } from '../../../lib/format';
import {
  ApplicantFitQuery,
  ApplicantsQuery,
  CompleteMutation,
  OfferMutation,
  RankApplicantsMutation,
  RecordEvidenceMutation,
  RejectMutation,
  ShortlistMutation,
} from '../api/supervision.operations';
import { ineligibilityText } from '../../opportunities/components/fit-text';

type Application = Data['applicationsForOpportunity'][number];
type Match = ApplicantFitData['matchingCandidates'][number];
const RANKABLE = new Set(['SUBMITTED', 'SHORTLISTED']);

/** Applicants with fit and missing competences; rank, shortlist, offer, reject, complete, record evidence. */
export function ApplicantsRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ApplicantsQuery,
    variables: { opportunityId: id },
  });
  const [fitResult] = useQuery({ query: ApplicantFitQuery, variables: { opportunityId: id } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const fits = useMemo(
    () => new Map((fitResult.data?.matchingCandidates ?? []).map((m) => [m.userId, m])),
    [fitResult.data],
  );
  if (!data) return fetching ? <PageLoader /> : <ErrorAlert error={error} />;
  return (
    <Page title={t('applicants.title', { title: data.opportunity.title })} intro={t('applicants.intro')}>
      <ErrorAlert error={fitResult.error} />
      <Ranking key={rankingKey(data)} data={data} fits={fits} />
      <Title order={2} size="h3">
        {t('applicants.all')}
      </Title>
      {data.applicationsForOpportunity.length === 0 && <Text>{t('applicants.none')}</Text>}
      <Stack data-testid="applicants">
        {data.applicationsForOpportunity.map((a) => (
          <Applicant
            key={a.id}
            application={a}
            fit={fits.get(a.applicant.id)}
            developed={data.opportunity.developedCompetences}
            onChange={reload}
          />
        ))}
      </Stack>
    </Page>
  );
}

/** A new ranking editor when the live applications change (one was shortlisted, withdrawn, ...). */
function rankingKey(data: Data): string {
  return data.applicationsForOpportunity
    .filter((a) => RANKABLE.has(a.status))
    .map((a) => a.id)
    .sort()
    .join();
}

function Ranking({ data, fits }: { data: Data; fits: Map<string, Match> }) {
  const { t } = useTranslation();
  const initial = useMemo(() => {
    const live = data.applicationsForOpportunity.filter((a) => RANKABLE.has(a.status));
    const ranked = new Map(data.applicantRanking.map((r) => [r.application.id, r.rank]));
    const score = (a: Application) => fits.get(a.applicant.id)?.score ?? 0;
    return live
      .sort((a, b) => (ranked.get(a.id) ?? 1e9) - (ranked.get(b.id) ?? 1e9) || score(b) - score(a))
      .map((a): RankItem => ({ id: a.id, title: a.applicant.displayName }));
  }, [data, fits]);
  const [items, setItems] = useState(initial);
  const [saved, save] = useMutation(RankApplicantsMutation);
  const [done, setDone] = useState(false);
  if (initial.length < 2) return null;
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h3">
          {t('applicants.ranking')}
        </Title>
        <Text size="sm">{t('applicants.rankingHelp')}</Text>
        <RankList
          label={t('applicants.rankingLabel')}
          items={items}
          onChange={(next) => {
            setItems(next);
            setDone(false);
          }}
        />
        <ErrorAlert error={saved.error} />
        {done && (
          <Alert color="green" role="status">
            {t('applicants.rankingSaved')}
          </Alert>
        )}
        <Group>
          <Button
            loading={saved.fetching}
            onClick={async () => {
              const answer = await save({
                opportunityId: data.opportunity.id,
                applicationIds: items.map((i) => i.id),
              });
              if (!answer.error) setDone(true);
            }}
          >
            {t('applicants.saveRanking')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function inAWeek(): string {
  const date = new Date(Date.now() + 7 * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T12:00`;
}

function Applicant({
  application: a,
  fit,
  developed,
  onChange,
}: {
  application: Application;
  fit: Match | undefined;
  developed: { id: string; name: string }[];
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const [shortlisted, shortlist] = useMutation(ShortlistMutation);
  const [offered, offer] = useMutation(OfferMutation);
  const [rejected, reject] = useMutation(RejectMutation);
  const [completed, complete] = useMutation(CompleteMutation);
  const [deadline, setDeadline] = useState(inAWeek);
  const [reason, setReason] = useState('');
  const error = shortlisted.error ?? offered.error ?? rejected.error ?? completed.error;
  const act = async (run: () => Promise<{ error?: unknown }>) => {
    const answer = await run();
    if (!answer.error) onChange();
  };
  const name = a.applicant.displayName;
  return (
    <Card withBorder component="article" aria-labelledby={`applicant-${a.id}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <div>
            <Text fw={600} id={`applicant-${a.id}`}>
              {name}
            </Text>
            <Text size="sm">
              {a.applicant.organisation.name}
              {a.applicant.careerStage ? ` · ${t(`stage.${a.applicant.careerStage}`)}` : ''} ·{' '}
              {t('applicants.applied', { date: formatDateTime(a.createdAt) })}
            </Text>
          </div>
          <Group gap="xs">
            {fit && (
              <Badge variant="outline" color={fit.eligible ? 'blue' : 'red'}>
                {t('applicants.fit', { score: formatNumber(fit.score) })}
                {!fit.eligible && ` · ${t('fit.ineligible')}`}
              </Badge>
            )}
            <StatusBadge kind="application" status={a.status} />
          </Group>
        </Group>
        {a.motivation && (
          <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
            {a.motivation}
          </Text>
        )}
        {fit && !fit.eligible && (
          <List size="sm" aria-label={t('fit.ineligible')} data-testid="applicant-ineligibility">
            {fit.ineligibility
              .filter((reason) => reason.code !== 'ESSENTIAL_NOT_MET')
              .map((reason, index) => (
                <List.Item key={index}>{ineligibilityText(reason, fit.missing, t)}</List.Item>
              ))}
          </List>
        )}
        {fit && fit.missing.length > 0 && (
          <>
            <Text size="sm" fw={600}>
              {t('fit.missing')}
            </Text>
            <List size="sm">
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
          </>
        )}
        <ErrorAlert error={error} />
        <Group align="flex-end" wrap="wrap">
          {a.status === 'SUBMITTED' && (
            <Button
              size="xs"
              onClick={() => act(() => shortlist({ id: a.id }))}
              loading={shortlisted.fetching}
            >
              {t('applicants.shortlist', { name })}
            </Button>
          )}
          {a.status === 'SHORTLISTED' && (
            <>
              <TextInput
                type="datetime-local"
                size="xs"
                label={t('applicants.responseDeadline', { name })}
                value={deadline}
                onChange={(e) => setDeadline(e.currentTarget.value)}
              />
              <Button
                size="xs"
                loading={offered.fetching}
                onClick={() =>
                  act(() => offer({ id: a.id, responseDeadline: new Date(deadline).toISOString() }))
                }
              >
                {t('applicants.offer', { name })}
              </Button>
            </>
          )}
          {(a.status === 'SUBMITTED' || a.status === 'SHORTLISTED') && (
            <>
              <Textarea
                size="xs"
                autosize
                label={t('applicants.rejectReason', { name })}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
              />
              <Button
                size="xs"
                color="red"
                variant="outline"
                loading={rejected.fetching}
                onClick={() => act(() => reject({ id: a.id, reason: reason.trim() || undefined }))}
              >
                {t('applicants.reject', { name })}
              </Button>
            </>
          )}
          {a.status === 'OFFERED' && a.responseDeadline && (
            <Text size="sm">
              {t('applicants.waitingAnswer', { date: formatDateTime(a.responseDeadline) })}
            </Text>
          )}
          {a.status === 'ACCEPTED' && (
            <Button size="xs" onClick={() => act(() => complete({ id: a.id }))} loading={completed.fetching}>
              {t('applicants.complete', { name })}
            </Button>
          )}
        </Group>
        {a.status === 'COMPLETED' && developed.length > 0 && (
          <Evidence applicationId={a.id} name={name} developed={developed} />
        )}
      </Stack>
    </Card>
  );
}

function Evidence({
  applicationId,
  name,
  developed,
}: {
  applicationId: string;
  name: string;
  developed: { id: string; name: string }[];
}) {
  const { t } = useTranslation();
  const [levels, setLevels] = useState<Record<string, string | null>>({});
  const [note, setNote] = useState('');
  const [recorded, record] = useMutation(RecordEvidenceMutation);
  const [done, setDone] = useState(false);
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        {t('applicants.evidence', { name })}
      </Text>
      <Group wrap="wrap">
        {developed.map((c) => (
          <Select
            key={c.id}
            size="xs"
            label={c.name}
            value={levels[c.id] ?? null}
            onChange={(value) => setLevels({ ...levels, [c.id]: value })}
            data={[1, 2, 3, 4].map((level) => ({
              value: String(level),
              label: `${level} · ${t(`level.${level}`)}`,
            }))}
          />
        ))}
      </Group>
      <TextInput
        size="xs"
        label={t('applicants.evidenceNote')}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
      />
      <ErrorAlert error={recorded.error} />
      {done && (
        <Alert color="green" role="status">
          {t('applicants.evidenceSaved')}
        </Alert>
      )}
      <Group>
        <Button
          size="xs"
          loading={recorded.fetching}
          onClick={async () => {
            const assessments = Object.entries(levels)
              .filter(([, level]) => level)
              .map(([competenceId, level]) => ({ competenceId, level: Number(level) }));
            const answer = await record({
              input: { applicationId, assessments, note: note.trim() || undefined },
            });
            if (!answer.error) setDone(true);
          }}
        >
          {t('applicants.recordEvidence')}
        </Button>
      </Group>
    </Stack>
  );
}
