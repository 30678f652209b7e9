import * as fs from 'fs';
import * as path from 'path';
import { ApplicationReason } from '../../../src/applications/applications.errors';
import { CompetenceErrorReason } from '../../../src/competences/competences.errors';
import { ContestsErrorReason } from '../../../src/contests/contests.errors';
import { OpportunityReason } from '../../../src/opportunities/opportunities.errors';
import { PrivacyRightsReason } from '../../../src/privacy-rights/privacy-rights.errors';
import { ProfileErrorReason } from '../../../src/profiles/profiles.errors';
import { RoundReason } from '../../../src/rounds/rounds.errors';
import { UserErrorReason } from '../../../src/users/users.errors';

/** Each feature's reason codes are an enum in its errors file, and each one is listed in docs/errors.md. */
const ERRORS_DOC = fs.readFileSync(path.resolve(__dirname, '../../../docs/errors.md'), 'utf8');

describe('reason codes in docs/errors.md', () => {
  it.each([
    ['applications', ApplicationReason],
    ['opportunities', OpportunityReason],
    ['profiles', ProfileErrorReason],
    ['contests', ContestsErrorReason],
    ['rounds', RoundReason],
    ['competences', CompetenceErrorReason],
    ['privacy-rights', PrivacyRightsReason],
    ['users', UserErrorReason],
  ] as const)('lists every reason of %s', (_feature, reasons) => {
    const missing = Object.values(reasons).filter((code) => !ERRORS_DOC.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });
});
