import { currentLocale } from './i18n';

/** Dates and numbers in the language's locale (nl-NL or en-GB). */
export function formatDate(iso: string, locale = currentLocale()): string {
  // A plain YYYY-MM-DD is a calendar day: format it at noon UTC so no time zone moves it.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}

export function formatDateTime(iso: string, locale = currentLocale()): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatNumber(value: number, locale = currentLocale(), digits = 1): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

export function formatPercent(share: number, locale = currentLocale()): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** "in 2 days", "over 3 uur", "5 minutes ago": the largest unit that fits. */
export function formatTimeLeft(iso: string, now: Date, locale = currentLocale()): string {
  const seconds = Math.round((new Date(iso).getTime() - now.getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs >= 86400) return rtf.format(Math.round(seconds / 86400), 'day');
  if (abs >= 3600) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 60), 'minute');
}
