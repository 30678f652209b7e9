import type { TFunction } from 'i18next';
import { formatDateTime } from './format';

/** A notification as the API gives it: a stable `type`, the facts (`params`), the English text. */
export interface NotificationLike {
  type: string;
  message: string;
  params: {
    title?: string | null;
    reason?: string | null;
    responseDeadline?: string | null;
    round?: string | null;
    count?: number | null;
  };
}

/**
 * The notification's text in the chosen language, written from its type and params. Only when the
 * app has no text for the type, or the notification predates its params, is the server's English
 * text shown (`lang: 'en'`, so a screen reader reads it in English). A reason is a person's own
 * words and is shown as they wrote it.
 */
export function notificationText(t: TFunction, n: NotificationLike): { text: string; lang?: 'en' } {
  const { title, reason, responseDeadline, round, count } = n.params;
  // What the text is made of: a round's name, the capacity HR set (a count), or the opportunity's title.
  const counted = n.type === 'ROUND_OFFERS_SENT' || n.type === 'SUPERVISION_CAPACITY_SET';
  const needed = n.type.startsWith('ROUND_')
    ? round
    : n.type === 'SUPERVISION_CAPACITY_SET'
      ? count != null
      : title;
  const key = `notifications.text.${n.type}`;
  const base = counted ? `${key}_other` : key;
  if (!needed || !t(base, { defaultValue: '' })) return { text: n.message, lang: 'en' };
  if (n.type === 'APPLICATION_OFFERED' && !responseDeadline) return { text: n.message, lang: 'en' };
  const reasonBase = counted ? `${key}_reason_other` : `${key}_reason`;
  const withReason = reason && t(reasonBase, { defaultValue: '' }) ? `${key}_reason` : key;
  return {
    text: t(withReason, {
      title: title ?? '',
      reason: reason ?? '',
      round: round ?? '',
      count: count ?? 0,
      deadline: responseDeadline ? formatDateTime(responseDeadline) : '',
    }),
  };
}
