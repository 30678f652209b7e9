import { EntityManager } from 'typeorm';
import { AssessmentSource, CareerStage, ResearchLevel, UserRole, Visibility } from '../../core/domain/enums';
import { AssessmentEntity } from '../../profiles/entities/assessment.entity';
import { AvailabilityWindow, ProfileEntity, ProfileLanguage } from '../../profiles/entities/profile.entity';
import { UserEntity } from '../../users/entities/user.entity';
import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS } from './demo-accounts';

// ---- deterministic randomness ------------------------------------------------------------------

/** A seeded PRNG (mulberry32): the demo data is the same on every start. Never Math.random. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy. */
  shuffle<T>(items: readonly T[]): T[];
  /** `count` distinct items (fewer when there are fewer). */
  sample<T>(items: readonly T[], count: number): T[];
  /** A version-4-shaped UUID drawn from the stream (stable ids across starts). */
  uuid(): string;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const shuffle = <T>(items: readonly T[]): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = int(0, i);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(0, items.length - 1)],
    shuffle,
    sample: (items, count) => shuffle(items).slice(0, Math.max(0, count)),
    uuid: () => {
      const hex = Array.from({ length: 32 }, () => int(0, 15).toString(16));
      hex[12] = '4';
      hex[16] = ((int(0, 15) & 0x3) | 0x8).toString(16);
      const s = hex.join('');
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    },
  };
}

// ---- shared seed context -----------------------------------------------------------------------

const DAY_MS = 24 * 60 * 60 * 1000;

export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** What the demo seed steps share: set up by seedDemoData after organisations and demo accounts. */
export interface DemoSeedContext {
  /** The instant the seed runs; timestamps of the demo history are laid out before it. */
  now: Date;
  /** One argon2 hash of DEMO_PASSWORD, reused for every demo person (hashing is slow on purpose). */
  passwordHash: string;
  /** Organisation code → id. */
  organisationIds: ReadonlyMap<string, string>;
  /** `${organisationCode}/${departmentName}` → id. */
  departmentIds: ReadonlyMap<string, string>;
  /** E-mail of each DEMO_ACCOUNTS entry → user id. */
  accountIds: ReadonlyMap<string, string>;
}

export interface DemoPerson {
  id: string;
  email: string;
  displayName: string;
  organisationCode: string;
  departmentId: string | null;
  roles: UserRole[];
  careerStage: CareerStage;
  /** One of DEMO_ACCOUNTS (README logins). */
  demoAccount: boolean;
}

/** What seedDemoPeople created: the people with a profile, grouped for the next seed steps. */
export interface DemoPeople {
  /** Seeded people and the demo accounts that got a profile (candidates and supervisors). */
  people: DemoPerson[];
  /** Ids of people holding the CANDIDATE role, by career stage. */
  candidatesByStage: Record<CareerStage, string[]>;
  /** Ids of everyone with a profile, by career stage. */
  byStage: Record<CareerStage, string[]>;
  /** Ids of everyone with a profile, by organisation code. */
  byOrganisation: Record<string, string[]>;
  /** Ids of people holding the SUPERVISOR role (demo supervisors first), by organisation code. */
  supervisorsByOrganisation: Record<string, string[]>;
  /** Active competences, code → id (empty when the framework is not seeded). */
  competenceIds: ReadonlyMap<string, string>;
}

// ---- the fictional population ------------------------------------------------------------------

const EMAIL_DOMAINS: Readonly<Record<string, string>> = {
  LUMC: 'lumc.test',
  LEIDEN_UNIV: 'leiden.test',
  JANSSEN: 'janssen.test',
};

interface NamePool {
  /** ISO 639-1 code of the native language. */
  language: string;
  first: readonly string[];
  last: readonly string[];
  /** Typical Dutch level of someone from here working in Leiden. */
  dutch?: readonly string[];
}

// prettier-ignore
const DUTCH: NamePool = {
  language: 'nl',
  first: [
    'Anouk', 'Bram', 'Daphne', 'Eva', 'Floor', 'Gijs', 'Iris', 'Jesse', 'Joris', 'Julia', 'Koen', 'Lars',
    'Lieke', 'Luuk', 'Maud', 'Milan', 'Noor', 'Pieter', 'Roos', 'Sanne', 'Sem', 'Stijn', 'Tess', 'Thijs',
    'Tim', 'Vera', 'Wouter', 'Yara', 'Femke', 'Jeroen', 'Marloes', 'Niels', 'Esther', 'Bart', 'Ilse', 'Rick',
    'Merel', 'Joost', 'Hanneke', 'Maarten', 'Fleur', 'Sven',
  ],
  last: [
    'de Jong', 'van den Berg', 'van Dijk', 'Janssen', 'de Wit', 'Dekker', 'Brouwer', 'de Groot', 'Bos', 'Vos',
    'Peters', 'Hendriks', 'van Leeuwen', 'Dijkstra', 'Kok', 'Jacobs', 'de Haan', 'Vermeulen',
    'van der Heijden', 'van der Linden', 'Kuipers', 'Veenstra', 'Kramer', 'van Wijk', 'Schouten', 'Post',
    'Prins', 'Huisman', 'Willems', 'Hoekstra', 'van Beek', 'Koster', 'Verhoeven', 'Maas', 'Scholten',
    'Timmermans', 'Groen', 'van Vliet', 'Bosman', 'Wijnands',
  ],
};

