import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import type { ContestFieldsFragment, ContestKind } from '../../../gql/graphql';
import { describeError } from '../../../lib/errors';
import { formatDate } from '../../../lib/format';
import { FileContestMutation, MyContestsQuery } from '../api/contests.operations';

/** A contest's state in words: open, or HR's answer with its reason (HR's own words, as written). */
export function ContestState({ contest }: { contest: ContestFieldsFragment }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" role="status">
      {contest.answer
        ? t(`contest.answered.${contest.answer.outcome}`, { date: formatDate(contest.answer.answeredAt) })
        : t('contest.open', { date: formatDate(contest.filedAt) })}{' '}
      {contest.answer && <q>{contest.answer.reason}</q>}
    </Text>
  );
}

/**
 * "Contest this": a candidate contests a recommendation, a rejection or a round outcome with a
 * reason; HR of the organisation concerned answers. Shows the latest contest of the same thing.
 */
export function ContestAction({ kind, subjectId }: { kind: ContestKind; subjectId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [{ data }] = useQuery({ query: MyContestsQuery });
  const [result, file] = useMutation(FileContestMutation);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const described = result.error ? describeError(result.error, t) : undefined;
  const latest =
    result.data?.fileContest ?? data?.myContests.find((c) => c.kind === kind && c.subjectId === subjectId);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await file(
      { kind, subjectId, reason: reason.trim() },
      { additionalTypenames: ['Contest'] },
    );
    if (!answer.error) {
      setOpen(false);
      setReason('');
    }
  };
  if (latest?.status === 'OPEN') return <ContestState contest={latest} />;
  return (
    <Stack gap="xs" data-testid={`contest-${kind}`}>
      {latest && <ContestState contest={latest} />}
      {open ? (
        <form onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
          <Stack gap="xs" maw={620}>
            <Text fw={600} id={`${id}-title`}>
              {t(`contest.title.${kind}`)}
            </Text>
            <Text size="sm">{t('contest.intro')}</Text>
            {described && !described.fields.reason && (
              <Alert color="red" role="alert">
                {described.message}
              </Alert>
            )}
            <Textarea
              label={t('contest.reason')}
              required
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={described?.fields.reason ? t('errors.reason.REASON_REQUIRED') : undefined}
            />
            <Group>
              <Button type="submit" loading={result.fetching}>
                {t('contest.submit')}
              </Button>
              <Button variant="default" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Group>
          <Button variant="default" size="xs" onClick={() => setOpen(true)}>
            {t(`contest.title.${kind}`)}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
