import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useTranslation } from 'react-i18next';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '../test/render';
import { initialLanguage, LANGUAGE_STORAGE_KEY } from '../lib/i18n';
import { formatDate, formatNumber } from '../lib/format';
import { LanguageSwitch } from './language-switch';

function Sample() {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage === 'nl' ? 'nl-NL' : 'en-GB';
  return (
    <p>
      {t('auth.signIn')} · {formatDate('2027-02-01', locale)} · {formatNumber(1234.5, locale)}
    </p>
  );
}

describe('language switch', () => {
  beforeEach(() => window.localStorage.clear());

  it('switches texts, dates and numbers to Dutch, remembers it and sets the page language', async () => {
    await renderWithProviders(
      <>
        <LanguageSwitch />
        <Sample />
      </>,
      'en',
    );
    expect(screen.getByText('Sign in · 1 February 2027 · 1,234.5')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('radio', { name: 'NL' }));
    expect(await screen.findByText('Inloggen · 1 februari 2027 · 1.234,5')).toBeInTheDocument();
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('nl');
    expect(document.documentElement.lang).toBe('nl');
  });

  it('starts in the remembered language, else the browser preference, else English', () => {
    expect(initialLanguage({ getItem: () => 'nl' }, ['en-GB'])).toBe('nl');
    expect(initialLanguage({ getItem: () => null }, ['nl-BE', 'en'])).toBe('nl');
    expect(initialLanguage({ getItem: () => 'fr' }, ['de-DE'])).toBe('en');
  });
});
