import { MantineProvider } from '@mantine/core';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import i18n from 'i18next';
import { setupI18n, type Language } from '../lib/i18n';

/** Renders with Mantine and react-i18next, in `language`. */
export async function renderWithProviders(
  ui: ReactElement,
  language: Language = 'en',
): Promise<RenderResult> {
  setupI18n(language);
  await i18n.changeLanguage(language);
  return render(
    <MantineProvider env="test">
      <I18nextProvider i18n={i18n}>{ui}</I18nextProvider>
    </MantineProvider>,
  );
}