// prettier-ignore
const INTERNATIONAL: readonly NamePool[] = [
  {
    language: 'de',
    first: ['Lukas', 'Hannah', 'Jonas', 'Lena', 'Felix', 'Katharina'],
    last: ['Schneider', 'Weber', 'Hoffmann', 'Wagner', 'Richter', 'Krüger'],
    dutch: ['B1', 'B2'],
  },
  {
    language: 'it',
    first: ['Giulia', 'Marco', 'Chiara', 'Alessandro', 'Francesca'],
    last: ['Rossi', 'Bianchi', 'Romano', 'Ferrari', 'Esposito'],
    dutch: ['A2', 'B1'],
  },
  {
    language: 'es',
    first: ['Lucía', 'Javier', 'Carmen', 'Pablo', 'Marta'],
    last: ['García', 'Fernández', 'López', 'Martínez', 'Navarro'],
    dutch: ['A1', 'A2'],
  },
  {
    language: 'pt',
    first: ['Inês', 'Tiago', 'Mariana', 'Rafael'],
    last: ['Costa', 'Ferreira', 'Silva', 'Almeida'],
    dutch: ['A2'],
  },
  {
    language: 'el',
    first: ['Eleni', 'Nikos', 'Dimitra', 'Giorgos'],
    last: ['Georgiou', 'Antoniou', 'Christodoulou', 'Ioannou'],
    dutch: ['A1', 'A2'],
  },
  {
    language: 'pl',
    first: ['Katarzyna', 'Piotr', 'Agnieszka', 'Tomasz'],
    last: ['Nowak', 'Wójcik', 'Kowalczyk', 'Mazur'],
    dutch: ['A2', 'B1'],
  },
  {
    language: 'fr',
    first: ['Camille', 'Louis', 'Chloé', 'Antoine'],
    last: ['Dubois', 'Lefèvre', 'Moreau', 'Laurent'],
    dutch: ['A2', 'B1'],
  },
  {
    language: 'hi',
    first: ['Priya', 'Arjun', 'Ananya', 'Rohan'],
    last: ['Sharma', 'Iyer', 'Patel', 'Reddy'],
  },
  {
    language: 'zh',
    first: ['Wei', 'Xinyi', 'Hao', 'Yuting'],
    last: ['Zhang', 'Chen', 'Liu', 'Wang'],
  },
  {
    language: 'tr',
    first: ['Elif', 'Emre', 'Zeynep', 'Burak'],
    last: ['Yılmaz', 'Demir', 'Kaya', 'Aydın'],
    dutch: ['A2', 'B1', 'B2'],
  },
  {
    language: 'en',
    first: ['Oliver', 'Emily', 'James', 'Charlotte', 'Chinedu', 'Amara'],
    last: ['Carter', 'Hughes', 'Bennett', 'Okafor', 'Mensah', 'Walsh'],
    dutch: ['A1', 'A2'],
  },
  {
    language: 'fa',
    first: ['Sara', 'Reza', 'Leila', 'Arash'],
    last: ['Ahmadi', 'Karimi', 'Hosseini', 'Rahimi'],
    dutch: ['A2', 'B1'],
  },
];

/** Per department: research topics for headlines, a study programme, and the competences it lives on. */
interface DepartmentFlavour {
  topics: readonly string[];
  programme: string;
  competences: readonly string[];
  jobTitles?: readonly string[];
}

