import { CombinedError } from '@urql/core';
import { render, screen } from '@testing-library/react';
import { createElement } from 'react';
import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeError } from './errors';
import { setupI18n } from './i18n';

function gqlError(extensions: Record<string, unknown>): CombinedError {
  return new CombinedError({ graphQLErrors: [{ message: 'server text', extensions }] });
}

describe('describeError', () => {
  beforeAll(() => setupI18n('en'));

  it('puts field details next to their fields, by the last part of the path', async () => {
    await i18n.changeLanguage('en');
    const error = gqlError({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'input.motivation', message: 'motivation must be shorter than or equal to 5000 characters' },
        { field: 'input.capacity', message: 'capacity must not be less than 1' },
      ],
    });
    const described = describeError(error, i18n.t);
    expect(described.message).toBe('Some of what you entered needs a correction: see the fields marked.');
    expect(Object.keys(described.fields)).toEqual(['motivation', 'capacity']);
  });

  it('writes a field from its code and params in the chosen language', async () => {
    await i18n.changeLanguage('nl');
    const error = gqlError({
      code: 'BAD_USER_INPUT',
      fields: [
        {
          field: 'input.motivation',
          message: 'motivation must be shorter than or equal to 5000 characters',
          code: 'TOO_LONG',
          params: { min: 1, max: 5000 },
        },
        {
          field: 'capacity',
          message: 'capacity must not be less than 1',
          code: 'OUT_OF_RANGE',
          params: { min: 1 },
        },
        { field: 'endsOn', message: 'endsOn must not be before startsOn', code: 'PERIOD_ENDS_BEFORE_START' },
      ],
    });
    expect(describeError(error, i18n.t).fields).toEqual({
      motivation: 'Gebruik hoogstens 5000 tekens.',
      capacity: 'Vul een getal van minstens 1 in.',
      endsOn: 'Het einde kan niet vóór het begin liggen.',
    });
  });

  it('writes the use cases’ own checks from their codes too: the days of a visit, a page cursor', async () => {
    await i18n.changeLanguage('nl');
    const error = gqlError({
      code: 'BAD_USER_INPUT',
      fields: [
        {
          field: 'input.details.days',
          message: 'days is 3 but 2026-03-02 to 2026-03-03 is 2 day(s), both dates included',
          code: 'NOT_PERIOD_LENGTH',
          params: { expected: 2 },
        },
        { field: 'after', message: 'not a cursor of this list and order', code: 'NOT_A_CURSOR' },
      ],
    });
    expect(describeError(error, i18n.t).fields).toEqual({
      days: 'De periode duurt 2 dag(en), beide data meegeteld: vul dat aantal in.',
      after: 'Deze lijst is veranderd. Laad de pagina opnieuw.',
    });
  });

  it("marks the API's English as such where a field has no code it knows (or misses a param)", async () => {
    await i18n.changeLanguage('nl');
    const error = gqlError({
      code: 'BAD_USER_INPUT',
      fields: [
        { field: 'capacity', message: '3 seats are taken already', code: 'INVALID' },
        { field: 'title', message: 'too short', code: 'TOO_SHORT' },
        { field: 'headline', message: 'legacy text without a code' },
      ],
    });
    const { fields } = describeError(error, i18n.t);
    for (const [key, text] of [
      ['capacity', '3 seats are taken already'],
      ['title', 'too short'],
      ['headline', 'legacy text without a code'],
    ] as const) {
      render(createElement('p', { 'data-testid': key }, fields[key]));
      const span = screen.getByTestId(key).querySelector('span');
      expect(span).toHaveAttribute('lang', 'en');
      expect(span).toHaveTextContent(text);
    }
  });

  it('prefers a known reason to the broad code, in the chosen language', async () => {
    await i18n.changeLanguage('nl');
    const described = describeError(gqlError({ code: 'CONFLICT', reason: 'NO_SEATS_LEFT' }), i18n.t);
    expect(described).toMatchObject({ code: 'CONFLICT', message: 'Er zijn geen plaatsen meer.' });
    const unknownReason = describeError(gqlError({ code: 'CONFLICT', reason: 'SOMETHING_NEW' }), i18n.t);
    expect(unknownReason.message).toBe(
      'Dit kan niet in de huidige toestand. Laad de pagina opnieuw en probeer het nog eens.',
    );
  });

  it('says the connection is lost when the request never reached the API', async () => {
    await i18n.changeLanguage('en');
    const error = new CombinedError({ networkError: new TypeError('Failed to fetch') });
    expect(describeError(error, i18n.t)).toMatchObject({
      code: 'NETWORK',
      message: 'Talent Exchange cannot be reached. Check your connection; we keep trying.',
    });
  });

  it('treats an unknown code as a failure on our side, never showing the server text', async () => {
    await i18n.changeLanguage('en');
    const described = describeError(gqlError({ code: 'TEAPOT' }), i18n.t);
    expect(described.message).toBe('Something went wrong on our side. Try again in a moment.');
    expect(described.message).not.toContain('server text');
  });
});
