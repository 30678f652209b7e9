import { EntityManager, In } from 'typeorm';
import { CompetenceEntity } from '../../competences/entities/competence.entity';
import { CareerStage, ResearchLevel, UserRole } from '../../core/domain/enums';
import {
  PersonTargetRoleEntity,
  RoleProfileEntity,
  RoleRequirementEntity,
} from '../../roles/entities/role-profile.entity';
import { insertChunked, Rng } from './demo-people';

interface DemoRoleRequirement {
  code: string;
  level: number;
  essential: boolean;
  weight?: number;
}

interface DemoRole {
  title: string;
  /** Organisation code of the demo seed; null: consortium-wide. */
  organisation: string | null;
  careerStage: CareerStage;
  researchLevel: ResearchLevel;
  description: string;
  requirements: DemoRoleRequirement[];
}

const req = (code: string, level: number, essential: boolean, weight = 1): DemoRoleRequirement => ({
  code,
  level,
  essential,
  weight,
});

/** Future roles people of the consortium grow into (version 1 each). */
export const DEMO_ROLES: DemoRole[] = [
  {
    title: 'Assistant Professor in Biomedical Sciences',
    organisation: 'LEIDEN_UNIV',
    careerStage: CareerStage.LECTURER,
    researchLevel: ResearchLevel.R3,
    description:
      'Tenure-track position combining an independent research line with teaching in the biomedical programmes.',
    requirements: [
      req('MR_GRANT_WRITING', 3, true, 2),
      req('DOM_TEACHING', 3, true, 2),
      req('WO_MENTORING', 3, true),
      req('DR_RESEARCH_DESIGN', 4, true, 2),
      req('MR_RESEARCH_STRATEGY', 3, false),
      req('DR_SCIENTIFIC_WRITING', 3, false),
      req('WO_LEADERSHIP', 2, false),
    ],
  },
  {
    title: 'Clinical Research Physician',
    organisation: 'LUMC',
    careerStage: CareerStage.RESEARCHER,
    researchLevel: ResearchLevel.R3,
    description: 'Physician leading investigator-initiated trials and translating findings to patient care.',
    requirements: [
      req('DOM_CLINICAL_TRIAL_DESIGN', 3, true, 2),
      req('DOM_GOOD_CLINICAL_PRACTICE', 4, true, 2),
      req('DR_RESEARCH_ETHICS', 3, true),
      req('DOM_TRANSLATIONAL_MEDICINE', 3, false),
      req('DOM_BIOSTATISTICS', 2, false),
      req('MI_SCIENCE_COMMUNICATION', 2, false),
    ],
  },
  {
    title: 'Clinical Trial Manager',
    organisation: 'JANSSEN',
    careerStage: CareerStage.INDUSTRY_SCIENTIST,
    researchLevel: ResearchLevel.R2,
    description:
      'Runs multi-site vaccine trials end to end: sites, timelines, budgets and inspection readiness.',
    requirements: [
      req('MR_PROJECT_MANAGEMENT', 4, true, 2),
      req('DOM_GOOD_CLINICAL_PRACTICE', 3, true, 2),
      req('MR_BUDGET_MANAGEMENT', 3, true),
      req('DOM_CLINICAL_TRIAL_DESIGN', 2, false),
      req('WO_NEGOTIATION', 3, false),
      req('WO_INTERCULTURAL', 2, false),
    ],
  },
  {
    title: 'Medical Science Liaison',
    organisation: 'JANSSEN',
    careerStage: CareerStage.INDUSTRY_SCIENTIST,
    researchLevel: ResearchLevel.R2,
    description: 'Scientific partner of clinicians and key opinion leaders for the vaccine portfolio.',
    requirements: [
      req('MI_SCIENCE_COMMUNICATION', 4, true, 2),
      req('DOM_VACCINE_IMMUNOLOGY', 3, true, 2),
      req('WO_NETWORKING', 3, true),
      req('DOM_PHARMACOVIGILANCE', 2, false),
      req('CA_CRITICAL_THINKING', 3, false),
    ],
  },
  {
    title: 'Translational Data Scientist',
    organisation: null,
    careerStage: CareerStage.RESEARCHER,
    researchLevel: ResearchLevel.R2,
    description:
      'Connects clinical, omics and trial data to questions of translational research across partners.',
    requirements: [
      req('DR_DATA_ANALYSIS', 4, true, 2),
      req('RT_SCIENTIFIC_PROGRAMMING', 3, true, 2),
      req('DOM_BIOSTATISTICS', 3, true),
      req('DOM_TRANSLATIONAL_MEDICINE', 2, false),
      req('RT_DATA_PROTECTION', 2, false),
      req('DR_OPEN_SCIENCE', 2, false),
    ],
  },
  {
    title: 'Vaccine Research Scientist',
    organisation: 'JANSSEN',
    careerStage: CareerStage.INDUSTRY_SCIENTIST,
    researchLevel: ResearchLevel.R3,
    description: 'Designs and leads discovery studies for new vaccine candidates.',
    requirements: [
      req('DOM_VACCINE_IMMUNOLOGY', 4, true, 2),
      req('DOM_ASSAY_DEVELOPMENT', 3, true),
      req('DR_EXPERIMENTAL_WORK', 3, true),
      req('DR_DATA_ANALYSIS', 3, false),
      req('WO_COLLABORATION', 3, false),
    ],
  },
  {
    title: 'Regulatory Affairs Specialist',
    organisation: 'JANSSEN',
    careerStage: CareerStage.INDUSTRY_SCIENTIST,
    researchLevel: ResearchLevel.R2,
    description: 'Prepares submissions and answers to agencies for clinical and marketing authorisations.',
    requirements: [
      req('DOM_REGULATORY_AFFAIRS', 4, true, 2),
      req('DR_SCIENTIFIC_WRITING', 3, true),
      req('DOM_GMP', 2, false),
      req('DOM_PHARMACOVIGILANCE', 2, false),
      req('WO_NEGOTIATION', 2, false),
    ],
  },
  {
    title: 'GMP Quality Specialist',
    organisation: 'JANSSEN',
    careerStage: CareerStage.INDUSTRY_SCIENTIST,
    researchLevel: ResearchLevel.R1,
    description: 'Keeps drug product manufacturing and release compliant with GMP.',
    requirements: [
      req('DOM_GMP', 4, true, 2),
      req('DR_RESEARCH_INTEGRITY', 3, true),
      req('RT_LAB_INFRASTRUCTURE', 3, false),
      req('DOM_REGULATORY_AFFAIRS', 2, false),
    ],
  },
  {
    title: 'Bioinformatics Engineer',
    organisation: 'LUMC',
    careerStage: CareerStage.RESEARCHER,
    researchLevel: ResearchLevel.R2,
    description: 'Builds and runs sequencing analysis pipelines for the clinical research groups.',
    requirements: [
      req('DOM_BIOINFORMATICS', 4, true, 2),
      req('RT_SCIENTIFIC_PROGRAMMING', 3, true, 2),
      req('RT_DATA_MANAGEMENT', 3, true),
      req('RT_DATA_PROTECTION', 2, false),
      req('WO_COLLABORATION', 2, false),
    ],
  },
  {
    title: 'Research Software Engineer',
    organisation: null,
    careerStage: CareerStage.RESEARCHER,
    researchLevel: ResearchLevel.R2,
    description:
      'Writes and maintains research software shared across the consortium, openly and reproducibly.',
    requirements: [
      req('RT_SCIENTIFIC_PROGRAMMING', 4, true, 2),
      req('RT_DIGITAL_TOOLS', 3, true),
      req('DR_OPEN_SCIENCE', 3, false),
      req('RT_DATA_MANAGEMENT', 2, false),
      req('WO_COLLABORATION', 3, false),
    ],
  },
  {
    title: 'Formulation Scientist in Drug Delivery',
    organisation: 'LEIDEN_UNIV',
    careerStage: CareerStage.POSTDOC,
    researchLevel: ResearchLevel.R2,
    description: 'Develops nanoparticle and depot formulations for targeted delivery of biologicals.',
    requirements: [
      req('DOM_DRUG_DELIVERY', 4, true, 2),
      req('DOM_PHARMACOLOGY', 3, true),
      req('DR_EXPERIMENTAL_WORK', 3, true),
      req('DOM_GMP', 2, false),
      req('MI_KNOWLEDGE_VALORISATION', 2, false),
    ],
  },
  {
    title: 'Postdoctoral Researcher in Immunology',
    organisation: 'LUMC',
    careerStage: CareerStage.POSTDOC,
    researchLevel: ResearchLevel.R2,
    description: 'Independent project on host responses to infection, with supervision of PhD candidates.',
    requirements: [
      req('DOM_VACCINE_IMMUNOLOGY', 3, true, 2),
      req('DR_EXPERIMENTAL_WORK', 3, true),
      req('DR_SCIENTIFIC_WRITING', 3, true),
      req('DOM_LAB_ANIMAL_SCIENCE', 2, false),
      req('WO_MENTORING', 2, false),
      req('MR_GRANT_WRITING', 2, false),
    ],
  },
  {
    title: 'Pharmacovigilance Scientist',
    organisation: null,
    careerStage: CareerStage.INDUSTRY_SCIENTIST,
    researchLevel: ResearchLevel.R2,
    description:
      'Monitors and evaluates safety signals of vaccines and medicines in development and on the market.',
    requirements: [
      req('DOM_PHARMACOVIGILANCE', 4, true, 2),
      req('DOM_EPIDEMIOLOGY', 3, true),
      req('DOM_BIOSTATISTICS', 2, false),
      req('DOM_REGULATORY_AFFAIRS', 2, false),
    ],
  },
];

