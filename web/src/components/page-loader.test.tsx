import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../test/render';
import { PageLoader } from './page-loader';

describe('PageLoader', () => {
  it('says it is loading as text of a status region; the spinner carries no aria-label (axe: prohibited on it)', async () => {
    const { container } = await renderWithProviders(<PageLoader />, 'nl');
    expect(screen.getByRole('status')).toHaveTextContent('Bezig met laden');
    expect(container.querySelector('[aria-label]')).toBeNull();
  });
});