// prettier-ignore
const DEPARTMENTS: Readonly<Record<string, DepartmentFlavour>> = {
  'LUMC/Infectious Diseases': {
    topics: [
      'controlled human malaria infection', 'antimicrobial resistance', 'tuberculosis host response',
      'hookworm vaccine trials',
    ],
    programme: 'Biomedical Sciences',
    competences: [
      'DOM_EPIDEMIOLOGY', 'DOM_CLINICAL_TRIAL_DESIGN', 'DOM_GOOD_CLINICAL_PRACTICE', 'DOM_VACCINE_IMMUNOLOGY',
      'DOM_TRANSLATIONAL_MEDICINE',
    ],
  },
  'LUMC/Clinical Pharmacy & Toxicology': {
    topics: [
      'paediatric pharmacokinetics', 'drug-drug interactions', 'therapeutic drug monitoring',
      'toxicology of biologics',
    ],
    programme: 'Pharmacy',
    competences: [
      'DOM_PHARMACOLOGY', 'DOM_PHARMACOVIGILANCE', 'DOM_GOOD_CLINICAL_PRACTICE', 'DOM_BIOSTATISTICS',
      'DOM_DRUG_DELIVERY',
    ],
  },
  'LUMC/Biomedical Data Sciences': {
    topics: [
      'clinical prediction models', 'survival analysis', 'statistical genetics', 'causal inference in trials',
    ],
    programme: 'Statistics and Data Science',
    competences: [
      'DOM_BIOSTATISTICS', 'DOM_BIOINFORMATICS', 'RT_SCIENTIFIC_PROGRAMMING', 'RT_DATA_MANAGEMENT',
      'DOM_EPIDEMIOLOGY',
    ],
  },
  'LUMC/Immunology': {
    topics: [
      'T-cell responses to vaccines', 'B-cell memory', 'tumour immunology', 'innate immunity in the elderly',
    ],
    programme: 'Biomedical Sciences',
    competences: [
      'DOM_VACCINE_IMMUNOLOGY', 'DOM_ASSAY_DEVELOPMENT', 'DOM_LAB_ANIMAL_SCIENCE',
      'DOM_TRANSLATIONAL_MEDICINE', 'DR_EXPERIMENTAL_WORK',
    ],
  },
  'LEIDEN_UNIV/Leiden Academic Centre for Drug Research': {
    topics: [
      'lipid nanoparticles for mRNA delivery', 'medicinal chemistry of kinase inhibitors',
      'systems pharmacology', 'biopharmaceutics of peptides',
    ],
    programme: 'Bio-Pharmaceutical Sciences',
    competences: [
      'DOM_DRUG_DELIVERY', 'DOM_PHARMACOLOGY', 'DOM_ASSAY_DEVELOPMENT', 'DOM_GMP', 'DR_EXPERIMENTAL_WORK',
    ],
  },
  'LEIDEN_UNIV/Institute of Biology Leiden': {
    topics: [
      'zebrafish infection models', 'the plant root microbiome', 'microbial biotechnology',
      'antibiotic discovery from Streptomyces',
    ],
    programme: 'Biology',
    competences: [
      'DR_EXPERIMENTAL_WORK', 'DOM_BIOINFORMATICS', 'DOM_LAB_ANIMAL_SCIENCE', 'RT_LAB_INFRASTRUCTURE',
      'DOM_ASSAY_DEVELOPMENT',
    ],
  },
  'LEIDEN_UNIV/Leiden Institute of Advanced Computer Science': {
    topics: [
      'machine learning for omics data', 'bioinformatics pipelines', 'computer vision for microscopy',
      'language models for clinical text',
    ],
    programme: 'Computer Science',
    competences: [
      'RT_SCIENTIFIC_PROGRAMMING', 'DOM_BIOINFORMATICS', 'RT_DATA_MANAGEMENT', 'CA_ANALYTICAL_REASONING',
      'DR_DATA_ANALYSIS',
    ],
  },
  'JANSSEN/Vaccine Discovery': {
    topics: [
      'RSV pre-fusion antigens', 'adenoviral vector design', 'HIV vaccine immunogens',
      'E. coli vaccine research',
    ],
    programme: 'Life Science & Technology',
    competences: [
      'DOM_VACCINE_IMMUNOLOGY', 'DOM_ASSAY_DEVELOPMENT', 'DOM_TRANSLATIONAL_MEDICINE', 'DR_EXPERIMENTAL_WORK',
      'MI_KNOWLEDGE_VALORISATION',
    ],
    jobTitles: ['Scientist', 'Senior Scientist', 'Principal Scientist', 'Associate Scientist'],
  },
  'JANSSEN/Clinical Development': {
    topics: ['phase 2 vaccine trials', 'clinical operations', 'trial statistics', 'site monitoring'],
    programme: 'Biomedical Sciences',
    competences: [
      'DOM_CLINICAL_TRIAL_DESIGN', 'DOM_GOOD_CLINICAL_PRACTICE', 'DOM_BIOSTATISTICS', 'DOM_PHARMACOVIGILANCE',
      'MR_PROJECT_MANAGEMENT',
    ],
    jobTitles: [
      'Clinical Scientist', 'Clinical Trial Manager', 'Senior Clinical Scientist', 'Biostatistician',
    ],
  },
  'JANSSEN/Regulatory Affairs': {
    topics: [
      'EMA submissions', 'CMC regulatory strategy', 'product labelling', 'paediatric investigation plans',
    ],
    programme: 'Pharmacy',
    competences: [
      'DOM_REGULATORY_AFFAIRS', 'DOM_PHARMACOVIGILANCE', 'DOM_GMP', 'MR_IP_AND_CONTRACTS',
      'DR_SCIENTIFIC_WRITING',
    ],
    jobTitles: ['Regulatory Affairs Manager', 'Regulatory Scientist', 'Senior Regulatory Affairs Specialist'],
  },
  'JANSSEN/Drug Product Development': {
    topics: [
      'formulation of biologics', 'lyophilisation', 'process analytical technology', 'fill-finish scale-up',
    ],
    programme: 'Bio-Pharmaceutical Sciences',
    competences: [
      'DOM_DRUG_DELIVERY', 'DOM_GMP', 'DOM_ASSAY_DEVELOPMENT', 'MR_PROJECT_MANAGEMENT',
      'RT_LAB_INFRASTRUCTURE',
    ],
    jobTitles: ['Formulation Scientist', 'Senior Scientist', 'Process Engineer', 'Principal Scientist'],
  },
};

