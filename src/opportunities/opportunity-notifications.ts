/** The facts a notification text may use. */
export interface OpportunityNoticeFacts {
  title: string;
  reason: string | null;
}

/** Template keys of the lifecycle's and co-supervision's NOTIFY effects (and the invitation) → texts. */
const TEXTS: Record<string, (f: OpportunityNoticeFacts) => string> = {
  'opportunity.submitted-for-approval': (f) => `"${f.title}" was submitted for your approval.`,
  'opportunity.approved': (f) => `"${f.title}" was approved and is open for applications.`,
  'opportunity.returned': (f) => `"${f.title}" was returned to draft${f.reason ? `: ${f.reason}` : '.'}`,
  'opportunity.closed': (f) => `The call for "${f.title}" is closed.`,
  'opportunity.allocated': (f) => `"${f.title}" is allocated.`,
  'opportunity.completed': (f) => `"${f.title}" is completed.`,
  'opportunity.cancelled': (f) => `"${f.title}" was cancelled${f.reason ? `: ${f.reason}` : '.'}`,
  'opportunity.reconfirmation-requested': (f) =>
    `"${f.title}" was changed: please confirm your co-supervision again.`,
  'opportunity.changed': (f) =>
    `"${f.title}" was changed after you applied; it takes no new applications until it is approved again.`,
  'co-supervision.invited': (f) => `You are invited to co-supervise "${f.title}".`,
  'co-supervision.accepted': (f) => `Your co-supervisor accepted "${f.title}".`,
  'co-supervision.declined': (f) =>
    `Your co-supervisor declined "${f.title}"${f.reason ? `: ${f.reason}` : '.'}`,
  'co-supervision.proposal-changed': (f) => `"${f.title}" was changed while your invitation is open.`,
  'co-supervision.reconfirmation-requested': (f) =>
    `"${f.title}" was changed: please confirm your co-supervision again.`,
};

/** `opportunity.submitted-for-approval` → `OPPORTUNITY_SUBMITTED_FOR_APPROVAL`. */
export function opportunityNoticeType(template: string): string {
  return template.replace(/[.-]/g, '_').toUpperCase();
}

export function opportunityNoticeText(template: string, facts: OpportunityNoticeFacts): string {
  const text = TEXTS[template];
  return text ? text(facts) : `"${facts.title}" changed.`;
}
