import type { TFunction } from 'i18next';
import { formatDateTime } from './format';
import { currentLocale } from './i18n';

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
    closed?: readonly string[] | null;
  };
}

/** Titles as a list in the reader's language, each quoted: “A”, “B” and “C” / “A”, “B” en “C”. */
function titleList(titles: readonly string[], locale = currentLocale()): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(
    titles.map((title) => `“${title}”`),
  );
}

/**
 * A round's outcome (ROUND_OUTCOME): the offer if there is one, and the choices that closed, in one
 * text; null when the params do not say enough (the English text is shown).
 */
function roundOutcomeText(t: TFunction, n: NotificationLike): string | null {
  const { title, responseDeadline, round, closed } = n.params;
  if (!round || (!title && !closed?.length) || (title && !responseDeadline)) return null;
  const key = 'notifications.text.ROUND_OUTCOME';
  const vars = {
    round,
    title: title ?? '',
    deadline: responseDeadline ? formatDateTime(responseDeadline) : '',
    closed: closed?.length ? titleList(closed) : '',
  };
  const variant = title ? (closed?.length ? 'offer_closed' : 'offer') : 'closed';
  return t(`${key}_${variant}`, { defaultValue: '', ...vars }) || null;
}

/**
 * The notification's text in the chosen language, written from its type and params. Only when the
 * app has no text for the type, or the notification predates its params, is the server's English
 * text shown (`lang: 'en'`, so a screen reader reads it in English). A reason is a person's own
 * words and is shown as they wrote it.
 */
export function notificationText(t: TFunction, n: NotificationLike): { text: string; lang?: 'en' } {
  const { title, reason, responseDeadline, round, count } = n.params;
  if (n.type === 'ROUND_OUTCOME') {
    const text = roundOutcomeText(t, n);
    return text ? { text } : { text: n.message, lang: 'en' };
  }
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