// prettier-ignore
const STAGE_COMPETENCES: Readonly<Record<CareerStage, readonly string[]>> = {
  BACHELOR_STUDENT: [
    'CA_CRITICAL_THINKING', 'DR_LITERATURE_REVIEW', 'DR_SCIENTIFIC_WRITING', 'SM_TIME_MANAGEMENT',
    'WO_COLLABORATION', 'RT_SCIENTIFIC_PROGRAMMING',
  ],
  MASTER_STUDENT: [
    'CA_CRITICAL_THINKING', 'DR_LITERATURE_REVIEW', 'DR_DATA_ANALYSIS', 'DR_SCIENTIFIC_WRITING',
    'SM_TIME_MANAGEMENT', 'RT_SCIENTIFIC_PROGRAMMING', 'CA_PROBLEM_SOLVING',
  ],
  PHD_CANDIDATE: [
    'DR_RESEARCH_DESIGN', 'DR_DATA_ANALYSIS', 'DR_SCIENTIFIC_WRITING', 'DR_RESEARCH_INTEGRITY',
    'DR_OPEN_SCIENCE', 'MI_SCIENCE_COMMUNICATION', 'SM_RESILIENCE', 'RT_DATA_MANAGEMENT',
  ],
  POSTDOC: [
    'DR_RESEARCH_DESIGN', 'MR_GRANT_WRITING', 'WO_MENTORING', 'MI_PEER_REVIEW', 'DR_SCIENTIFIC_WRITING',
    'MR_PROJECT_MANAGEMENT', 'SM_CAREER_DEVELOPMENT',
  ],
  LECTURER: [
    'DOM_TEACHING', 'WO_MENTORING', 'MI_SCIENCE_COMMUNICATION', 'DR_SCIENTIFIC_WRITING', 'MI_PEER_REVIEW',
    'WO_COLLABORATION',
  ],
  RESEARCHER: [
    'MR_GRANT_WRITING', 'MR_RESEARCH_STRATEGY', 'WO_LEADERSHIP', 'WO_MENTORING', 'MI_PEER_REVIEW',
    'MR_BUDGET_MANAGEMENT', 'WO_NETWORKING',
  ],
  INDUSTRY_SCIENTIST: [
    'MR_PROJECT_MANAGEMENT', 'WO_NEGOTIATION', 'MI_KNOWLEDGE_VALORISATION', 'WO_INTERCULTURAL',
    'MR_IP_AND_CONTRACTS', 'WO_COLLABORATION', 'RT_DATA_PROTECTION',
  ],
};

/** The usual proficiency range of a stage (1 Foundational .. 4 Expert). */
const STAGE_LEVELS: Readonly<Record<CareerStage, readonly [number, number]>> = {
  BACHELOR_STUDENT: [1, 2],
  MASTER_STUDENT: [1, 3],
  PHD_CANDIDATE: [2, 3],
  POSTDOC: [2, 4],
  LECTURER: [2, 4],
  RESEARCHER: [3, 4],
  INDUSTRY_SCIENTIST: [2, 4],
};

const STAGE_RESEARCH_LEVELS: Readonly<Record<CareerStage, readonly (ResearchLevel | null)[]>> = {
  BACHELOR_STUDENT: [null],
  MASTER_STUDENT: [ResearchLevel.R1],
  PHD_CANDIDATE: [ResearchLevel.R1],
  POSTDOC: [ResearchLevel.R2],
  LECTURER: [ResearchLevel.R2, ResearchLevel.R3],
  RESEARCHER: [ResearchLevel.R3, ResearchLevel.R3, ResearchLevel.R4],
  INDUSTRY_SCIENTIST: [ResearchLevel.R2, ResearchLevel.R2, ResearchLevel.R3],
};

/** How many people of a stage an organisation has, and how many of them supervise. */
interface StagePlan {
  stage: CareerStage;
  count: number;
  /** Supervisors among them; the first `alsoCandidates` of those keep the CANDIDATE role too. */
  supervisors?: number;
  alsoCandidates?: number;
}

const S = CareerStage;

/** 150 people: LUMC 52, Leiden University 60, Janssen 38; 20 supervisors, 8 of them also candidates. */
const POPULATION: Readonly<Record<string, readonly StagePlan[]>> = {
  LUMC: [
    { stage: S.BACHELOR_STUDENT, count: 2 },
    { stage: S.MASTER_STUDENT, count: 8 },
    { stage: S.PHD_CANDIDATE, count: 14 },
    { stage: S.POSTDOC, count: 10, supervisors: 1, alsoCandidates: 1 },
    { stage: S.LECTURER, count: 3, supervisors: 1, alsoCandidates: 1 },
    { stage: S.RESEARCHER, count: 13, supervisors: 5, alsoCandidates: 1 },
    { stage: S.INDUSTRY_SCIENTIST, count: 2 },
  ],
  LEIDEN_UNIV: [
    { stage: S.BACHELOR_STUDENT, count: 12 },
    { stage: S.MASTER_STUDENT, count: 16 },
    { stage: S.PHD_CANDIDATE, count: 12 },
    { stage: S.POSTDOC, count: 8, supervisors: 1, alsoCandidates: 1 },
    { stage: S.LECTURER, count: 8, supervisors: 3, alsoCandidates: 1 },
    { stage: S.RESEARCHER, count: 4, supervisors: 2 },
  ],
  JANSSEN: [
    { stage: S.MASTER_STUDENT, count: 2 },
    { stage: S.PHD_CANDIDATE, count: 2 },
    { stage: S.POSTDOC, count: 3 },
    { stage: S.RESEARCHER, count: 3, supervisors: 1 },
    { stage: S.INDUSTRY_SCIENTIST, count: 28, supervisors: 6, alsoCandidates: 3 },
  ],
};

/** Profiles of the README logins: stages for the candidates, load caps for the supervisors. */
interface DemoAccountProfile {
  stage: CareerStage;
  researchLevel: ResearchLevel | null;
  headline: string;
  languages: ProfileLanguage[];
  availability: AvailabilityWindow[];
  visibility: Visibility;
  supervisionCapacity?: number;
  /** [competence code, level, source]. */
  assessments: readonly (readonly [string, number, AssessmentSource])[];
}

