import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert } from '../../../components/error-alert';
import { Page } from '../../../components/page';
import { PageLoader } from '../../../components/page-loader';
import type { EditableOpportunityQuery } from '../../../gql/graphql';
import {
  CreateOpportunityMutation,
  EditableOpportunityQuery as Query,
  UpdateOpportunityMutation,
} from '../api/supervision.operations';
import { detailsFor, OpportunityForm, type OpportunityDraft } from '../components/opportunity-form';

/** yyyy-mm-ddThh:mm in the person's time zone, for a datetime-local field. */
function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

const EMPTY: OpportunityDraft = {
  kind: 'INTERNSHIP',
  title: '',
  description: '',
  startsOn: day(60),
  endsOn: day(180),
  applicationDeadline: toLocalInput(new Date(Date.now() + 30 * 86_400_000).toISOString()),
  capacity: 1,
  eligibleStages: [],
  language: 'en',
  workMode: 'ON_SITE',
  confidentialDetails: '',
  details: {},
  requirements: [],
  developedCompetenceIds: [],
};

function fromOpportunity(o: EditableOpportunityQuery['opportunity']): OpportunityDraft {
  return {
    kind: o.kind,
    title: o.title,
    description: o.description,
    startsOn: o.startsOn,
    endsOn: o.endsOn,
    applicationDeadline: toLocalInput(o.applicationDeadline),
    capacity: o.capacity,
    eligibleStages: o.eligibleStages,
    language: o.language,
    workMode: o.workMode,
    confidentialDetails: o.confidentialDetails ?? '',
    details: Object.fromEntries(Object.entries(o.details).filter(([, v]) => v !== null)),
    requirements: o.requirements.map((r) => ({
      competenceId: r.competenceId,
      minLevel: r.minLevel,
      essential: r.essential,
      weight: r.weight,
    })),
    developedCompetenceIds: o.developedCompetences.map((c) => c.id),
  };
}

function toInput(draft: OpportunityDraft) {
  return {
    title: draft.title,
    description: draft.description,
    startsOn: draft.startsOn,
    endsOn: draft.endsOn,
    applicationDeadline: draft.applicationDeadline ? new Date(draft.applicationDeadline).toISOString() : '',
    capacity: draft.capacity,
    eligibleStages: draft.eligibleStages,
    language: draft.language,
    workMode: draft.workMode,
    confidentialDetails: draft.confidentialDetails.trim() || undefined,
    details: detailsFor(draft.kind, draft.details),
    requirements: draft.requirements.filter((r) => r.competenceId),
    developedCompetenceIds: draft.developedCompetenceIds,
  };
}

export function NewOpportunityRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [created, create] = useMutation(CreateOpportunityMutation);
  return (
    <Page title={t('supervise.newTitle')} intro={t('supervise.newIntro')}>
      <OpportunityForm
        initial={EMPTY}
        kindLocked={false}
        busy={created.fetching}
        error={created.error}
        submitLabel={t('supervise.saveDraft')}
        onSubmit={async (draft) => {
          const answer = await create({ input: { kind: draft.kind, ...toInput(draft) } });
          if (answer.data) void navigate('/supervise');
        }}
      />
    </Page>
  );
}

export function EditOpportunityRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [{ data, error, fetching }] = useQuery({ query: Query, variables: { id } });
  const [updated, update] = useMutation(UpdateOpportunityMutation);
  if (!data) return fetching ? <PageLoader /> : <ErrorAlert error={error} />;
  return (
    <Page title={t('supervise.editTitle', { title: data.opportunity.title })}>
      <OpportunityForm
        initial={fromOpportunity(data.opportunity)}
        kindLocked
        busy={updated.fetching}
        error={updated.error}
        submitLabel={t('common.save')}
        onSubmit={async (draft) => {
          const answer = await update({ id, input: toInput(draft) });
          if (answer.data) void navigate('/supervise');
        }}
      />
    </Page>
  );
}
