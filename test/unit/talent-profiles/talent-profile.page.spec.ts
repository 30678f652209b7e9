import { AssessmentSource, CareerStage, ResearchLevel } from '../../../src/core/domain/enums';
import {
  TalentProfileGapItemModel,
  TalentProfileModel,
} from '../../../src/talent-profiles/models/talent-profile.model';
import {
  CHART,
  esc,
  renderChart,
  renderTalentProfilePage,
} from '../../../src/talent-profiles/talent-profile.page';

const EVIL = `<img src=x onerror="alert('x')">&`;

function item(
  code: string,
  current: number | null,
  required: number,
  extra: Partial<TalentProfileGapItemModel> = {},
): TalentProfileGapItemModel {
  return {
    competenceId: `id-${code}`,
    competenceCode: code,
    competenceName: `Name of ${code}`,
    currentLevel: current,
    currentLevelName: current === null ? null : `L${current}`,
    requiredLevel: required,
    requiredLevelName: `L${required}`,
    gap: current === null ? null : Math.max(required - current, 0),
    essential: false,
    met: current !== null && current >= required,
    retired: false,
    weight: 1,
    ...extra,
  };
}

function doc(overrides: Partial<TalentProfileModel> = {}): TalentProfileModel {
  return {
    person: {
      id: 'p1',
      displayName: `Eve ${EVIL}`,
      organisationId: 'o1',
      organisationName: `Org ${EVIL}`,
      careerStage: CareerStage.POSTDOC,
      researchLevel: ResearchLevel.R2,
      headline: `Headline ${EVIL}`,
    },
    competences: [
      {
        competenceId: 'id-A',
        code: 'A',
        name: `Competence ${EVIL}`,
        areaId: 'area1',
        areaName: `Area ${EVIL}`,
        level: 2,
        levelName: 'Intermediate',
        source: AssessmentSource.SUPERVISOR,
        assessedAt: new Date('2026-03-04T10:00:00Z'),
        retired: false,
      },
    ],
    targetRoles: [
      {
        position: 1,
        roleId: 'r1',
        version: 2,
        title: `Role ${EVIL}`,
        description: `Description ${EVIL}`,
        organisationId: null,
        organisationName: null,
        careerStage: CareerStage.RESEARCHER,
        researchLevel: ResearchLevel.R3,
        gapAnalysis: {
          items: [
            item('A', 2, 4, { essential: true, competenceName: `Competence ${EVIL}` }),
            item('B', 3, 2),
            item('R', 1, 3, { retired: true }),
          ],
          unknowns: [item('U', null, 3, { essential: true })],
          readinessShare: 1 / 3,
          readinessScore: 0.5,
          essentialGaps: ['id-A', 'id-U'],
        },
      },
    ],
    generatedAt: new Date('2026-05-01T12:34:56Z'),
    ...overrides,
  };
}

describe('talent profile page', () => {
  it('escapes every text that people wrote', () => {
    const html = renderTalentProfilePage(doc());
    expect(html).not.toContain('<img');
    expect(html).not.toContain(`onerror="`);
    expect(html).toContain(esc(EVIL));
    expect(html).toContain(`Eve ${esc(EVIL)}`);
    expect(html).toContain(`Headline ${esc(EVIL)}`);
    expect(html).toContain(`Role ${esc(EVIL)}`);
    expect(html).toContain(`Area ${esc(EVIL)}`);
  });

  it('has no script and no external resource', () => {
    const html = renderTalentProfilePage(doc(), { shared: { expiresAt: new Date('2026-06-01T00:00:00Z') } });
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(http/i);
    // No attribute anywhere points elsewhere (escaped text may mention src=, tags may not).
    expect(html).not.toMatch(/<[^>]*\s(src|href)=/i);
    expect(html).toContain('valid until 2026-06-01');
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
  });

  it('draws bars proportional to the levels and unknown as unknown', () => {
    const svg = renderChart(doc().targetRoles[0]);
    expect(svg).toMatch(
      new RegExp(
        `data-competence="A" data-current="2" data-required="4" data-essential="true">[\\s\\S]*?<rect class="current"[^>]*width="${2 * CHART.UNIT}"[\\s\\S]*?<rect class="required"[^>]*width="${4 * CHART.UNIT}"`,
      ),
    );
    const unknown = /<g class="requirement" data-competence="U"[\s\S]*?<\/g>/.exec(svg)![0];
    expect(unknown).toContain('data-current="unknown"');
    expect(unknown).toContain('class="current unknown"');
    expect(unknown).toContain('>unknown</text>');
    expect(unknown).not.toContain('<rect class="current" ');
    // Rows in the analysis order: rated ones first (as given), the unknowns last.
    expect([...svg.matchAll(/data-competence="([A-Z])"/g)].map((m) => m[1])).toEqual(['A', 'B', 'R', 'U']);
  });

  it('states the readiness figures, with retired requirements not counted', () => {
    const html = renderTalentProfilePage(doc());
    expect(html).toContain('33%</strong>: 1 of 3 counted requirements');
    expect(html).toContain('1 unrated requirement counts as not met');
    expect(html).toContain('50%</strong>: the weighted average');
    expect(html).toContain('1 requirement on a competence retired from the framework');
    expect(html).toContain(`Essential gaps</dt><dd>Competence ${esc(EVIL)}, Name of U</dd>`);
  });

  it('puts each role on a new printed page', () => {
    const html = renderTalentProfilePage(doc());
    expect(html).toMatch(/@media print\{[^}]*\}?[^@]*\.role,\.competences\{break-before:page/);
    expect(html).toContain('@page{size:A4');
  });

  it('says so when there are no target roles or no competences', () => {
    const html = renderTalentProfilePage(doc({ targetRoles: [], competences: [] }));
    expect(html).toContain('No target roles chosen yet');
    expect(html).toContain('No competence has been assessed yet');
    expect(html).not.toContain('<svg');
  });
});