const SELF = AssessmentSource.SELF;
const SUPERVISOR = AssessmentSource.SUPERVISOR;

const DEMO_ACCOUNT_PROFILES: Readonly<Record<string, DemoAccountProfile>> = {
  'candidate@lumc.test': {
    stage: S.MASTER_STUDENT,
    researchLevel: ResearchLevel.R1,
    headline: 'Master student Biomedical Sciences, thesis on T-cell responses to RSV vaccines',
    languages: [
      { code: 'nl', level: 'NATIVE' },
      { code: 'en', level: 'C1' },
    ],
    availability: [{ start: '2027-02-01', end: '2027-07-31' }],
    visibility: Visibility.CONSORTIUM,
    assessments: [
      ['DOM_VACCINE_IMMUNOLOGY', 2, SELF],
      ['DR_EXPERIMENTAL_WORK', 3, SELF],
      ['DOM_ASSAY_DEVELOPMENT', 2, SUPERVISOR],
      ['DR_DATA_ANALYSIS', 2, SELF],
      ['DOM_BIOSTATISTICS', 1, SELF],
      ['DR_SCIENTIFIC_WRITING', 2, SELF],
      ['WO_COLLABORATION', 3, SELF],
    ],
  },
  'candidate@leiden.test': {
    stage: S.PHD_CANDIDATE,
    researchLevel: ResearchLevel.R1,
    headline: 'PhD candidate working on zebrafish models of mycobacterial infection',
    languages: [
      { code: 'nl', level: 'NATIVE' },
      { code: 'en', level: 'C2' },
      { code: 'de', level: 'B1' },
    ],
    availability: [
      { start: '2027-01-15', end: '2027-03-31' },
      { start: '2027-09-01', end: '2027-12-20' },
    ],
    visibility: Visibility.CONSORTIUM,
    assessments: [
      ['DR_EXPERIMENTAL_WORK', 3, SELF],
      ['DOM_LAB_ANIMAL_SCIENCE', 3, SUPERVISOR],
      ['DOM_BIOINFORMATICS', 2, SELF],
      ['DR_RESEARCH_DESIGN', 2, SELF],
      ['MI_SCIENCE_COMMUNICATION', 2, SELF],
      ['DOM_VACCINE_IMMUNOLOGY', 1, SELF],
    ],
  },
  'candidate@janssen.test': {
    stage: S.INDUSTRY_SCIENTIST,
    researchLevel: ResearchLevel.R2,
    headline: 'Clinical Scientist, phase 2 vaccine trials; keen to teach trial design',
    languages: [
      { code: 'nl', level: 'NATIVE' },
      { code: 'en', level: 'C2' },
      { code: 'fr', level: 'B2' },
    ],
    availability: [{ start: '2027-03-01', end: '2027-06-30' }],
    visibility: Visibility.PRIVATE,
    supervisionCapacity: 3,
    assessments: [
      ['DOM_CLINICAL_TRIAL_DESIGN', 3, SELF],
      ['DOM_GOOD_CLINICAL_PRACTICE', 4, SUPERVISOR],
      ['DOM_BIOSTATISTICS', 2, SELF],
      ['MR_PROJECT_MANAGEMENT', 3, SELF],
      ['DOM_TEACHING', 2, SELF],
    ],
  },
  'supervisor@lumc.test': {
    stage: S.RESEARCHER,
    researchLevel: ResearchLevel.R3,
    headline: 'Principal investigator, controlled human infection models',
    languages: [
      { code: 'nl', level: 'NATIVE' },
      { code: 'en', level: 'C2' },
    ],
    availability: [],
    visibility: Visibility.CONSORTIUM,
    supervisionCapacity: 5,
    assessments: [
      ['DOM_CLINICAL_TRIAL_DESIGN', 4, SELF],
      ['DOM_EPIDEMIOLOGY', 3, SELF],
      ['WO_MENTORING', 4, SELF],
    ],
  },
  'supervisor@leiden.test': {
    stage: S.RESEARCHER,
    researchLevel: ResearchLevel.R4,
    headline: 'Professor of Drug Delivery Technology',
    languages: [
      { code: 'nl', level: 'NATIVE' },
      { code: 'en', level: 'C2' },
    ],
    availability: [],
    visibility: Visibility.CONSORTIUM,
    supervisionCapacity: 6,
    assessments: [
      ['DOM_DRUG_DELIVERY', 4, SELF],
      ['DOM_TEACHING', 4, SELF],
      ['MR_GRANT_WRITING', 4, SELF],
    ],
  },
  'supervisor@janssen.test': {
    stage: S.INDUSTRY_SCIENTIST,
    researchLevel: ResearchLevel.R3,
    headline: 'Principal Scientist, RSV vaccine discovery',
    languages: [
      { code: 'nl', level: 'NATIVE' },
      { code: 'en', level: 'C2' },
    ],
    availability: [],
    visibility: Visibility.CONSORTIUM,
    supervisionCapacity: 4,
    assessments: [
      ['DOM_VACCINE_IMMUNOLOGY', 4, SELF],
      ['DOM_ASSAY_DEVELOPMENT', 4, SELF],
      ['MR_PROJECT_MANAGEMENT', 3, SELF],
    ],
  },
};

