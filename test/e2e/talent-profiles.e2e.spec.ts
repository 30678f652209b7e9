import { createHash } from 'node:crypto';
import request from 'supertest';
import { CareerStage, UserRole } from '../../src/core/domain/enums';
import { CHART } from '../../src/talent-profiles/talent-profile.page';
import { competenceId, withAssessments, withProfile } from '../factories/profiles.factory';
import { aUser, CreatedUser } from '../factories/users.factory';
import { countStatements } from '../utils/statement-counter';
import { createTestApp, TestApp } from '../utils/test-app';

interface GapItemJson {
  competenceId: string;
  competenceCode: string;
  competenceName: string;
  currentLevel: number | null;
  requiredLevel: number;
  gap: number | null;
  essential: boolean;
  met: boolean;
}

interface TalentProfileJson {
  person: { id: string; displayName: string; organisationName: string; headline: string | null };
  competences: { code: string; level: number; levelName: string; source: string; areaName: string }[];
  targetRoles: {
    position: number;
    roleId: string;
    title: string;
    gapAnalysis: {
      items: GapItemJson[];
      unknowns: GapItemJson[];
      readinessShare: number;
      readinessScore: number;
      essentialGaps: string[];
    };
  }[];
  generatedAt: string;
}

const HEADLINE = '<script>alert(1)</script>';
const ROLE_B_TITLE = 'Lab lead & "R&D" <b>bold</b>';

const GAPS = `query($r: ID!, $p: ID) { gapAnalysis(roleId: $r, personId: $p) {
  readinessShare readinessScore essentialGaps
  items { competenceId currentLevel requiredLevel gap essential met }
  unknowns { competenceId currentLevel requiredLevel gap essential met } } }`;

const GAP_ITEM = `competenceId competenceCode competenceName currentLevel currentLevelName requiredLevel
  requiredLevelName gap essential met retired weight`;
/** Every field of the type: the JSON document must be exactly this. */
const TALENT_PROFILE = `query($p: ID) { talentProfile(personId: $p) {
  person { id displayName organisationId organisationName careerStage researchLevel headline }
  competences { competenceId code name areaId areaName level levelName source assessedAt retired }
  targetRoles { position roleId version title description organisationId organisationName careerStage researchLevel
    gapAnalysis { readinessShare readinessScore essentialGaps items { ${GAP_ITEM} } unknowns { ${GAP_ITEM} } } }
  generatedAt } }`;

const CREATE_SHARE = `mutation($d: Int) { createTalentProfileShare(expiresInDays: $d) { id url token expiresAt } }`;
const MY_SHARES = `{ myTalentProfileShares { id createdAt expiresAt revokedAt lastViewedAt viewCount active } }`;
const REVOKE = `mutation($id: ID!) { revokeTalentProfileShare(id: $id) { id revokedAt active } }`;

/** The attributes of the chart row of one competence in the role's SVG. */
function chartRow(svg: string, code: string): string {
  const match = new RegExp(`<g class="requirement" data-competence="${code}"[^>]*>[\\s\\S]*?</g>`).exec(svg);
  if (!match) throw new Error(`no chart row for ${code}`);
  return match[0];
}

function rectWidth(row: string, cls: string): number | null {
  const match = new RegExp(`<rect class="${cls}"[^>]*\\swidth="([0-9.]+)"`).exec(row);
  return match ? Number(match[1]) : null;
}

