import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { OpportunityFitQuery } from '../../../gql/graphql';
import { renderWithProviders } from '../../../test/render';
import { FitExplanation } from './fit-explanation';
import { OverrideBadge } from './override-badge';

type Fit = OpportunityFitQuery['myFit'];

const REASON = 'Stage rule waived: the host asked for this PhD student by name.';

/** A fit HR overrode: the API reports it eligible, with no ineligibility, and HR's reason. */
const OVERRIDDEN: Fit = {
  score: 42,
  eligible: true,
  eligibilityOverride: { id: 'o1', reason: REASON },
  ineligibility: [],
  parts: [
    {
      key: 'ESSENTIAL',
      value: 0.5,
      weight: 40,
      code: 'ESSENTIALS_MET',
      facts: {
        met: 1,
        total: 2,
        share: null,
        competences: null,
        targets: null,
        levels: null,
        language: null,
        spokenLevel: null,
        neededLevel: null,
      },
    },
  ],
  missing: [
    {
      competenceId: 'c1',
      requiredLevel: 3,
      currentLevel: 2,
      essential: true,
      competence: { id: 'c1', name: 'Biostatistics' },
    },
  ],
};

describe('FitExplanation with HR’s eligibility override', () => {
  it('says HR lets you apply, with HR’s reason as written, and no “not eligible”', async () => {
    await renderWithProviders(<FitExplanation fit={OVERRIDDEN} />);
    const alert = screen.getByTestId('eligibility-override');
    expect(alert).toHaveTextContent('HR lets you apply');
    expect(alert).toHaveTextContent(
      `You may apply here even if you do not meet every requirement. HR’s reason: ${REASON}`,
    );
    expect(screen.queryByText('Not eligible')).not.toBeInTheDocument();
  });

  it('says it in Dutch, the reason as written', async () => {
    await renderWithProviders(<FitExplanation fit={OVERRIDDEN} />, 'nl');
    const alert = screen.getByTestId('eligibility-override');
    expect(alert).toHaveTextContent('HR laat u solliciteren');
    expect(alert).toHaveTextContent(
      `U mag hier solliciteren, ook als u niet aan alle eisen voldoet. De reden van HR: ${REASON}`,
    );
  });

  it('shows nothing of an override when there is none', async () => {
    await renderWithProviders(<FitExplanation fit={{ ...OVERRIDDEN, eligibilityOverride: null }} />);
    expect(screen.queryByTestId('eligibility-override')).not.toBeInTheDocument();
    expect(screen.queryByText(/HR lets you apply/)).not.toBeInTheDocument();
  });
});

describe('OverrideBadge', () => {
  it('says in words that HR allows it, in both languages', async () => {
    const { unmount } = await renderWithProviders(<OverrideBadge />);
    expect(screen.getByTestId('override-badge')).toHaveTextContent('Allowed by HR');
    unmount();
    await renderWithProviders(<OverrideBadge />, 'nl');
    expect(screen.getByTestId('override-badge')).toHaveTextContent('Toegestaan door HR');
  });
});