const CAREER_STAGES = Object.values(CareerStage);

function emptyByStage(): Record<CareerStage, string[]> {
  return Object.fromEntries(CAREER_STAGES.map((s) => [s, [] as string[]])) as Record<CareerStage, string[]>;
}

/** `Krüger` → `kruger`, `van den Berg` → `vandenberg`. */
function emailPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

function stageHeadline(
  rng: Rng,
  stage: CareerStage,
  flavour: DepartmentFlavour,
  supervisor: boolean,
): string {
  const topic = rng.pick(flavour.topics);
  switch (stage) {
    case S.BACHELOR_STUDENT:
      return `Bachelor student ${flavour.programme}, curious about ${topic}`;
    case S.MASTER_STUDENT:
      return `Master student ${flavour.programme}, thesis on ${topic}`;
    case S.PHD_CANDIDATE:
      return `PhD candidate working on ${topic}`;
    case S.POSTDOC:
      return `Postdoctoral researcher in ${topic}`;
    case S.LECTURER:
      return `Lecturer in ${flavour.programme}; research on ${topic}`;
    case S.RESEARCHER:
      return supervisor ? `Group leader, ${topic}` : `Senior researcher, ${topic}`;
    case S.INDUSTRY_SCIENTIST:
      return `${rng.pick(flavour.jobTitles ?? ['Scientist', 'Senior Scientist'])}, ${topic}`;
  }
}

function languagesOf(rng: Rng, pool: NamePool): ProfileLanguage[] {
  if (pool.language === 'nl') {
    const langs: ProfileLanguage[] = [
      { code: 'nl', level: 'NATIVE' },
      { code: 'en', level: rng.pick(['B2', 'C1', 'C1', 'C2']) },
    ];
    if (rng.chance(0.3))
      langs.push({ code: rng.pick(['de', 'fr', 'es']), level: rng.pick(['A2', 'B1', 'B2']) });
    return langs;
  }
  const langs: ProfileLanguage[] = [{ code: pool.language, level: 'NATIVE' }];
  if (pool.language !== 'en') langs.push({ code: 'en', level: rng.pick(['C1', 'C1', 'C2']) });
  if (pool.dutch && rng.chance(0.6)) langs.push({ code: 'nl', level: rng.pick(pool.dutch) });
  return langs;
}

/** 1-based month. */
function lastDayOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** One or two windows in 2027 (students mostly a semester, staff a few weeks or months). */
function availabilityOf(rng: Rng, stage: CareerStage): AvailabilityWindow[] {
  const student = stage === S.BACHELOR_STUDENT || stage === S.MASTER_STUDENT;
  const windows: AvailabilityWindow[] = [];
  const first = rng.int(1, student ? 3 : 6);
  const length = student ? rng.int(4, 6) : rng.int(1, 3);
  const end = Math.min(12, first + length - 1);
  windows.push({ start: isoDate(2027, first, 1), end: isoDate(2027, end, lastDayOf(2027, end)) });
  if (end <= 8 && rng.chance(0.35)) {
    const second = rng.int(end + 2, 11);
    const secondEnd = Math.min(12, second + 1);
    windows.push({
      start: isoDate(2027, second, 1),
      end: isoDate(2027, secondEnd, lastDayOf(2027, secondEnd)),
    });
  }
  return windows;
}

interface PlannedPerson {
  person: DemoPerson;
  profile: Omit<ProfileEntity, 'user' | 'updatedAt'>;
  departmentKey: string;
}

/**
 * About 150 fictional people across the three organisations, their profiles and their
 * assessments, plus profiles (and a few assessments) for the demo candidate and supervisor
 * accounts. Writes straight to the tables in the caller's transaction; same data on every run.
 */
