import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert } from '../../../components/error-alert';
import { InviteCoSupervisorMutation, SupervisorDirectoryQuery } from '../api/supervision.operations';

/** Find a supervisor of a partner organisation by name and invite them to co-supervise the project. */
export function InviteCoSupervisor({
  opportunityId,
  onInvited,
}: {
  opportunityId: string;
  onInvited: () => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const words = search.trim();
  const [{ data, error }] = useQuery({
    query: SupervisorDirectoryQuery,
    variables: { search: words },
    pause: words.length < 2,
  });
  const [invited, invite] = useMutation(InviteCoSupervisorMutation);
  const found = words.length >= 2 ? (data?.supervisorDirectory.edges ?? []) : [];
  return (
    <Stack gap="xs">
      <TextInput
        label={t('invite.search')}
        description={t('invite.searchHelp')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
      />
      <ErrorAlert error={error ?? invited.error} />
      {words.length >= 2 && data && found.length === 0 && <Text size="sm">{t('invite.none')}</Text>}
      {found.map(({ node }) => (
        <Group key={node.id} justify="space-between" wrap="wrap">
          <Text size="sm">
            {node.displayName} · {node.organisation.name}
            {node.department ? `, ${node.department.name}` : ''}
          </Text>
          <Button
            size="xs"
            variant="outline"
            loading={invited.fetching}
            onClick={async () => {
              const answer = await invite({ opportunityId, userId: node.id });
              if (!answer.error) onInvited();
            }}
          >
            {t('invite.invite', { name: node.displayName })}
          </Button>
        </Group>
      ))}
    </Stack>
  );
}
