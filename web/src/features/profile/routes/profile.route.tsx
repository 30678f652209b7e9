import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  Radio,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert } from '../../../components/error-alert';
import { Page } from '../../../components/page';
import { PageLoader } from '../../../components/page-loader';
import type { CareerStage, MyProfileQuery as Profile, ResearchLevel, Visibility } from '../../../gql/graphql';
import { CAREER_STAGES, RESEARCH_LEVELS } from '../../../lib/enums';
import { describeError } from '../../../lib/errors';
import { MyProfileQuery, UpdateProfileMutation } from '../api/profile.operations';

const CEFR = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'NATIVE'];

interface Form {
  headline: string;
  careerStage: CareerStage | null;
  researchLevel: ResearchLevel | null;
  visibility: Visibility;
  languages: { code: string; level: string }[];
  availability: { start: string; end: string }[];
}

function toForm(p: Profile['myProfile']): Form {
  return {
    headline: p.headline ?? '',
    careerStage: p.careerStage ?? null,
    researchLevel: p.researchLevel ?? null,
    visibility: p.visibility,
    languages: p.languages.map(({ code, level }) => ({ code, level })),
    availability: p.availability.map(({ start, end }) => ({ start, end })),
  };
}

/** Profile: career stage, research level, languages, availability and who may find you, in plain words. */
export function ProfileRoute() {
  const { t } = useTranslation();
  const [{ data, error, fetching }] = useQuery({ query: MyProfileQuery });
  if (!data) return fetching ? <PageLoader /> : <ErrorAlert error={error} />;
  return (
    <Page title={t('profile.title')} intro={t('profile.intro')}>
      <ProfileForm profile={data.myProfile} />
    </Page>
  );
}

function ProfileForm({ profile }: { profile: Profile['myProfile'] }) {
  const { t } = useTranslation();
  const [saved, save] = useMutation(UpdateProfileMutation);
  const [form, setForm] = useState<Form>(() => toForm(profile));
  const [done, setDone] = useState(false);
  const described = saved.error ? describeError(saved.error, t) : undefined;
  const field = (name: string) => described?.fields[name];

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const answer = await save({
      input: {
        headline: form.headline.trim() || undefined,
        careerStage: form.careerStage ?? undefined,
        researchLevel: form.researchLevel ?? undefined,
        visibility: form.visibility,
        languages: form.languages
          .filter((l) => l.code.trim())
          .map((l) => ({ code: l.code.trim().toLowerCase(), level: l.level })),
        availability: form.availability.filter((a) => a.start && a.end),
      },
    });
    if (!answer.error) setDone(true);
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack maw={720}>
        {described && (
          <Alert color="red" role="alert">
            {described.message}
          </Alert>
        )}
        {done && (
          <Alert color="green" role="status">
            {t('profile.saved')}
          </Alert>
        )}
        <TextInput
          label={t('profile.headline')}
          value={form.headline}
          onChange={(e) => setForm({ ...form, headline: e.currentTarget.value })}
          error={field('headline')}
        />
        <Group grow align="flex-start" wrap="wrap">
          <Select
            label={t('profile.careerStage')}
            value={form.careerStage}
            onChange={(value) => setForm({ ...form, careerStage: value as CareerStage | null })}
            data={CAREER_STAGES.map((stage) => ({ value: stage, label: t(`stage.${stage}`) }))}
            error={field('careerStage')}
          />
          <Select
            label={t('profile.researchLevel')}
            description={t('profile.researchLevelHelp')}
            value={form.researchLevel}
            onChange={(value) => setForm({ ...form, researchLevel: value as ResearchLevel | null })}
            data={RESEARCH_LEVELS.map((level) => ({ value: level, label: t(`researchLevel.${level}`) }))}
            error={field('researchLevel')}
          />
        </Group>

        <Radio.Group
          label={t('profile.visibility')}
          value={form.visibility}
          onChange={(value) => setForm({ ...form, visibility: value as Visibility })}
        >
          <Stack gap="xs" mt="xs">
            <Radio value="PRIVATE" label={t('profile.private')} description={t('profile.privateHelp')} />
            <Radio
              value="CONSORTIUM"
              label={t('profile.consortium')}
              description={t('profile.consortiumHelp')}
            />
          </Stack>
        </Radio.Group>

        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('profile.languages')}
          </Title>
          <Stack gap="xs">
            {form.languages.map((language, index) => (
              <Group key={index} align="flex-end" wrap="nowrap">
                <TextInput
                  label={t('profile.languageCode')}
                  description={t('profile.languageCodeHelp')}
                  value={language.code}
                  maxLength={2}
                  onChange={(e) => {
                    const languages = [...form.languages];
                    languages[index] = { ...language, code: e.currentTarget.value };
                    setForm({ ...form, languages });
                  }}
                  error={field('code')}
                />
                <Select
                  label={t('profile.languageLevel')}
                  value={language.level}
                  onChange={(value) => {
                    const languages = [...form.languages];
                    languages[index] = { ...language, level: value ?? 'B2' };
                    setForm({ ...form, languages });
                  }}
                  data={CEFR}
                  allowDeselect={false}
                />
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={t('profile.removeLanguage', { code: language.code || '?' })}
                  onClick={() =>
                    setForm({ ...form, languages: form.languages.filter((_, i) => i !== index) })
                  }
                >
                  <span aria-hidden>×</span>
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                variant="default"
                size="xs"
                onClick={() =>
                  setForm({ ...form, languages: [...form.languages, { code: '', level: 'B2' }] })
                }
              >
                {t('profile.addLanguage')}
              </Button>
            </Group>
          </Stack>
        </Card>

        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('profile.availability')}
          </Title>
          <Text size="sm" mb="xs">
            {t('profile.availabilityHelp')}
          </Text>
          <Stack gap="xs">
            {form.availability.map((window, index) => (
              <Group key={index} align="flex-end" wrap="nowrap">
                <TextInput
                  type="date"
                  label={t('profile.from')}
                  value={window.start}
                  onChange={(e) => {
                    const availability = [...form.availability];
                    availability[index] = { ...window, start: e.currentTarget.value };
                    setForm({ ...form, availability });
                  }}
                />
                <TextInput
                  type="date"
                  label={t('profile.until')}
                  value={window.end}
                  onChange={(e) => {
                    const availability = [...form.availability];
                    availability[index] = { ...window, end: e.currentTarget.value };
                    setForm({ ...form, availability });
                  }}
                  error={field('end')}
                />
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={t('profile.removeWindow', { index: index + 1 })}
                  onClick={() =>
                    setForm({ ...form, availability: form.availability.filter((_, i) => i !== index) })
                  }
                >
                  <span aria-hidden>×</span>
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                variant="default"
                size="xs"
                onClick={() =>
                  setForm({ ...form, availability: [...form.availability, { start: '', end: '' }] })
                }
              >
                {t('profile.addWindow')}
              </Button>
            </Group>
          </Stack>
        </Card>
        <Group>
          <Button type="submit" loading={saved.fetching}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