export async function seedDemoPeople(em: EntityManager, ctx: DemoSeedContext): Promise<DemoPeople> {
  const rng = createRng(0x7e1e_2027);
  const competenceRows: { id: string; code: string }[] = await em.query(
    'SELECT id, code FROM competences WHERE retired_at IS NULL ORDER BY code',
  );
  const competenceIds = new Map(competenceRows.map((r) => [r.code, r.id]));

  const takenEmails = new Set(DEMO_ACCOUNTS.map((a) => a.email.toLowerCase()));
  const takenNames = new Set(DEMO_ACCOUNTS.map((a) => a.displayName.replace(/^(Dr\.|Prof\.) /, '')));
  const planned: PlannedPerson[] = [];

  for (const org of DEMO_ORGANISATIONS) {
    const plans = POPULATION[org.code] ?? [];
    const domain = EMAIL_DOMAINS[org.code] ?? `${emailPart(org.code)}.test`;
    for (const plan of plans) {
      for (let i = 0; i < plan.count; i++) {
        const supervisor = i < (plan.supervisors ?? 0);
        const alsoCandidate = supervisor && i < (plan.alsoCandidates ?? 0);
        const roles = supervisor
          ? alsoCandidate
            ? [UserRole.CANDIDATE, UserRole.SUPERVISOR]
            : [UserRole.SUPERVISOR]
          : [UserRole.CANDIDATE];

        let pool: NamePool = DUTCH;
        let first = '';
        let last = '';
        let email = '';
        for (let attempt = 0; ; attempt++) {
          pool = rng.chance(org.code === 'JANSSEN' ? 0.45 : 0.35) ? rng.pick(INTERNATIONAL) : DUTCH;
          first = rng.pick(pool.first);
          last = rng.pick(pool.last);
          email = `${emailPart(first)}.${emailPart(last)}@${domain}`;
          if (!takenEmails.has(email) && !takenNames.has(`${first} ${last}`)) break;
          if (attempt > 200) throw new Error(`demo seed: cannot find a free name in ${org.code}`);
        }
        takenEmails.add(email);
        takenNames.add(`${first} ${last}`);

        const department = rng.pick(org.departments);
        const departmentKey = `${org.code}/${department}`;
        const flavour = DEPARTMENTS[departmentKey] ?? DEPARTMENTS['LUMC/Immunology'];
        const researchLevel =
          supervisor && plan.stage !== S.POSTDOC
            ? rng.pick([ResearchLevel.R3, ResearchLevel.R4])
            : rng.pick(STAGE_RESEARCH_LEVELS[plan.stage]);
        const title =
          supervisor && researchLevel === ResearchLevel.R4 && org.code !== 'JANSSEN'
            ? 'Prof. '
            : supervisor || plan.stage === S.RESEARCHER || plan.stage === S.POSTDOC
              ? 'Dr. '
              : '';
        const id = rng.uuid();
        planned.push({
          departmentKey,
          person: {
            id,
            email,
            displayName: `${title}${first} ${last}`,
            organisationCode: org.code,
            departmentId: ctx.departmentIds.get(departmentKey) ?? null,
            roles,
            careerStage: plan.stage,
            demoAccount: false,
          },
          profile: {
            userId: id,
            careerStage: plan.stage,
            researchLevel,
            visibility: rng.chance(0.4) ? Visibility.CONSORTIUM : Visibility.PRIVATE,
            headline: stageHeadline(rng, plan.stage, flavour, supervisor),
            languages: languagesOf(rng, pool),
            availability: roles.includes(UserRole.CANDIDATE) ? availabilityOf(rng, plan.stage) : [],
            supervisionCapacity: supervisor ? rng.int(2, 6) : 0,
          },
        });
      }
    }
  }

  const seededUsers = planned.map(({ person }) => ({
    id: person.id,
    email: person.email,
    displayName: person.displayName,
    passwordHash: ctx.passwordHash,
    organisationId: requireId(ctx.organisationIds, person.organisationCode, 'organisation'),
    departmentId: person.departmentId,
    roles: person.roles,
  }));
  await insertChunked(em, UserEntity, seededUsers);

  // The README logins: candidates and supervisors get a profile.
  const demoPeople: PlannedPerson[] = [];
  for (const account of DEMO_ACCOUNTS) {
    const spec = DEMO_ACCOUNT_PROFILES[account.email];
    const id = ctx.accountIds.get(account.email);
    if (!spec || !id) continue;
    const departmentKey = `${account.organisationCode}/${account.department ?? ''}`;
    demoPeople.push({
      departmentKey,
      person: {
        id,
        email: account.email,
        displayName: account.displayName,
        organisationCode: account.organisationCode,
        departmentId: ctx.departmentIds.get(departmentKey) ?? null,
        roles: account.roles,
        careerStage: spec.stage,
        demoAccount: true,
      },
      profile: {
        userId: id,
        careerStage: spec.stage,
        researchLevel: spec.researchLevel,
        visibility: spec.visibility,
        headline: spec.headline,
        languages: spec.languages,
        availability: spec.availability,
        supervisionCapacity: spec.supervisionCapacity ?? 0,
      },
    });
  }

  const everyone = [...demoPeople, ...planned];
  await insertChunked(
    em,
    ProfileEntity,
    everyone.map((p) => p.profile),
  );
  // A findable profile is the person's FINDABLE_PROFILE consent (src/privacy): record it in its current
  // text. The fictional findable people also agreed to be counted in consortium-wide analytics
  // (CONSORTIUM_ANALYTICS), so that the demo's consortium reports are not empty.
  await em.query(
    `INSERT INTO consents (person_id, purpose_id, text_version, given_at)
     SELECT u, pp.id, pp.consent_text_version, now()
       FROM unnest($1::uuid[]) AS u
       JOIN processing_purposes pp ON pp.code IN ('FINDABLE_PROFILE', 'CONSORTIUM_ANALYTICS')`,
    [everyone.filter((p) => p.profile.visibility === Visibility.CONSORTIUM).map((p) => p.profile.userId)],
  );

  const supervisorsByOrganisation: Record<string, string[]> = {};
  const byOrganisation: Record<string, string[]> = {};
  const byStage = emptyByStage();
  const candidatesByStage = emptyByStage();
  for (const { person } of everyone) {
    (byOrganisation[person.organisationCode] ??= []).push(person.id);
    byStage[person.careerStage].push(person.id);
    if (person.roles.includes(UserRole.CANDIDATE)) candidatesByStage[person.careerStage].push(person.id);
    if (person.roles.includes(UserRole.SUPERVISOR)) {
      (supervisorsByOrganisation[person.organisationCode] ??= []).push(person.id);
    }
  }

  if (competenceIds.size > 0) {
    const assessments = [
      ...demoPeople.flatMap((p) =>
        demoAccountAssessments(rng, ctx, p, competenceIds, supervisorsByOrganisation),
      ),
      ...planned.flatMap((p) => personAssessments(rng, ctx, p, competenceIds, supervisorsByOrganisation)),
    ];
    await insertChunked(em, AssessmentEntity, assessments);
  }

  return {
    people: everyone.map((p) => p.person),
    candidatesByStage,
    byStage,
    byOrganisation,
    supervisorsByOrganisation,
    competenceIds,
  };
}