/** Inserts the demo role profiles (version 1 each), competences looked up by code. */
export async function seedDemoRoles(
  em: EntityManager,
  organisationIds: ReadonlyMap<string, string>,
): Promise<void> {
  const codes = [...new Set(DEMO_ROLES.flatMap((r) => r.requirements.map((q) => q.code)))];
  const competences = await em.getRepository(CompetenceEntity).findBy({ code: In(codes) });
  const idOf = new Map(competences.map((c) => [c.code, c.id]));
  for (const role of DEMO_ROLES) {
    const id = (await em.query('SELECT gen_random_uuid() AS id'))[0].id as string;
    const organisationId = role.organisation === null ? null : organisationIds.get(role.organisation);
    if (organisationId === undefined)
      throw new Error(`demo role ${role.title}: no organisation ${role.organisation}`);
    await em.getRepository(RoleProfileEntity).insert({
      id,
      lineageId: id,
      version: 1,
      title: role.title,
      organisationId,
      careerStage: role.careerStage,
      researchLevel: role.researchLevel,
      description: role.description,
      createdById: null,
      supersededAt: null,
    });
    await em.getRepository(RoleRequirementEntity).insert(
      role.requirements.map((q) => {
        const competenceId = idOf.get(q.code);
        if (!competenceId) throw new Error(`demo role ${role.title}: no competence ${q.code}`);
        return {
          roleProfileId: id,
          competenceId,
          requiredLevel: q.level,
          essential: q.essential,
          weight: q.weight ?? 1,
        };
      }),
    );
  }
}

