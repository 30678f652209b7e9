import { CombinedError } from '@urql/core';
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
    expect(described.fields).toEqual({
      motivation: 'motivation must be shorter than or equal to 5000 characters',
      capacity: 'capacity must not be less than 1',
    });
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