describe('Talent profile: JSON, printable page, access and share links', () => {
  let t: TestApp;
  let admin: string;
  let hrLumc: string;
  let hrJanssen: string;
  let person: CreatedUser;
  let other: CreatedUser;
  let roleA: string;
  let roleB: string;
  const code = {
    gap: 'DR_DATA_ANALYSIS', // required 3 (essential), current 1
    met: 'DR_SCIENTIFIC_WRITING', // required 2, current 2
    unknown: 'MR_GRANT_WRITING', // required 2 (essential), never rated
    above: 'CA_CRITICAL_THINKING', // required 1, current 3
    roleBOnly: 'RT_SCIENTIFIC_PROGRAMMING', // role B: required 4, current 2
  };

  const http = () => request(t.app.getHttpServer());

  async function createRole(
    title: string,
    requirements: { code: string; level: number; essential: boolean }[],
  ) {
    const reqs = await Promise.all(
      requirements.map(async (r) => ({
        competenceId: await competenceId(t.dataSource, r.code),
        requiredLevel: r.level,
        essential: r.essential,
        weight: r.essential ? 2 : 1,
      })),
    );
    const res = await t.gql<{ createRoleProfile: { id: string } }>(
      `mutation($i: CreateRoleProfileInput!) { createRoleProfile(input: $i) { id } }`,
      {
        i: {
          title,
          careerStage: CareerStage.RESEARCHER,
          researchLevel: 'R2',
          description: 'A role for the talent profile tests',
          requirements: reqs,
        },
      },
      admin,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.createRoleProfile.id;
  }

  async function setTargets(token: string, ids: string[]): Promise<void> {
    const res = await t.gql(
      'mutation($ids: [ID!]!) { setTargetRoles(roleIds: $ids) { id } }',
      { ids },
      token,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    admin = await t.login('admin@talent-exchange.test');
    hrLumc = await t.login('hr@lumc.test');
    hrJanssen = await t.login('hr@janssen.test');
    person = await aUser(t, { organisation: 'LUMC', displayName: 'Noor "Tester" <i>de Vries</i>' });
    other = await aUser(t, { organisation: 'LUMC' });
    await withProfile(t, person.token, { careerStage: CareerStage.PHD_CANDIDATE, headline: HEADLINE });
    await withAssessments(t, person, [
      { competence: code.gap, level: 1 },
      { competence: code.met, level: 2 },
      { competence: code.above, level: 3 },
      { competence: code.roleBOnly, level: 2 },
    ]);
    roleA = await createRole('Data scientist', [
      { code: code.gap, level: 3, essential: true },
      { code: code.met, level: 2, essential: false },
      { code: code.unknown, level: 2, essential: true },
      { code: code.above, level: 1, essential: false },
    ]);
    roleB = await createRole(ROLE_B_TITLE, [
      { code: code.roleBOnly, level: 4, essential: true },
      { code: code.met, level: 3, essential: false },
    ]);
    // The person's order: B first, then A.
    await setTargets(person.token, [roleB, roleA]);
  });

  afterAll(() => t.close());

  async function ownJson(): Promise<TalentProfileJson> {
    const res = await http()
      .get('/talent-profile?format=json')
      .set('authorization', `Bearer ${person.token}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    return res.body as TalentProfileJson;
  }

  async function ownHtml(): Promise<request.Response> {
    const res = await http().get('/talent-profile').set('authorization', `Bearer ${person.token}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    return res;
  }

  function roleSvg(html: string, roleId: string): string {
    const section = new RegExp(`<section class="role" data-role-id="${roleId}">[\\s\\S]*?</section>`).exec(
      html,
    );
    if (!section) throw new Error(`no section for role ${roleId}`);
    const svg = /<svg[\s\S]*?<\/svg>/.exec(section[0]);
    if (!svg) throw new Error(`no chart for role ${roleId}`);
    return svg[0];
  }

  describe('the document (JSON and GraphQL)', () => {
    it('lists the target roles in the person’s order, with the same figures as gapAnalysis and unknowns apart', async () => {
      const doc = await ownJson();
      expect(doc.targetRoles.map((r) => [r.position, r.roleId])).toEqual([
        [1, roleB],
        [2, roleA],
      ]);
      for (const role of doc.targetRoles) {
        const gaps = await t.gql<{ gapAnalysis: TalentProfileJson['targetRoles'][number]['gapAnalysis'] }>(
          GAPS,
          { r: role.roleId },
          person.token,
        );
        expect(gaps.errors).toBeUndefined();
        const expected = gaps.data!.gapAnalysis;
        const strip = (i: GapItemJson) => ({
          competenceId: i.competenceId,
          currentLevel: i.currentLevel,
          requiredLevel: i.requiredLevel,
          gap: i.gap,
          essential: i.essential,
          met: i.met,
        });
        expect(role.gapAnalysis.readinessShare).toBe(expected.readinessShare);
        expect(role.gapAnalysis.readinessScore).toBe(expected.readinessScore);
        expect(role.gapAnalysis.essentialGaps).toEqual(expected.essentialGaps);
        expect(role.gapAnalysis.items.map(strip)).toEqual(expected.items);
        expect(role.gapAnalysis.unknowns.map(strip)).toEqual(expected.unknowns);
      }
      const a = doc.targetRoles[1].gapAnalysis;
      // 2 of 4 met (the unknown counts as not met); the unknown is apart, never a gap of 0.
      expect(a.readinessShare).toBe(0.5);
      expect(a.unknowns.map((u) => [u.competenceCode, u.currentLevel, u.gap])).toEqual([
        [code.unknown, null, null],
      ]);
      expect(a.items.map((i) => i.competenceCode)).not.toContain(code.unknown);
      expect(a.items[0]).toMatchObject({ competenceCode: code.gap, currentLevel: 1, gap: 2 });
    });

    it('shows the person and every assessed competence with its effective level, and is what talentProfile answers', async () => {
      const doc = await ownJson();
      expect(doc.person).toMatchObject({
        id: person.user.id,
        displayName: person.user.displayName,
        organisationName: 'Leiden University Medical Center',
        headline: HEADLINE,
      });
      expect(doc.competences.map((c) => [c.code, c.level, c.source]).sort()).toEqual(
        [
          [code.above, 3, 'SELF'],
          [code.gap, 1, 'SELF'],
          [code.met, 2, 'SELF'],
          [code.roleBOnly, 2, 'SELF'],
        ].sort(),
      );
      expect(doc.competences.map((c) => c.code)).not.toContain(code.unknown);

      const gql = await t.gql<{ talentProfile: TalentProfileJson }>(TALENT_PROFILE, {}, person.token);
      expect(gql.errors).toBeUndefined();
      const { generatedAt: fromGqlAt, ...fromGql } = gql.data!.talentProfile;
      const { generatedAt: fromHttpAt, ...fromHttp } = doc;
      expect(fromGql).toEqual(fromHttp);
      expect(Date.parse(fromGqlAt)).toBeGreaterThanOrEqual(Date.parse(fromHttpAt));
    });

    it('gives a person without target roles an empty list, and the page says so', async () => {
      const json = await http()
        .get('/talent-profile?format=json')
        .set('authorization', `Bearer ${other.token}`);
      expect(json.status).toBe(200);
      expect(json.body.targetRoles).toEqual([]);
      const html = await http().get('/talent-profile').set('authorization', `Bearer ${other.token}`);
      expect(html.text).toContain('No target roles chosen yet');
      expect(html.text).not.toContain('<svg');
    });

    it('refuses an unknown format', async () => {
      const res = await http()
        .get('/talent-profile?format=pdf')
        .set('authorization', `Bearer ${person.token}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('the printable page', () => {
    it('draws one chart per target role whose bars are the current and required levels', async () => {
      const { text } = await ownHtml();
      expect(text.match(/<svg /g)).toHaveLength(2);
      const svgA = roleSvg(text, roleA);
      const gap = chartRow(svgA, code.gap);
      expect(gap).toMatch(/data-current="1" data-required="3" data-essential="true"/);
      expect(rectWidth(gap, 'current')).toBe(1 * CHART.UNIT);
      expect(rectWidth(gap, 'required')).toBe(3 * CHART.UNIT);
      const above = chartRow(svgA, code.above);
      expect(above).toMatch(/data-current="3" data-required="1" data-essential="false"/);
      expect(rectWidth(above, 'current')).toBe(3 * CHART.UNIT);
      expect(rectWidth(above, 'required')).toBe(1 * CHART.UNIT);
      const svgB = roleSvg(text, roleB);
      const b = chartRow(svgB, code.roleBOnly);
      expect(rectWidth(b, 'current')).toBe(2 * CHART.UNIT);
      expect(rectWidth(b, 'required')).toBe(4 * CHART.UNIT);
      // Accessible: a title and a description name the chart; the rows carry titles too.
      expect(svgA).toMatch(/role="img" aria-labelledby="role-2-title role-2-desc"/);
      expect(svgA).toContain('<title id="role-2-title">Data scientist: current against required');
      expect(svgA).toContain('<desc id="role-2-desc">');
    });

    it('draws an unrated requirement as unknown, never as level 0', async () => {
      const { text } = await ownHtml();
      const row = chartRow(roleSvg(text, roleA), code.unknown);
      expect(row).toMatch(/data-current="unknown"/);
      expect(row).toContain('<rect class="current unknown"');
      expect(row).toMatch(/>unknown<\/text>/);
      expect(row).not.toMatch(/<rect class="current" /);
      expect(row).not.toMatch(/data-current="0"/);
      // And the table says so.
      expect(text).toMatch(
        /<tr data-competence="MR_GRANT_WRITING">[\s\S]*?unknown \(not rated\)[\s\S]*?<\/tr>/,
      );
    });

    it('lists the gaps biggest first, the readiness figures, and the competences', async () => {
      const { text } = await ownHtml();
      const section = new RegExp(`<section class="role" data-role-id="${roleA}">[\\s\\S]*?</section>`).exec(
        text,
      )![0];
      const table = /<table class="gaps">[\s\S]*?<\/table>/.exec(section)![0];
      const order = [...table.matchAll(/<tr data-competence="([A-Z_]+)">/g)].map((m) => m[1]);
      // Biggest gap (2) first; the met ones (gap 0) between; the unrated one last.
      expect(order).toHaveLength(4);
      expect(order.slice(1, 3).sort()).toEqual([code.above, code.met].sort());
      expect(order[0]).toBe(code.gap);
      expect(order[3]).toBe(code.unknown);
      expect(section).toMatch(/data-readiness-share="0.5">50%<\/strong>: 2 of 4 counted requirements/);
      expect(section).toContain('Essential gaps</dt><dd>');
      expect(text).toMatch(
        /<tr data-competence="DR_DATA_ANALYSIS"><th scope="row">[^<]+<\/th><td>Foundational \(1\)<\/td><td>Self-assessment<\/td>/,
      );
    });

    it('escapes every text people wrote and loads nothing from elsewhere', async () => {
      const { text } = await ownHtml();
      expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(text).not.toContain('<script');
      expect(text).toContain('Lab lead &amp; &quot;R&amp;D&quot; &lt;b&gt;bold&lt;/b&gt;');
      expect(text).not.toContain('<b>bold</b>');
      expect(text).toContain('Noor &quot;Tester&quot; &lt;i&gt;de Vries&lt;/i&gt;');
      expect(text).not.toMatch(/<[^>]*\s(src|href)=/i);
      expect(text).not.toMatch(/<link|<img|<iframe/i);
      expect(text).not.toMatch(/@import|url\(http/);
      expect(text).toMatch(/@media print/);
      expect(text).toMatch(/@page\{size:A4/);
    });

    it('sends the security headers', async () => {
      const res = await ownHtml();
      expect(res.headers['content-security-policy']).toMatch(
        /^default-src 'none'; style-src 'unsafe-inline'; img-src data:/,
      );
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    });

    it('builds the page in the same number of statements for one target role as for three', async () => {
      const one = await aUser(t, { organisation: 'LUMC' });
      await setTargets(one.token, [roleA]);
      const three = await aUser(t, { organisation: 'LUMC' });
      const roleC = await createRole('Third role', [
        { code: 'DR_RESEARCH_DESIGN', level: 2, essential: true },
        { code: 'MR_PROJECT_MANAGEMENT', level: 3, essential: false },
      ]);
      await setTargets(three.token, [roleA, roleB, roleC]);
      await withAssessments(t, three, [
        { competence: code.gap, level: 2 },
        { competence: 'DR_RESEARCH_DESIGN', level: 1 },
      ]);
      // Background jobs stopped, caches warm (the account cache): only the page's own statements count.
      const counter = countStatements(t);
      const page = async (token: string) => {
        const res = await http().get('/talent-profile').set('authorization', `Bearer ${token}`);
        expect(res.status).toBe(200);
      };
      const count = async (token: string) => {
        await page(token);
        return counter.during(() => page(token));
      };
      const forOne = await count(one.token);
      const forThree = await count(three.token);
      expect(forThree).toBe(forOne);
      expect(forOne).toBeGreaterThan(5); // the spy sees the statements at all
      expect(forOne).toBeLessThanOrEqual(15);
    });
  });

  describe('access', () => {
    it('is NOT_FOUND for another candidate, exactly as for a missing person', async () => {
      const res = await http()
        .get(`/talent-profile/${person.user.id}?format=json`)
        .set('authorization', `Bearer ${other.token}`);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const missing = await http()
        .get('/talent-profile/00000000-0000-4000-8000-000000000000')
        .set('authorization', `Bearer ${other.token}`);
      expect(missing.status).toBe(404);
      expect(res.body).toEqual(missing.body);
      expect(res.body.error.code).toBe('NOT_FOUND');
      const html = await http()
        .get(`/talent-profile/${person.user.id}`)
        .set('authorization', `Bearer ${other.token}`);
      expect(html.status).toBe(404);
      expect(html.text).not.toContain(person.user.displayName);

      const gql = await t.gql(TALENT_PROFILE, { p: person.user.id }, other.token);
      expect(gql.errors?.[0].extensions.code).toBe('NOT_FOUND');
      expect(gql.data?.talentProfile ?? null).toBeNull();
    });

    it('lets HR of the person’s organisation and admins in, not HR of another organisation', async () => {
      for (const token of [hrLumc, admin]) {
        const res = await http()
          .get(`/talent-profile/${person.user.id}?format=json`)
          .set('authorization', `Bearer ${token}`);
        expect(res.status).toBe(200);
        expect(res.body.person.id).toBe(person.user.id);
        expect(res.body.targetRoles).toHaveLength(2);
      }
      const html = await http()
        .get(`/talent-profile/${person.user.id}`)
        .set('authorization', `Bearer ${hrLumc}`);
      expect(html.status).toBe(200);
      expect(html.text).toContain('<svg');
      const janssen = await http()
        .get(`/talent-profile/${person.user.id}?format=json`)
        .set('authorization', `Bearer ${hrJanssen}`);
      expect(janssen.status).toBe(404);
      const gql = await t.gql(TALENT_PROFILE, { p: person.user.id }, hrJanssen);
      expect(gql.errors?.[0].extensions.code).toBe('NOT_FOUND');
      const ok = await t.gql<{ talentProfile: TalentProfileJson }>(
        TALENT_PROFILE,
        { p: person.user.id },
        hrLumc,
      );
      expect(ok.data?.talentProfile.person.id).toBe(person.user.id);
    });

    it('needs a Bearer token', async () => {
      const res = await http().get('/talent-profile');
      expect(res.status).toBe(401);
    });
  });

  describe('share links', () => {
    async function share(token: string, days?: number) {
      const res = await t.gql<{
        createTalentProfileShare: { id: string; url: string; token: string; expiresAt: string };
      }>(CREATE_SHARE, days === undefined ? {} : { d: days }, token);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data!.createTalentProfileShare;
    }

    it('opens the live page without a login, counts the views, and keeps only a hash of the token', async () => {
      const created = await share(person.token, 7);
      expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(created.url).toBe(`http://localhost:3000/shared/talent-profile/${created.token}`);
      const days = (Date.parse(created.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.9);
      expect(days).toBeLessThanOrEqual(7);

      const page = await http().get(`/shared/talent-profile/${created.token}`);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['x-robots-tag']).toMatch(/noindex/);
      expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'/);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.text).toContain('through a personal link, valid until');
      expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page.text.match(/<svg /g)).toHaveLength(2);

      const json = await http().get(`/shared/talent-profile/${created.token}?format=json`);
      expect(json.status).toBe(200);
      expect(json.body.person.id).toBe(person.user.id);
      expect(json.body.targetRoles.map((r: { roleId: string }) => r.roleId)).toEqual([roleB, roleA]);

      const list = await t.gql<{
        myTalentProfileShares: {
          id: string;
          viewCount: number;
          lastViewedAt: string | null;
          active: boolean;
        }[];
      }>(MY_SHARES, {}, person.token);
      const mine = list.data!.myTalentProfileShares.find((s) => s.id === created.id)!;
      expect(mine).toMatchObject({ viewCount: 2, active: true });
      expect(mine.lastViewedAt).not.toBeNull();

      const rows: { token_hash: Buffer }[] = await t.dataSource.query(
        'SELECT token_hash FROM talent_profile_shares WHERE id = $1',
        [created.id],
      );
      expect(rows[0].token_hash.equals(createHash('sha256').update(created.token).digest())).toBe(true);
      const raw: { n: number }[] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM talent_profile_shares WHERE encode(token_hash, 'escape') LIKE $1`,
        [`%${created.token}%`],
      );
      expect(raw[0].n).toBe(0);
    });

    it('answers the same 404 for an unknown, a revoked and an expired link', async () => {
      const unknown = await http().get(`/shared/talent-profile/${'A'.repeat(43)}`);
      expect(unknown.status).toBe(404);
      expect(unknown.headers['x-robots-tag']).toMatch(/noindex/);
      const malformed = await http().get('/shared/talent-profile/not-a-token');
      expect(malformed.status).toBe(404);
      expect(malformed.body).toEqual(unknown.body);

      const revoked = await share(person.token);
      expect((await http().get(`/shared/talent-profile/${revoked.token}`)).status).toBe(200);
      // Someone else cannot revoke it: NOT_FOUND, and the link keeps working.
      const stranger = await t.gql(REVOKE, { id: revoked.id }, other.token);
      expect(stranger.errors?.[0].extensions.code).toBe('NOT_FOUND');
      expect((await http().get(`/shared/talent-profile/${revoked.token}`)).status).toBe(200);
      const hr = await t.gql(REVOKE, { id: revoked.id }, hrLumc);
      expect(hr.errors?.[0].extensions.code).toBe('NOT_FOUND');

      const done = await t.gql<{ revokeTalentProfileShare: { revokedAt: string | null; active: boolean } }>(
        REVOKE,
        { id: revoked.id },
        person.token,
      );
      expect(done.errors).toBeUndefined();
      expect(done.data!.revokeTalentProfileShare.active).toBe(false);
      expect(done.data!.revokeTalentProfileShare.revokedAt).not.toBeNull();
      const afterRevoke = await http().get(`/shared/talent-profile/${revoked.token}`);
      expect(afterRevoke.status).toBe(404);
      expect(afterRevoke.body).toEqual(unknown.body);
      expect(afterRevoke.text).not.toContain(person.user.displayName);
      expect((await http().get(`/shared/talent-profile/${revoked.token}?format=json`)).status).toBe(404);

      const expiring = await share(person.token);
      expect((await http().get(`/shared/talent-profile/${expiring.token}`)).status).toBe(200);
      await t.dataSource.query(
        `UPDATE talent_profile_shares SET expires_at = now() - interval '1 minute' WHERE id = $1`,
        [expiring.id],
      );
      const afterExpiry = await http().get(`/shared/talent-profile/${expiring.token}`);
      expect(afterExpiry.status).toBe(404);
      expect(afterExpiry.body).toEqual(unknown.body);

      const list = await t.gql<{ myTalentProfileShares: { id: string; active: boolean }[] }>(
        MY_SHARES,
        {},
        person.token,
      );
      const byId = new Map(list.data!.myTalentProfileShares.map((s) => [s.id, s.active]));
      expect(byId.get(revoked.id)).toBe(false);
      expect(byId.get(expiring.id)).toBe(false);
    });

    it('lists only your own shares and keeps the expiry within 1..90 days', async () => {
      const mine = await share(other.token, 1);
      const theirs = await t.gql<{ myTalentProfileShares: { id: string }[] }>(MY_SHARES, {}, person.token);
      expect(theirs.data!.myTalentProfileShares.map((s) => s.id)).not.toContain(mine.id);
      for (const d of [0, 91]) {
        const res = await t.gql(CREATE_SHARE, { d }, other.token);
        expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      }
      const byDefault = await share(other.token);
      const days = (Date.parse(byDefault.expiresAt) - Date.now()) / 86_400_000;
      expect(Math.round(days)).toBe(30);
    });

    it('caps the live links per person', async () => {
      const capped = await aUser(t, { organisation: 'JANSSEN', roles: [UserRole.CANDIDATE] });
      for (let i = 0; i < 10; i += 1) await share(capped.token);
      const refused = await t.gql(CREATE_SHARE, {}, capped.token);
      expect(refused.errors?.[0].extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'TOO_MANY_ACTIVE_SHARES',
      });
    });
  });
});
