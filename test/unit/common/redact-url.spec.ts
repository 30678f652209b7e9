import { redactUrl } from '../../../src/common/logging/redact-url';

describe('URLs in the access log', () => {
  it.each([
    // share-link tokens in the path
    [
      '/shared/talent-profile/Zk3vQ9sT0pXc8RmW2yLbN4aHdJ6uEfG1iKo5Vq7Ws9A',
      '/shared/talent-profile/[redacted]',
    ],
    ['/shared/talent-profile/abc?format=json', '/shared/talent-profile/[redacted]?format=json'],
    ['/SHARED/Talent-Profile/abc/', '/SHARED/Talent-Profile/[redacted]/'],
    ['//shared//talent-profile/abc', '//shared//talent-profile/[redacted]'],
    // secret query parameters, by name
    ['/talent-profile?token=abc', '/talent-profile?token=[redacted]'],
    ['/x?access_token=a&format=html', '/x?access_token=[redacted]&format=html'],
    [
      '/x?api_key=a&apiKey=b&password=c&secret=d',
      '/x?api_key=[redacted]&apiKey=[redacted]&password=[redacted]&secret=[redacted]',
    ],
    ['/x?refresh%5Ftoken=a', '/x?refresh%5Ftoken=[redacted]'],
    ['/x?Signature=a&code=b&session=c', '/x?Signature=[redacted]&code=[redacted]&session=[redacted]'],
    // GET /graphql: the operation and its variables
    ['/graphql?query=%7Bme%7D&variables=%7B%7D', '/graphql?query=[redacted]&variables=[redacted]'],
    // what is no secret stays readable
    [
      '/talent-profile/0b6f6c9e-6f53-4b6c-9f0e-3c8f2d9f1a11?format=json',
      '/talent-profile/0b6f6c9e-6f53-4b6c-9f0e-3c8f2d9f1a11?format=json',
    ],
    ['/analytics/role-readiness.csv?organisationId=x', '/analytics/role-readiness.csv?organisationId=x'],
    ['/health', '/health'],
    ['/x?flag&token', '/x?flag&token'],
    ['/x?%E0%A4%A=1', '/x?%E0%A4%A=1'],
  ])('%s -> %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });
});
