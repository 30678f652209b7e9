import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, type CombinedError } from 'urql';
import type {
  CareerStage,
  CourseLevel,
  OpportunityDetailsInput,
  OpportunityKind,
  ProjectLevel,
  WorkMode,
} from '../../../gql/graphql';
import { CAREER_STAGES, OPPORTUNITY_KINDS } from '../../../lib/enums';
import { describeError } from '../../../lib/errors';
import { CompetenceSearchQuery } from '../api/supervision.operations';

export interface RequirementDraft {
  competenceId: string;
  minLevel: number;
  essential: boolean;
  weight: number;
}

export interface OpportunityDraft {
  kind: OpportunityKind;
  title: string;
  description: string;
  startsOn: string;
  endsOn: string;
  applicationDeadline: string; // datetime-local, the person's time zone
  capacity: number;
  eligibleStages: CareerStage[];
  language: string;
  workMode: WorkMode;
  confidentialDetails: string;
  details: OpportunityDetailsInput;
  requirements: RequirementDraft[];
  developedCompetenceIds: string[];
}

/** Each kind's own fields (the API refuses the others). */
export const KIND_FIELDS: Record<OpportunityKind, (keyof OpportunityDetailsInput)[]> = {
  EXCHANGE_SLOT: ['subject', 'teachingHours', 'courseLevel'],
  INTERNSHIP: ['weeks', 'credits'],
  WORKPLACE_VISIT: ['days', 'groupSize'],
  CO_SUPERVISED_PROJECT: ['projectLevel', 'load'],
};

const COURSE_LEVELS: CourseLevel[] = ['BACHELOR', 'MASTER', 'PHD', 'PROFESSIONAL'];
const PROJECT_LEVELS: ProjectLevel[] = ['MASTER', 'POSTDOC'];
const WORK_MODES: WorkMode[] = ['ON_SITE', 'HYBRID', 'REMOTE'];
const NUMBER_FIELDS = ['teachingHours', 'weeks', 'credits', 'days', 'groupSize', 'load'] as const;

const DAY_MS = 86_400_000;

/**
 * A workplace visit's days: from the first to the last date, both included (the server refuses any
 * other number); null unless both are dates and the last is not before the first.
 */
export function visitDays(startsOn: string, endsOn: string): number | null {
  const from = Date.parse(`${startsOn}T00:00:00Z`);
  const to = Date.parse(`${endsOn}T00:00:00Z`);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) return null;
  return Math.round((to - from) / DAY_MS) + 1;
}

/** The draft as sent: a visit's days derived from its dates, never typed. */
export function withDerivedDays(draft: OpportunityDraft): OpportunityDraft {
  if (draft.kind !== 'WORKPLACE_VISIT') return draft;
  return { ...draft, details: { ...draft.details, days: visitDays(draft.startsOn, draft.endsOn) } };
}

/** Only the kind's own detail fields, without empty ones. */
export function detailsFor(kind: OpportunityKind, details: OpportunityDetailsInput): OpportunityDetailsInput {
  const out: Record<string, unknown> = {};
  for (const key of KIND_FIELDS[kind]) {
    const value = details[key];
    if (value !== undefined && value !== null && value !== '') out[key] = value;
  }
  return out as OpportunityDetailsInput;
}

interface Props {
  initial: OpportunityDraft;
  kindLocked: boolean;
  busy: boolean;
  error: CombinedError | undefined;
  submitLabel: string;
  onSubmit: (draft: OpportunityDraft) => void;
}

