import {
  Alert,
  Anchor,
  Button,
  Card,
  Code,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert } from '../../../components/error-alert';
import { Page } from '../../../components/page';
import { PageLoader } from '../../../components/page-loader';
import { useNow } from '../../../components/use-now';
import { formatDateTime, formatTimeLeft } from '../../../lib/format';
import {
  AcceptOfferMutation,
  CreateShareMutation,
  DeclineOfferMutation,
  MyOffersQuery,
  RevokeShareMutation,
} from '../api/offers.operations';
import { TableScroll } from '../../../components/table-scroll';

/** Offers to answer (accept, or decline with a reason), places taken, and the talent profile's share links. */
export function OffersRoute() {
  const { t } = useTranslation();
  const now = useNow(30_000);
  const [{ data, error, fetching }, refetch] = useQuery({ query: MyOffersQuery });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (!data) return fetching ? <PageLoader /> : <ErrorAlert error={error} />;
  return (
    <Page title={t('offers.title')} intro={t('offers.intro')}>
      <section aria-labelledby="open-offers">
        <Title order={2} size="h3" id="open-offers" mb="xs">
          {t('offers.open')}
        </Title>
        {data.offered.length === 0 ? (
          <Text>{t('home.noOffers')}</Text>
        ) : (
          <Stack data-testid="open-offers">
            {data.offered.map((offer) => (
              <Offer
                key={offer.id}
                offer={offer}
                left={offer.responseDeadline ? formatTimeLeft(offer.responseDeadline, now) : null}
                onDone={reload}
              />
            ))}
          </Stack>
        )}
      </section>
      <section aria-labelledby="accepted-offers">
        <Title order={2} size="h3" id="accepted-offers" mb="xs">
          {t('offers.accepted')}
        </Title>
        {data.accepted.length === 0 ? (
          <Text>{t('offers.noneAccepted')}</Text>
        ) : (
          <Stack gap={4} data-testid="accepted-offers">
            {data.accepted.map((a) => (
              <Anchor key={a.id} component={Link} to={`/opportunities/${a.opportunityId}`}>
                {a.opportunityTitle}
              </Anchor>
            ))}
          </Stack>
        )}
      </section>
      <Shares shares={data.myTalentProfileShares} onChange={reload} />
    </Page>
  );
}

function Offer({
  offer,
  left,
  onDone,
}: {
  offer: { id: string; opportunityTitle: string; responseDeadline?: string | null };
  left: string | null;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [accepted, accept] = useMutation(AcceptOfferMutation);
  const [declined, decline] = useMutation(DeclineOfferMutation);
  const headingId = `offer-${offer.id}`;
  return (
    <Card withBorder id={offer.id} component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Title order={3} size="h4" id={headingId}>
          {offer.opportunityTitle}
        </Title>
        {offer.responseDeadline && (
          <Text size="sm">{t('home.answerBy', { date: formatDateTime(offer.responseDeadline), left })}</Text>
        )}
        <ErrorAlert error={accepted.error ?? declined.error} />
        {declining ? (
          <Stack gap="xs">
            <Textarea
              label={t('offers.declineReason')}
              description={t('offers.declineReasonHelp')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <Group>
              <Button
                color="red"
                loading={declined.fetching}
                onClick={async () => {
                  const answer = await decline({ id: offer.id, reason: reason.trim() || undefined });
                  if (!answer.error) onDone();
                }}
              >
                {t('offers.confirmDecline')}
              </Button>
              <Button variant="default" onClick={() => setDeclining(false)}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Group>
            <Button
              loading={accepted.fetching}
              onClick={async () => {
                const answer = await accept({ id: offer.id });
                if (!answer.error) onDone();
              }}
            >
              {t('offers.accept')}
            </Button>
            <Button variant="default" onClick={() => setDeclining(true)}>
              {t('offers.decline')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

interface Share {
  id: string;
  createdAt: string;
  expiresAt: string;
  lastViewedAt?: string | null;
  viewCount: number;
  active: boolean;
}

function Shares({ shares, onChange }: { shares: Share[]; onChange: () => void }) {
  const { t } = useTranslation();
  const [days, setDays] = useState<number | string>(30);
  const [created, create] = useMutation(CreateShareMutation);
  const [revoked, revoke] = useMutation(RevokeShareMutation);
  const [url, setUrl] = useState<string | null>(null);
  return (
    <section aria-labelledby="talent-profile">
      <Title order={2} size="h3" id="talent-profile" mb="xs">
        {t('offers.talentProfile')}
      </Title>
      <Text mb="sm">{t('offers.talentProfileIntro')}</Text>
      <Group align="flex-end" mb="sm">
        <NumberInput label={t('offers.shareDays')} min={1} max={90} value={days} onChange={setDays} w={180} />
        <Button
          loading={created.fetching}
          onClick={async () => {
            const answer = await create({ days: Number(days) || 30 });
            if (answer.data) {
              setUrl(answer.data.createTalentProfileShare.url);
              onChange();
            }
          }}
        >
          {t('offers.createShare')}
        </Button>
      </Group>
      <ErrorAlert error={created.error ?? revoked.error} />
      {url && (
        <Alert color="green" title={t('offers.shareCreated')} role="status">
          <Text size="sm">{t('offers.shareOnce')}</Text>
          <Code block>{url}</Code>
          <Anchor href={url} target="_blank" rel="noreferrer" size="sm">
            {t('offers.openShare')}
          </Anchor>
        </Alert>
      )}
      {shares.length > 0 && (
        <TableScroll label={t('offers.sharesCaption')}>
          <Table miw={480}>
            <Table.Caption>{t('offers.sharesCaption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('offers.created')}</Table.Th>
                <Table.Th scope="col">{t('offers.expires')}</Table.Th>
                <Table.Th scope="col">{t('offers.views')}</Table.Th>
                <Table.Th scope="col">{t('offers.state')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shares.map((share) => (
                <Table.Tr key={share.id}>
                  <Table.Td>{formatDateTime(share.createdAt)}</Table.Td>
                  <Table.Td>{formatDateTime(share.expiresAt)}</Table.Td>
                  <Table.Td>{share.viewCount}</Table.Td>
                  <Table.Td>
                    {share.active ? (
                      <Button
                        size="xs"
                        variant="outline"
                        color="red"
                        onClick={async () => {
                          const answer = await revoke({ id: share.id });
                          if (!answer.error) onChange();
                        }}
                      >
                        {t('offers.revoke')}
                      </Button>
                    ) : (
                      t('offers.inactive')
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </section>
  );
}