type NewAssessment = Omit<AssessmentEntity, 'id' | 'person' | 'competence'>;

/** A supervisor of the person's organisation other than the person (null when there is none). */
function assessorFor(
  rng: Rng,
  person: DemoPerson,
  supervisorsByOrganisation: Record<string, string[]>,
): string | null {
  const options = (supervisorsByOrganisation[person.organisationCode] ?? []).filter((id) => id !== person.id);
  return options.length > 0 ? rng.pick(options) : null;
}

const SUPERVISOR_NOTES = [
  'Assessed after the lab rotation.',
  'Observed during the joint project meetings.',
  'Based on the annual review.',
  'Assessed at the end of the internship.',
];

function personAssessments(
  rng: Rng,
  ctx: DemoSeedContext,
  planned: PlannedPerson,
  competenceIds: ReadonlyMap<string, string>,
  supervisorsByOrganisation: Record<string, string[]>,
): NewAssessment[] {
  const { person } = planned;
  const stage = person.careerStage;
  const flavour = DEPARTMENTS[planned.departmentKey];
  const student = stage === S.BACHELOR_STUDENT || stage === S.MASTER_STUDENT;
  const relevant = [...new Set([...(flavour?.competences ?? []), ...STAGE_COMPETENCES[stage]])].filter((c) =>
    competenceIds.has(c),
  );
  const pool = relevant.length >= 3 ? relevant : [...competenceIds.keys()];
  const count = student ? rng.int(3, 6) : rng.int(5, 10);
  const [low, high] = STAGE_LEVELS[stage];
  const rows: NewAssessment[] = [];
  for (const code of rng.sample(pool, count)) {
    const competenceId = competenceIds.get(code);
    if (!competenceId) continue;
    const own = flavour?.competences.includes(code) ?? false;
    const level = Math.min(4, rng.int(low, high) + (own && rng.chance(0.3) ? 1 : 0));
    const assessedAt = daysBefore(ctx.now, rng.int(20, 420));
    const assessor = rng.chance(0.15) ? assessorFor(rng, person, supervisorsByOrganisation) : null;
    if (assessor) {
      // A supervisor's view, often after an earlier self-assessment of the same competence.
      if (rng.chance(0.6)) {
        rows.push(
          selfAssessment(
            person.id,
            competenceId,
            Math.min(4, level + rng.int(0, 1)),
            daysBefore(assessedAt, rng.int(30, 200)),
          ),
        );
      }
      rows.push({
        personId: person.id,
        competenceId,
        level,
        source: AssessmentSource.SUPERVISOR,
        assessorId: assessor,
        applicationId: null,
        note: rng.pick(SUPERVISOR_NOTES),
        assessedAt,
      });
    } else {
      if (level > 1 && rng.chance(0.12)) {
        // Growth over time: an older, lower self-assessment stays in the history.
        rows.push(
          selfAssessment(person.id, competenceId, level - 1, daysBefore(assessedAt, rng.int(120, 360))),
        );
      }
      rows.push(selfAssessment(person.id, competenceId, level, assessedAt));
    }
  }
  return rows;
}

function demoAccountAssessments(
  rng: Rng,
  ctx: DemoSeedContext,
  planned: PlannedPerson,
  competenceIds: ReadonlyMap<string, string>,
  supervisorsByOrganisation: Record<string, string[]>,
): NewAssessment[] {
  const spec = DEMO_ACCOUNT_PROFILES[planned.person.email];
  const rows: NewAssessment[] = [];
  for (const [code, level, source] of spec?.assessments ?? []) {
    const competenceId = competenceIds.get(code);
    if (!competenceId) continue;
    const assessedAt = daysBefore(ctx.now, rng.int(20, 200));
    const assessor =
      source === SUPERVISOR ? assessorFor(rng, planned.person, supervisorsByOrganisation) : null;
    rows.push(
      assessor
        ? {
            personId: planned.person.id,
            competenceId,
            level,
            source,
            assessorId: assessor,
            applicationId: null,
            note: rng.pick(SUPERVISOR_NOTES),
            assessedAt,
          }
        : selfAssessment(planned.person.id, competenceId, level, assessedAt),
    );
  }
  return rows;
}

export function selfAssessment(
  personId: string,
  competenceId: string,
  level: number,
  assessedAt: Date,
): NewAssessment {
  return {
    personId,
    competenceId,
    level,
    source: AssessmentSource.SELF,
    assessorId: null,
    applicationId: null,
    note: null,
    assessedAt,
  };
}

function requireId(ids: ReadonlyMap<string, string>, key: string, what: string): string {
  const id = ids.get(key);
  if (!id) throw new Error(`demo seed: no ${what} ${key}`);
  return id;
}

const CHUNK = 1000;

/** Multi-row INSERTs of at most CHUNK rows (PostgreSQL allows 65,535 parameters per statement). */
export async function insertChunked<T extends object>(
  em: EntityManager,
  entity: new () => T,
  rows: readonly Partial<T>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await em
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(i, i + CHUNK) as T[])
      .updateEntity(false)
      .execute();
  }
}
