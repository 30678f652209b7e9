import { EntityManager, In } from 'typeorm';
import { CompetenceAreaEntity, CompetenceEntity } from '../../competences/entities/competence.entity';

/**
 * The seed competence framework: the seven areas of research competence in the spirit of the
 * European Competence Framework for Researchers, plus the consortium's life-sciences domain.
 * Descriptions are our own words. `externalUri` (an ESCO concept) is left empty until an import
 * maps a competence to a concept we have checked; a wrong URI is worse than none.
 * Codes are stable and never reused: other seeds and clients may refer to them.
 */
export interface FrameworkCompetence {
  code: string;
  name: string;
  description: string;
  externalUri?: string;
}

export interface FrameworkArea {
  code: string;
  name: string;
  description: string;
  competences: FrameworkCompetence[];
}

export const COMPETENCE_FRAMEWORK: readonly FrameworkArea[] = [
  {
    code: 'COGNITIVE_ABILITIES',
    name: 'Cognitive abilities',
    description: 'Thinking clearly, critically and creatively about research questions and evidence.',
    competences: [
      {
        code: 'CA_CRITICAL_THINKING',
        name: 'Critical thinking',
        description: 'Weighs claims, methods and evidence, and spots weak arguments, including their own.',
      },
      {
        code: 'CA_ANALYTICAL_REASONING',
        name: 'Analytical reasoning',
        description: 'Breaks a complex question into parts and reasons step by step to a conclusion.',
      },
      {
        code: 'CA_CREATIVE_THINKING',
        name: 'Creative thinking',
        description: 'Comes up with original questions, hypotheses and approaches.',
      },
      {
        code: 'CA_PROBLEM_SOLVING',
        name: 'Problem solving',
        description: 'Finds workable solutions when experiments, data or plans do not behave as expected.',
      },
      {
        code: 'CA_SYNTHESIS',
        name: 'Synthesising evidence',
        description: 'Combines findings from many sources into a coherent, balanced picture.',
      },
    ],
  },
  {
    code: 'DOING_RESEARCH',
    name: 'Doing research',
    description: 'Designing and carrying out sound, ethical and reproducible research.',
    competences: [
      {
        code: 'DR_RESEARCH_DESIGN',
        name: 'Research design',
        description: 'Turns a question into a study with suitable methods, controls and sample sizes.',
      },
      {
        code: 'DR_LITERATURE_REVIEW',
        name: 'Literature review',
        description: 'Searches, selects and appraises the literature systematically.',
      },
      {
        code: 'DR_EXPERIMENTAL_WORK',
        name: 'Experimental work',
        description: 'Plans and performs experiments carefully, with proper records and controls.',
      },
      {
        code: 'DR_DATA_ANALYSIS',
        name: 'Data analysis and interpretation',
        description: 'Analyses research data with fitting methods and interprets results with care.',
      },
      {
        code: 'DR_RESEARCH_INTEGRITY',
        name: 'Research integrity',
        description:
          'Works honestly and transparently, and handles authorship and conflicts of interest well.',
      },
      {
        code: 'DR_RESEARCH_ETHICS',
        name: 'Research ethics',
        description:
          'Recognises ethical questions in research with people, animals and data, and seeks approval.',
      },
      {
        code: 'DR_OPEN_SCIENCE',
        name: 'Open science practices',
        description: 'Pre-registers, shares data, code and publications openly where appropriate.',
      },
      {
        code: 'DR_SCIENTIFIC_WRITING',
        name: 'Scientific writing',
        description: 'Writes clear papers, reports and theses that follow the conventions of the field.',
      },
    ],
  },
  {
    code: 'MANAGING_RESEARCH',
    name: 'Managing research',
    description: 'Planning, funding and steering research projects and their results.',
    competences: [
      {
        code: 'MR_PROJECT_MANAGEMENT',
        name: 'Research project management',
        description: 'Plans milestones, tracks progress and keeps a project on time and within scope.',
      },
      {
        code: 'MR_GRANT_WRITING',
        name: 'Grant writing and fundraising',
        description: 'Finds funding calls and writes competitive proposals.',
      },
      {
        code: 'MR_BUDGET_MANAGEMENT',
        name: 'Budget and resource management',
        description: 'Estimates, allocates and reports the money, people and time a project needs.',
      },
      {
        code: 'MR_IP_AND_CONTRACTS',
        name: 'Intellectual property and contracts',
        description:
          'Understands patents, licences and collaboration agreements between academia and industry.',
      },
      {
        code: 'MR_RESEARCH_STRATEGY',
        name: 'Research strategy',
        description: 'Sets a research agenda and chooses which lines of work to start or stop.',
      },
    ],
  },
  {
    code: 'MANAGING_RESEARCH_TOOLS',
    name: 'Managing research tools',
    description: 'Using and looking after the data, software and infrastructure research depends on.',
    competences: [
      {
        code: 'RT_DATA_MANAGEMENT',
        name: 'Research data management',
        description:
          'Keeps data findable, accessible, interoperable and reusable, with a data management plan.',
      },
      {
        code: 'RT_SCIENTIFIC_PROGRAMMING',
        name: 'Scientific programming',
        description: 'Writes tested, reusable analysis code (for example in R or Python).',
      },
      {
        code: 'RT_LAB_INFRASTRUCTURE',
        name: 'Laboratory infrastructure',
        description: 'Operates, maintains and books shared equipment and facilities safely.',
      },
      {
        code: 'RT_DIGITAL_TOOLS',
        name: 'Digital research tools',
        description:
          'Chooses and uses electronic lab notebooks, reference managers and collaboration platforms.',
      },
      {
        code: 'RT_DATA_PROTECTION',
        name: 'Data protection and security',
        description: 'Handles personal and confidential data lawfully and securely (GDPR, pseudonymisation).',
      },
    ],
  },
  {
    code: 'MAKING_AN_IMPACT',
    name: 'Making an impact',
    description: 'Bringing research to peers, patients, industry, policy and the public.',
    competences: [
      {
        code: 'MI_SCIENCE_COMMUNICATION',
        name: 'Science communication',
        description: 'Explains research to non-specialists in talks, writing and media.',
      },
      {
        code: 'MI_KNOWLEDGE_VALORISATION',
        name: 'Knowledge valorisation',
        description: 'Turns research results into products, services or practice, with partners.',
      },
      {
        code: 'MI_POLICY_ADVICE',
        name: 'Policy advice',
        description: 'Translates evidence into advice for policy makers and professional bodies.',
      },
      {
        code: 'MI_PUBLIC_ENGAGEMENT',
        name: 'Public and patient engagement',
        description: 'Involves patients and citizens in shaping and doing research.',
      },
      {
        code: 'MI_PEER_REVIEW',
        name: 'Peer review',
        description: 'Reviews manuscripts and proposals fairly, constructively and on time.',
      },
    ],
  },
  {
    code: 'WORKING_WITH_OTHERS',
    name: 'Working with others',
    description: 'Collaborating, leading and supporting others across disciplines and organisations.',
    competences: [
      {
        code: 'WO_COLLABORATION',
        name: 'Interdisciplinary collaboration',
        description: 'Works productively with people of other disciplines and sectors.',
      },
      {
        code: 'WO_MENTORING',
        name: 'Mentoring and supervision',
        description: 'Guides students and junior researchers and gives useful feedback.',
      },
      {
        code: 'WO_LEADERSHIP',
        name: 'Team leadership',
        description: 'Sets direction, delegates and keeps a team motivated and inclusive.',
      },
      {
        code: 'WO_NETWORKING',
        name: 'Networking',
        description: 'Builds and keeps relationships with peers, partners and funders.',
      },
      {
        code: 'WO_NEGOTIATION',
        name: 'Negotiation',
        description: 'Reaches agreements that work for all parties, for example on shared projects.',
      },
      {
        code: 'WO_INTERCULTURAL',
        name: 'Working across cultures',
        description: 'Collaborates well in international teams and between academia and industry.',
      },
    ],
  },
  {
    code: 'SELF_MANAGEMENT',
    name: 'Self-management',
    description: 'Managing one’s own work, learning, wellbeing and career.',
    competences: [
      {
        code: 'SM_CAREER_DEVELOPMENT',
        name: 'Career development',
        description: 'Reflects on goals, explores career paths inside and outside academia and plans steps.',
      },
      {
        code: 'SM_TIME_MANAGEMENT',
        name: 'Planning own work',
        description: 'Prioritises, plans and meets deadlines across parallel tasks.',
      },
      {
        code: 'SM_RESILIENCE',
        name: 'Resilience',
        description: 'Copes with setbacks, rejection and uncertainty, and keeps a healthy balance.',
      },
      {
        code: 'SM_INITIATIVE',
        name: 'Initiative and independence',
        description: 'Takes ownership and acts without waiting to be asked.',
      },
      {
        code: 'SM_REFLECTIVE_LEARNING',
        name: 'Learning from feedback',
        description: 'Seeks feedback, reflects on it and keeps learning new skills.',
      },
    ],
  },
  {
    code: 'DOMAIN',
    name: 'Life sciences and health (consortium domain)',
    description: 'The specialist competences of the Leiden Bio Science Park partners.',
    competences: [
      {
        code: 'DOM_CLINICAL_TRIAL_DESIGN',
        name: 'Clinical trial design',
        description: 'Designs trials: phases, endpoints, randomisation, blinding and sample size.',
      },
      {
        code: 'DOM_GOOD_CLINICAL_PRACTICE',
        name: 'Good clinical practice (GCP)',
        description: 'Conducts and monitors clinical studies according to ICH GCP.',
      },
      {
        code: 'DOM_VACCINE_IMMUNOLOGY',
        name: 'Vaccine immunology',
        description: 'Understands immune responses to vaccines, adjuvants and correlates of protection.',
      },
      {
        code: 'DOM_DRUG_DELIVERY',
        name: 'Drug delivery',
        description: 'Designs formulations and delivery systems that bring a drug where it is needed.',
      },
      {
        code: 'DOM_BIOINFORMATICS',
        name: 'Bioinformatics',
        description: 'Analyses sequence, omics and structural data with computational methods.',
      },
      {
        code: 'DOM_REGULATORY_AFFAIRS',
        name: 'Regulatory affairs',
        description: 'Prepares submissions and guides products through EMA and FDA requirements.',
      },
      {
        code: 'DOM_TEACHING',
        name: 'Teaching',
        description: 'Designs and gives lectures, practicals and course modules, and assesses students.',
      },
      {
        code: 'DOM_GMP',
        name: 'Good manufacturing practice (GMP)',
        description: 'Works under GMP: documentation, validation, deviations and batch release.',
      },
      {
        code: 'DOM_TRANSLATIONAL_MEDICINE',
        name: 'Translational medicine',
        description: 'Moves findings from the lab to the clinic and back, from target to first-in-human.',
      },
      {
        code: 'DOM_BIOSTATISTICS',
        name: 'Biostatistics',
        description: 'Applies statistical methods to biological and clinical data.',
      },
      {
        code: 'DOM_PHARMACOLOGY',
        name: 'Pharmacology and toxicology',
        description: 'Understands how drugs act and are handled by the body, and their safety.',
      },
      {
        code: 'DOM_EPIDEMIOLOGY',
        name: 'Infectious disease epidemiology',
        description: 'Studies the spread and burden of infections and the effect of interventions.',
      },
      {
        code: 'DOM_PHARMACOVIGILANCE',
        name: 'Pharmacovigilance',
        description: 'Detects, assesses and reports adverse events of medicines and vaccines.',
      },
      {
        code: 'DOM_ASSAY_DEVELOPMENT',
        name: 'Assay development',
        description: 'Develops and validates cell-based and biochemical assays.',
      },
      {
        code: 'DOM_LAB_ANIMAL_SCIENCE',
        name: 'Laboratory animal science',
        description: 'Designs and performs animal studies responsibly, following the 3Rs.',
      },
    ],
  },
];