/** The career stages of the roles a person at a stage plausibly aims for next. */
const NEXT_STAGES: Readonly<Record<CareerStage, readonly CareerStage[]>> = {
  [CareerStage.BACHELOR_STUDENT]: [
    CareerStage.POSTDOC,
    CareerStage.INDUSTRY_SCIENTIST,
    CareerStage.RESEARCHER,
  ],
  [CareerStage.MASTER_STUDENT]: [CareerStage.POSTDOC, CareerStage.INDUSTRY_SCIENTIST, CareerStage.RESEARCHER],
  [CareerStage.PHD_CANDIDATE]: [CareerStage.POSTDOC, CareerStage.RESEARCHER, CareerStage.INDUSTRY_SCIENTIST],
  [CareerStage.POSTDOC]: [CareerStage.LECTURER, CareerStage.RESEARCHER, CareerStage.INDUSTRY_SCIENTIST],
  [CareerStage.LECTURER]: [CareerStage.LECTURER, CareerStage.RESEARCHER],
  [CareerStage.RESEARCHER]: [CareerStage.LECTURER, CareerStage.INDUSTRY_SCIENTIST],
  [CareerStage.INDUSTRY_SCIENTIST]: [CareerStage.INDUSTRY_SCIENTIST, CareerStage.RESEARCHER],
};

/**
 * Target roles for the demo population: every demo candidate account 2 or 3, about two thirds of the
 * other candidates 1 to 3, drawn (seeded) from the roles of the stages they would move on to.
 */
export async function seedDemoTargetRoles(
  em: EntityManager,
  people: readonly {
    id: string;
    careerStage: CareerStage;
    roles: readonly UserRole[];
    demoAccount: boolean;
  }[],
  rng: Rng,
): Promise<void> {
  const roles = await em.getRepository(RoleProfileEntity).find({ order: { title: 'ASC' } });
  const rows: { personId: string; roleProfileId: string; position: number }[] = [];
  for (const person of people) {
    if (!person.roles.includes(UserRole.CANDIDATE)) continue;
    if (!person.demoAccount && !rng.chance(2 / 3)) continue;
    const fitting = roles.filter((r) => NEXT_STAGES[person.careerStage].includes(r.careerStage));
    const count = person.demoAccount ? rng.int(2, 3) : rng.int(1, 3);
    rng
      .sample(fitting, count)
      .forEach((role, i) => rows.push({ personId: person.id, roleProfileId: role.id, position: i + 1 }));
  }
  await insertChunked(em, PersonTargetRoleEntity, rows);
}
