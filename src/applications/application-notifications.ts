import { NotificationParams } from '../notifications/notification-params';

/** The facts a notification text may use. */
export interface NotificationFacts {
  opportunityTitle: string;
  reason: string | null;
  responseDeadline: Date | null;
}

/** Template keys of the workflow's NOTIFY effects (and the submission) → in-app texts. */
const TEXTS: Record<string, (f: NotificationFacts) => string> = {
  'application.submitted': (f) => `A new application arrived for "${f.opportunityTitle}".`,
  'application.withdrawn': (f) => `An applicant withdrew their application for "${f.opportunityTitle}".`,
  'application.withdrawn-after-acceptance': (f) =>
    `An applicant gave up their accepted place on "${f.opportunityTitle}"${f.reason ? `: ${f.reason}` : '.'} The seat is offered to the next on your waiting list, if there is one.`,
  'application.no-show': (f) =>
    `Your supervisor recorded that you did not turn up for "${f.opportunityTitle}"${f.reason ? `: ${f.reason}` : '.'}`,
  'application.placed': (f) =>
    `HR placed you on "${f.opportunityTitle}"${f.reason ? `: ${f.reason}` : '.'} Your place is confirmed.`,
  'application.placed-by-hr': (f) =>
    `HR placed a candidate on "${f.opportunityTitle}"${f.reason ? `: ${f.reason}` : '.'}`,
  'application.eligibility-overridden': (f) =>
    `HR lets you apply to "${f.opportunityTitle}" although you do not meet its requirements${f.reason ? `: ${f.reason}` : '.'}`,
  'application.shortlisted': (f) => `You are shortlisted for "${f.opportunityTitle}".`,
  'application.rejected': (f) =>
    `Your application for "${f.opportunityTitle}" was not successful${f.reason ? `: ${f.reason}` : '.'}`,
  'application.offer-revoked': (f) =>
    `HR withdrew your offer for "${f.opportunityTitle}" and gave the place to another candidate${f.reason ? `: ${f.reason}` : '.'}`,
  'application.offered': (f) =>
    `You have an offer for "${f.opportunityTitle}". Please answer by ${f.responseDeadline?.toISOString() ?? 'the deadline'}.`,
  'application.accepted': (f) => `An applicant accepted the offer for "${f.opportunityTitle}".`,
  'application.acceptance-confirmed': (f) => `Your place on "${f.opportunityTitle}" is confirmed.`,
  'application.declined': (f) => `An applicant declined the offer for "${f.opportunityTitle}".`,
  'application.offer-expired': (f) => `The offer for "${f.opportunityTitle}" expired without an answer.`,
  'application.offer-withdrawn': (f) =>
    `The offer for "${f.opportunityTitle}" was withdrawn${f.reason ? `: ${f.reason}` : '.'}`,
  'application.completed': (f) => `Your placement on "${f.opportunityTitle}" is completed.`,
  'application.assessment-requested': (f) =>
    `The placement on "${f.opportunityTitle}" is completed: please assess the competences it developed.`,
  'application.evidence-recorded': (f) =>
    `Your supervisor recorded what you developed on "${f.opportunityTitle}": your competence profile is updated.`,
};

/** `application.offer-expired` → `APPLICATION_OFFER_EXPIRED`. */
export function notificationType(template: string): string {
  return template.replace(/[.-]/g, '_').toUpperCase();
}

/** The facts as notification params (the client writes the text in its own language). */
export function notificationParams(facts: NotificationFacts): NotificationParams {
  return { title: facts.opportunityTitle, reason: facts.reason, responseDeadline: facts.responseDeadline };
}

export function notificationText(template: string, facts: NotificationFacts): string {
  const text = TEXTS[template];
  return text ? text(facts) : `Your application for "${facts.opportunityTitle}" changed.`;
}