/**
 * Inserts the areas and competences of COMPETENCE_FRAMEWORK that are missing, by code, in the
 * caller's transaction. Idempotent; never changes or revives what exists (an admin may have renamed
 * or retired it since).
 */
export async function seedCompetenceFramework(em: EntityManager): Promise<void> {
  await em
    .createQueryBuilder()
    .insert()
    .into(CompetenceAreaEntity)
    .values(
      COMPETENCE_FRAMEWORK.map((a, i) => ({
        code: a.code,
        name: a.name,
        description: a.description,
        position: i + 1,
      })),
    )
    .orIgnore()
    .execute();
  const areas = await em
    .getRepository(CompetenceAreaEntity)
    .findBy({ code: In(COMPETENCE_FRAMEWORK.map((a) => a.code)) });
  const areaIds = new Map(areas.map((a) => [a.code, a.id]));
  await em
    .createQueryBuilder()
    .insert()
    .into(CompetenceEntity)
    .values(
      COMPETENCE_FRAMEWORK.flatMap((a) =>
        a.competences.map((c) => ({
          code: c.code,
          name: c.name,
          description: c.description,
          areaId: areaIds.get(a.code),
          externalUri: c.externalUri ?? null,
          retiredAt: null,
        })),
      ),
    )
    .orIgnore()
    .execute();
}