/** Create or edit an opportunity: shared fields, the kind's own fields, requirements with a competence picker. */
export function OpportunityForm({ initial, kindLocked, busy, error, submitLabel, onSubmit }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<OpportunityDraft>(initial);
  const [{ data: competences }] = useQuery({ query: CompetenceSearchQuery, variables: {} });
  const described = error ? describeError(error, t) : undefined;
  const field = (name: string) => described?.fields[name];
  const competenceOptions = (competences?.competences ?? []).map((c) => ({
    value: c.id,
    label: `${c.name} (${c.area.name})`,
  }));
  const set = <K extends keyof OpportunityDraft>(key: K, value: OpportunityDraft[K]) =>
    setDraft({ ...draft, [key]: value });
  const setDetail = (key: keyof OpportunityDetailsInput, value: unknown) =>
    setDraft({ ...draft, details: { ...draft.details, [key]: value } });
  const setRequirement = (index: number, patch: Partial<RequirementDraft>) => {
    const requirements = [...draft.requirements];
    requirements[index] = { ...requirements[index], ...patch };
    set('requirements', requirements);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(withDerivedDays(draft));
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={760}>
        {described && (
          <Alert color="red" role="alert">
            {described.message}
          </Alert>
        )}
        <Select
          label={t('form.kind')}
          required
          disabled={kindLocked}
          allowDeselect={false}
          value={draft.kind}
          onChange={(value) => value && set('kind', value as OpportunityKind)}
          data={OPPORTUNITY_KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
        />
        <TextInput
          label={t('form.title')}
          required
          value={draft.title}
          onChange={(e) => set('title', e.currentTarget.value)}
          error={field('title')}
        />
        <Textarea
          label={t('form.description')}
          required
          autosize
          minRows={3}
          value={draft.description}
          onChange={(e) => set('description', e.currentTarget.value)}
          error={field('description')}
        />
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            type="date"
            label={t('form.startsOn')}
            required
            value={draft.startsOn}
            onChange={(e) => set('startsOn', e.currentTarget.value)}
            error={field('startsOn')}
          />
          <TextInput
            type="date"
            label={t('form.endsOn')}
            required
            value={draft.endsOn}
            onChange={(e) => set('endsOn', e.currentTarget.value)}
            error={field('endsOn')}
          />
          <TextInput
            type="datetime-local"
            label={t('form.deadline')}
            required
            value={draft.applicationDeadline}
            onChange={(e) => set('applicationDeadline', e.currentTarget.value)}
            error={field('applicationDeadline')}
          />
        </Group>
        <Group grow align="flex-start" wrap="wrap">
          <NumberInput
            label={t('form.capacity')}
            required
            min={1}
            value={draft.capacity}
            onChange={(value) => set('capacity', Number(value) || 0)}
            error={field('capacity')}
          />
          <TextInput
            label={t('form.language')}
            description={t('profile.languageCodeHelp')}
            maxLength={2}
            value={draft.language}
            onChange={(e) => set('language', e.currentTarget.value.toLowerCase())}
            error={field('language')}
          />
          <Select
            label={t('form.workMode')}
            allowDeselect={false}
            value={draft.workMode}
            onChange={(value) => value && set('workMode', value as WorkMode)}
            data={WORK_MODES.map((mode) => ({ value: mode, label: t(`workMode.${mode}`) }))}
          />
        </Group>
        <MultiSelect
          label={t('form.stages')}
          description={t('form.stagesHelp')}
          value={draft.eligibleStages}
          onChange={(value) => set('eligibleStages', value as CareerStage[])}
          data={CAREER_STAGES.map((stage) => ({ value: stage, label: t(`stage.${stage}`) }))}
        />

        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('form.kindFields', { kind: t(`kind.${draft.kind}`) })}
          </Title>
          <Group grow align="flex-start" wrap="wrap">
            {KIND_FIELDS[draft.kind].map((key) =>
              key === 'courseLevel' ? (
                <Select
                  key={key}
                  label={t('details.courseLevel')}
                  value={draft.details.courseLevel ?? null}
                  onChange={(value) => setDetail('courseLevel', value)}
                  data={COURSE_LEVELS.map((level) => ({ value: level, label: t(`courseLevel.${level}`) }))}
                  error={field(key)}
                />
              ) : key === 'projectLevel' ? (
                <Select
                  key={key}
                  label={t('details.projectLevel')}
                  value={draft.details.projectLevel ?? null}
                  onChange={(value) => setDetail('projectLevel', value)}
                  data={PROJECT_LEVELS.map((level) => ({ value: level, label: t(`projectLevel.${level}`) }))}
                  error={field(key)}
                />
              ) : key === 'subject' ? (
                <TextInput
                  key={key}
                  label={t('details.subject')}
                  value={draft.details.subject ?? ''}
                  onChange={(e) => setDetail('subject', e.currentTarget.value)}
                  error={field(key)}
                />
              ) : key === 'days' ? (
                <NumberInput
                  key={key}
                  label={t('details.days')}
                  description={t('form.daysFromDates')}
                  readOnly
                  value={visitDays(draft.startsOn, draft.endsOn) ?? ''}
                  error={field(key)}
                />
              ) : (NUMBER_FIELDS as readonly string[]).includes(key) ? (
                <NumberInput
                  key={key}
                  label={t(`details.${key}`)}
                  value={(draft.details[key] as number | null | undefined) ?? ''}
                  onChange={(value) => setDetail(key, value === '' ? null : Number(value))}
                  error={field(key)}
                />
              ) : null,
            )}
          </Group>
        </Card>

        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('form.requirements')}
          </Title>
          <Stack gap="xs">
            {draft.requirements.map((r, index) => (
              <Group key={index} align="flex-end" wrap="wrap">
                <Select
                  label={t('form.competence')}
                  searchable
                  nothingFoundMessage={t('form.noCompetence')}
                  value={r.competenceId || null}
                  onChange={(value) => setRequirement(index, { competenceId: value ?? '' })}
                  data={competenceOptions}
                  miw={280}
                />
                <Select
                  label={t('form.minLevel')}
                  allowDeselect={false}
                  value={String(r.minLevel)}
                  onChange={(value) => setRequirement(index, { minLevel: Number(value) })}
                  data={[1, 2, 3, 4].map((level) => ({
                    value: String(level),
                    label: `${level} · ${t(`level.${level}`)}`,
                  }))}
                  w={180}
                />
                <Checkbox
                  label={t('fit.essential')}
                  checked={r.essential}
                  onChange={(e) => setRequirement(index, { essential: e.currentTarget.checked })}
                  mb={8}
                />
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={t('form.removeRequirement', { index: index + 1 })}
                  onClick={() =>
                    set(
                      'requirements',
                      draft.requirements.filter((_, i) => i !== index),
                    )
                  }
                >
                  <span aria-hidden>×</span>
                </ActionIcon>
              </Group>
            ))}
            {field('requirements') && (
              <Text c="red.9" size="sm">
                {field('requirements')}
              </Text>
            )}
            <Group>
              <Button
                variant="default"
                size="xs"
                onClick={() =>
                  set('requirements', [
                    ...draft.requirements,
                    { competenceId: '', minLevel: 2, essential: false, weight: 1 },
                  ])
                }
              >
                {t('form.addRequirement')}
              </Button>
            </Group>
          </Stack>
        </Card>
        <MultiSelect
          label={t('form.develops')}
          searchable
          value={draft.developedCompetenceIds}
          onChange={(value) => set('developedCompetenceIds', value)}
          data={competenceOptions}
        />
        <Textarea
          label={t('form.confidential')}
          description={t('form.confidentialHelp')}
          autosize
          minRows={2}
          value={draft.confidentialDetails}
          onChange={(e) => set('confidentialDetails', e.currentTarget.value)}
        />
        <Group>
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
