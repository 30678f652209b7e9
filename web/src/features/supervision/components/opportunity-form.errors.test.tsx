import { CombinedError } from '@urql/core';
import { screen } from '@testing-library/react';
import { Provider as UrqlProvider, type Client } from 'urql';
import { never } from 'wonka';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { OpportunityForm, type OpportunityDraft } from './opportunity-form';

const DRAFT: OpportunityDraft = {
  kind: 'INTERNSHIP',
  title: 'ab',
  description: '',
  startsOn: '2027-03-01',
  endsOn: '2027-02-01',
  applicationDeadline: '2027-01-15T12:00',
  capacity: 1,
  eligibleStages: [],
  language: 'en',
  workMode: 'ON_SITE',
  confidentialDetails: '',
  details: {},
  requirements: [],
  developedCompetenceIds: [],
};

/** A client whose queries never answer: the form's competence picker stays empty. */
const idle = { executeQuery: () => never } as unknown as Client;

/** The API's answer to a too-short title and a period that ends before it starts. */
const refused = new CombinedError({
  graphQLErrors: [
    {
      message: 'Invalid input: title, endsOn, capacity',
      extensions: {
        code: 'BAD_USER_INPUT',
        fields: [
          {
            field: 'title',
            message: 'title must be longer than or equal to 5 characters',
            code: 'TOO_SHORT',
            params: { min: 5, max: 200 },
          },
          {
            field: 'endsOn',
            message: 'endsOn must not be before startsOn',
            code: 'PERIOD_ENDS_BEFORE_START',
            params: { start: 'startsOn' },
          },
          { field: 'capacity', message: '3 seats are taken already', code: 'INVALID' },
        ],
      },
    },
  ],
});

function form() {
  return (
    <UrqlProvider value={idle}>
      <OpportunityForm
        initial={DRAFT}
        kindLocked={false}
        busy={false}
        error={refused}
        submitLabel="Save"
        onSubmit={vi.fn()}
      />
    </UrqlProvider>
  );
}

describe('opportunity form: field errors in the chosen language', () => {
  it('writes a Dutch message next to the field from the API code, never its English', async () => {
    await renderWithProviders(form(), 'nl');
    const title = screen.getByRole('textbox', { name: /titel/i });
    expect(title).toHaveAccessibleDescription('Gebruik minstens 5 tekens.');
    expect(screen.getByText('Het einde kan niet vóór het begin liggen.')).toBeInTheDocument();
    expect(screen.queryByText(/must be longer than/)).not.toBeInTheDocument();
  });

  it('shows the API words, marked as English, only for a field without a code the app knows', async () => {
    await renderWithProviders(form(), 'nl');
    const english = screen.getByText('3 seats are taken already');
    expect(english).toHaveAttribute('lang', 'en');
  });

  it('writes the same fields in English', async () => {
    await renderWithProviders(form(), 'en');
    expect(screen.getByText('Use at least 5 characters.')).toBeInTheDocument();
    expect(screen.getByText('The end cannot lie before the start.')).toBeInTheDocument();
  });
});
