import { EntityManager } from 'typeorm';
import { CareerStage, OpportunityKind, OpportunityStatus, WorkMode } from '../../core/domain/enums';
import { CoSupervisionStatus } from '../../core/opportunities/co-supervision';
import {
  CoSupervisionEntity,
  OpportunityDevelopedCompetenceEntity,
  OpportunityEntity,
  OpportunityKindDetails,
  OpportunityRequirementEntity,
} from '../../opportunities/entities/opportunity.entity';

/**
 * What seedDemoOpportunities needs (a subset of DemoSeedContext & { people }, so seedDemoData can
 * pass `{ ...ctx, people }`):
 * - now: the instant the seed runs; deadlines and periods are laid out around it.
 * - organisationIds: organisation code (LUMC, LEIDEN_UNIV, JANSSEN) → id.
 * - departmentIds: `${organisationCode}/${departmentName}` → id (the names of DEMO_ORGANISATIONS).
 * - accountIds: e-mail of each DEMO_ACCOUNTS entry → user id (supervisor@lumc.test, ...).
 * - people.supervisorsByOrganisation (optional): user ids holding SUPERVISOR per organisation code,
 *   demo supervisors first; without it the demo supervisor accounts lead everything.
 * Competences are looked up by code in the competences table (active ones only); when the framework
 * is not seeded, the opportunities get no requirements and no developed competences.
 */
export interface DemoOpportunitySeedInput {
  now: Date;
  organisationIds: ReadonlyMap<string, string>;
  departmentIds: ReadonlyMap<string, string>;
  accountIds: ReadonlyMap<string, string>;
  people?: { supervisorsByOrganisation: Record<string, string[]> };
}

export interface DemoOpportunitiesSummary {
  opportunities: number;
  requirements: number;
  coSupervisions: number;
}

type Org = 'LUMC' | 'LEIDEN_UNIV' | 'JANSSEN';

interface DemoOpportunity {
  kind: OpportunityKind;
  org: Org;
  department: string;
  status: OpportunityStatus;
  title: string;
  description: string;
  details: OpportunityKindDetails;
  /** [competence code, minimum level, essential] */
  requires: readonly (readonly [string, number, boolean])[];
  develops: readonly string[];
  stages: readonly CareerStage[];
  capacity: number;
  workMode?: WorkMode;
  language?: string;
  confidential?: string;
  /** Co-supervised projects: the co-supervisor's organisation and answer. */
  coSupervisor?: { org: Org; status: CoSupervisionStatus; declineReason?: string };
  reviewComment?: string;
  cancelReason?: string;
}

const K = OpportunityKind;
const S = OpportunityStatus;
const C = CareerStage;
const STUDENTS = [C.BACHELOR_STUDENT, C.MASTER_STUDENT];
const EARLY_CAREER = [C.MASTER_STUDENT, C.PHD_CANDIDATE];
const TEACHERS = [C.LECTURER, C.RESEARCHER, C.POSTDOC, C.INDUSTRY_SCIENTIST];

const DEMO_OPPORTUNITIES: readonly DemoOpportunity[] = [
  // ---- exchange slots ----
  {
    kind: K.EXCHANGE_SLOT,
    org: 'LEIDEN_UNIV',
    department: 'Leiden Academic Centre for Drug Research',
    status: S.OPEN,
    title: 'Guest lectures: vaccine immunology for master students',
    description:
      'Four guest lectures in the master course Vaccines and Immunotherapy: antigen design, adjuvants and correlates of protection, with one interactive case session.',
    details: { subject: 'Vaccine immunology', teachingHours: 8, courseLevel: 'MASTER' },
    requires: [
      ['DOM_VACCINE_IMMUNOLOGY', 3, true],
      ['DOM_TEACHING', 2, true],
      ['MI_SCIENCE_COMMUNICATION', 2, false],
    ],
    develops: ['DOM_TEACHING', 'MI_SCIENCE_COMMUNICATION'],
    stages: TEACHERS,
    capacity: 2,
  },
  {
    kind: K.EXCHANGE_SLOT,
    org: 'LUMC',
    department: 'Clinical Pharmacy & Toxicology',
    status: S.OPEN,
    title: 'Course module: regulatory pathways for new medicines',
    description:
      'Teach a two-week module on EMA and FDA pathways, scientific advice and conditional approval for pharmacy residents.',
    details: { subject: 'Regulatory science', teachingHours: 16, courseLevel: 'PROFESSIONAL' },
    requires: [
      ['DOM_REGULATORY_AFFAIRS', 3, true],
      ['DOM_TEACHING', 2, false],
    ],
    develops: ['DOM_TEACHING'],
    stages: [C.INDUSTRY_SCIENTIST, C.RESEARCHER],
    capacity: 1,
    workMode: WorkMode.HYBRID,
  },
  {
    kind: K.EXCHANGE_SLOT,
    org: 'JANSSEN',
    department: 'Clinical Development',
    status: S.OPEN,
    title: 'Staff training: good clinical practice refresher for trial teams',
    description:
      'Deliver two half-day GCP refresher workshops for clinical operations staff, focusing on ICH E6(R3) changes and risk-based monitoring.',
    details: { subject: 'Good clinical practice', teachingHours: 8, courseLevel: 'PROFESSIONAL' },
    requires: [
      ['DOM_GOOD_CLINICAL_PRACTICE', 3, true],
      ['DOM_CLINICAL_TRIAL_DESIGN', 2, false],
    ],
    develops: ['MI_KNOWLEDGE_VALORISATION'],
    stages: [C.LECTURER, C.RESEARCHER, C.POSTDOC],
    capacity: 2,
    confidential: 'Sessions run at the Leiden campus, building 2, meeting room Oosterschelde.',
  },
  {
    kind: K.EXCHANGE_SLOT,
    org: 'LEIDEN_UNIV',
    department: 'Leiden Institute of Advanced Computer Science',
    status: S.OPEN,
    title: 'Guest lectures: machine learning for clinical data',
    description:
      'Three lectures and a hands-on lab on supervised learning with electronic health records, data leakage and external validation.',
    details: { subject: 'Clinical machine learning', teachingHours: 9, courseLevel: 'MASTER' },
    requires: [
      ['RT_SCIENTIFIC_PROGRAMMING', 3, true],
      ['DOM_BIOSTATISTICS', 2, false],
    ],
    develops: ['DOM_TEACHING'],
    stages: TEACHERS,
    capacity: 2,
  },
  {
    kind: K.EXCHANGE_SLOT,
    org: 'LUMC',
    department: 'Biomedical Data Sciences',
    status: S.DRAFT,
    title: 'Workshop series: reproducible analysis pipelines',
    description:
      'A draft for a four-session workshop on Snakemake, containers and data versioning for PhD candidates of the graduate school.',
    details: { subject: 'Reproducible research', teachingHours: 12, courseLevel: 'PHD' },
    requires: [['RT_DATA_MANAGEMENT', 3, true]],
    develops: ['DR_OPEN_SCIENCE'],
    stages: TEACHERS,
    capacity: 1,
  },
  {
    kind: K.EXCHANGE_SLOT,
    org: 'JANSSEN',
    department: 'Regulatory Affairs',
    status: S.PENDING_APPROVAL,
    title: 'Guest lectures: pharmacovigilance in practice',
    description:
      'Two lectures on signal detection, periodic safety reports and the qualified person for pharmacovigilance, for pharmacy master students.',
    details: { subject: 'Pharmacovigilance', teachingHours: 4, courseLevel: 'MASTER' },
    requires: [['DOM_PHARMACOVIGILANCE', 3, true]],
    develops: ['MI_SCIENCE_COMMUNICATION'],
    stages: [C.INDUSTRY_SCIENTIST],
    capacity: 1,
  },
  {
    kind: K.EXCHANGE_SLOT,
    org: 'LUMC',
    department: 'Immunology',
    status: S.COMPLETED,
    title: 'Course module: translational immunology journal club',
    description:
      'Led six journal club sessions on translational immunology papers for bachelor students in biomedical sciences.',
    details: { subject: 'Translational immunology', teachingHours: 12, courseLevel: 'BACHELOR' },
    requires: [['DOM_TRANSLATIONAL_MEDICINE', 2, true]],
    develops: ['DOM_TEACHING', 'WO_MENTORING'],
    stages: TEACHERS,
    capacity: 2,
  },
  {
    kind: K.EXCHANGE_SLOT,
    org: 'LEIDEN_UNIV',
    department: 'Institute of Biology Leiden',
    status: S.CLOSED,
    title: 'Guest lectures: assay development in industry',
    description:
      'Three lectures on assay validation, robustness and transfer to quality control, seen from an industrial vaccine lab.',
    details: { subject: 'Assay development', teachingHours: 6, courseLevel: 'MASTER' },
    requires: [['DOM_ASSAY_DEVELOPMENT', 3, true]],
    develops: ['DOM_TEACHING'],
    stages: [C.INDUSTRY_SCIENTIST, C.RESEARCHER],
    capacity: 1,
  },
  {
    kind: K.EXCHANGE_SLOT,
    org: 'JANSSEN',
    department: 'Drug Product Development',
    status: S.CANCELLED,
    title: 'Staff training: biostatistics for formulation scientists',
    description:
      'A one-day training in design of experiments and stability statistics for the drug product development team.',
    details: { subject: 'Design of experiments', teachingHours: 6, courseLevel: 'PROFESSIONAL' },
    requires: [['DOM_BIOSTATISTICS', 3, true]],
    develops: [],
    stages: [C.LECTURER, C.RESEARCHER],
    capacity: 1,
    cancelReason: 'The team reorganised; the training moves to next year.',
  },
  // ---- internships ----
  {
    kind: K.INTERNSHIP,
    org: 'JANSSEN',
    department: 'Drug Product Development',
    status: S.OPEN,
    title: 'Internship: formulation of lipid nanoparticles',
    description:
      'Join the formulation team to screen lipid compositions for mRNA delivery, characterise particle size and encapsulation, and report to the project team.',
    details: { weeks: 24, credits: 30 },
    requires: [
      ['DOM_DRUG_DELIVERY', 2, true],
      ['DR_EXPERIMENTAL_WORK', 2, true],
      ['DR_DATA_ANALYSIS', 1, false],
    ],
    develops: ['DOM_DRUG_DELIVERY', 'DOM_GMP', 'MR_PROJECT_MANAGEMENT'],
    stages: [C.MASTER_STUDENT],
    capacity: 2,
    confidential: 'Project JNJ-LNP-07: the lipid library is under NDA; you sign it on the first day.',
  },
  {
    kind: K.INTERNSHIP,
    org: 'LUMC',
    department: 'Infectious Diseases',
    status: S.OPEN,
    title: 'Internship: controlled human infection model data management',
    description:
      'Support the data managers of a controlled human malaria infection trial: case report forms, data cleaning and the statistical analysis plan.',
    details: { weeks: 20, credits: 24 },
    requires: [
      ['RT_DATA_MANAGEMENT', 2, true],
      ['DOM_GOOD_CLINICAL_PRACTICE', 1, false],
    ],
    develops: ['DOM_CLINICAL_TRIAL_DESIGN', 'DOM_GOOD_CLINICAL_PRACTICE'],
    stages: STUDENTS,
    capacity: 1,
  },
  {
    kind: K.INTERNSHIP,
    org: 'LEIDEN_UNIV',
    department: 'Leiden Academic Centre for Drug Research',
    status: S.OPEN,
    title: 'Internship: pharmacokinetic modelling of antibody therapeutics',
    description:
      'Build and fit a population PK model for a monoclonal antibody with NONMEM or nlmixr2, and present the covariate analysis.',
    details: { weeks: 26, credits: 36 },
    requires: [
      ['DOM_PHARMACOLOGY', 2, true],
      ['RT_SCIENTIFIC_PROGRAMMING', 2, false],
      ['DOM_BIOSTATISTICS', 2, false],
    ],
    develops: ['DOM_PHARMACOLOGY', 'RT_SCIENTIFIC_PROGRAMMING'],
    stages: [C.MASTER_STUDENT],
    capacity: 2,
    workMode: WorkMode.HYBRID,
  },
  {
    kind: K.INTERNSHIP,
    org: 'JANSSEN',
    department: 'Vaccine Discovery',
    status: S.OPEN,
    title: 'Internship: antigen stability assays for a respiratory vaccine',
    description:
      'Develop and qualify a thermal stability assay for a prefusion-stabilised antigen, from plate layout to the qualification report.',
    details: { weeks: 24, credits: 30 },
    requires: [
      ['DOM_ASSAY_DEVELOPMENT', 2, true],
      ['DR_EXPERIMENTAL_WORK', 2, true],
    ],
    develops: ['DOM_ASSAY_DEVELOPMENT', 'DOM_VACCINE_IMMUNOLOGY'],
    stages: [C.MASTER_STUDENT],
    capacity: 2,
    confidential: 'Target antigen and construct numbers are shared after the NDA.',
  },
  {
    kind: K.INTERNSHIP,
    org: 'LUMC',
    department: 'Biomedical Data Sciences',
    status: S.OPEN,
    title: 'Internship: single-cell RNA-seq of vaccine responders',
    description:
      'Analyse single-cell transcriptomes of B cells after vaccination: quality control, clustering and clonotype tracking in R or Python.',
    details: { weeks: 20, credits: 27 },
    requires: [
      ['DOM_BIOINFORMATICS', 2, true],
      ['RT_SCIENTIFIC_PROGRAMMING', 2, true],
      ['DOM_VACCINE_IMMUNOLOGY', 1, false],
    ],
    develops: ['DOM_BIOINFORMATICS', 'DR_DATA_ANALYSIS'],
    stages: EARLY_CAREER,
    capacity: 1,
  },
  {
    kind: K.INTERNSHIP,
    org: 'JANSSEN',
    department: 'Regulatory Affairs',
    status: S.OPEN,
    title: 'Internship: regulatory writing for a paediatric investigation plan',
    description:
      'Draft sections of a paediatric investigation plan with the regulatory team and learn how agencies review them.',
    details: { weeks: 16, credits: 20 },
    requires: [
      ['DR_SCIENTIFIC_WRITING', 2, true],
      ['DOM_REGULATORY_AFFAIRS', 1, false],
    ],
    develops: ['DOM_REGULATORY_AFFAIRS', 'DR_SCIENTIFIC_WRITING'],
    stages: [C.MASTER_STUDENT, C.PHD_CANDIDATE],
    capacity: 1,
    workMode: WorkMode.HYBRID,
  },
  {
    kind: K.INTERNSHIP,
    org: 'LEIDEN_UNIV',
    department: 'Institute of Biology Leiden',
    status: S.CLOSED,
    title: 'Internship: zebrafish models of tuberculosis granulomas',
    description:
      'Image granuloma formation in zebrafish larvae infected with Mycobacterium marinum and quantify the effect of host-directed drugs.',
    details: { weeks: 30, credits: 42 },
    requires: [
      ['DR_EXPERIMENTAL_WORK', 2, true],
      ['DOM_LAB_ANIMAL_SCIENCE', 1, true],
    ],
    develops: ['DOM_LAB_ANIMAL_SCIENCE', 'DR_DATA_ANALYSIS'],
    stages: [C.MASTER_STUDENT],
    capacity: 2,
  },
  {
    kind: K.INTERNSHIP,
    org: 'JANSSEN',
    department: 'Clinical Development',
    status: S.ALLOCATED,
    title: 'Internship: clinical trial feasibility analysis',
    description:
      'Assess site feasibility for a phase 2 vaccine trial: enrolment models, site questionnaires and a recommendation to the study team.',
    details: { weeks: 20, credits: 24 },
    requires: [
      ['DOM_CLINICAL_TRIAL_DESIGN', 2, true],
      ['DOM_EPIDEMIOLOGY', 1, false],
    ],
    develops: ['DOM_CLINICAL_TRIAL_DESIGN', 'MR_PROJECT_MANAGEMENT'],
    stages: [C.MASTER_STUDENT],
    capacity: 2,
  },
  {
    kind: K.INTERNSHIP,
    org: 'LUMC',
    department: 'Clinical Pharmacy & Toxicology',
    status: S.COMPLETED,
    title: 'Internship: therapeutic drug monitoring of antifungals',
    description:
      'Validated an LC-MS/MS method for voriconazole levels and analysed two years of monitoring data from the hospital pharmacy.',
    details: { weeks: 24, credits: 30 },
    requires: [
      ['DOM_PHARMACOLOGY', 2, true],
      ['DR_EXPERIMENTAL_WORK', 2, false],
    ],
    develops: ['DOM_PHARMACOLOGY', 'DR_DATA_ANALYSIS'],
    stages: [C.MASTER_STUDENT],
    capacity: 1,
  },
  {
    kind: K.INTERNSHIP,
    org: 'LEIDEN_UNIV',
    department: 'Leiden Institute of Advanced Computer Science',
    status: S.DRAFT,
    title: 'Internship: federated learning across hospital data',
    description:
      'A draft internship on privacy-preserving model training across two hospitals, using synthetic data first.',
    details: { weeks: 24, credits: 30 },
    requires: [
      ['RT_SCIENTIFIC_PROGRAMMING', 3, true],
      ['RT_DATA_PROTECTION', 1, false],
    ],
    develops: ['RT_DATA_PROTECTION'],
    stages: [C.MASTER_STUDENT],
    capacity: 1,
    reviewComment: 'Please describe which data leave the hospitals, if any.',
  },
  {
    kind: K.INTERNSHIP,
    org: 'JANSSEN',
    department: 'Vaccine Discovery',
    status: S.PENDING_APPROVAL,
    title: 'Internship: T-cell epitope mapping with peptide pools',
    description:
      'Map T-cell epitopes of a candidate antigen with overlapping peptide pools and ELISpot, and compare donors.',
    details: { weeks: 26, credits: 33 },
    requires: [
      ['DOM_VACCINE_IMMUNOLOGY', 2, true],
      ['DR_EXPERIMENTAL_WORK', 2, true],
    ],
    develops: ['DOM_VACCINE_IMMUNOLOGY'],
    stages: [C.MASTER_STUDENT],
    capacity: 1,
  },
  // ---- workplace visits ----
  {
    kind: K.WORKPLACE_VISIT,
    org: 'JANSSEN',
    department: 'Vaccine Discovery',
    status: S.OPEN,
    title: 'Workplace visit: a day in vaccine discovery',
    description:
      'Visit the vaccine discovery labs, see antigen design and high-throughput assays, and talk with scientists about careers in industry.',
    details: { days: 1, groupSize: 12 },
    requires: [],
    develops: ['WO_NETWORKING', 'SM_CAREER_DEVELOPMENT'],
    stages: STUDENTS,
    capacity: 12,
  },
  {
    kind: K.WORKPLACE_VISIT,
    org: 'LUMC',
    department: 'Infectious Diseases',
    status: S.OPEN,
    title: 'Workplace visit: the vaccine trial unit',
    description:
      'Two days with the clinical research team of the vaccine trial unit: screening visits, sample handling and monitoring.',
    details: { days: 2, groupSize: 6 },
    requires: [['DOM_GOOD_CLINICAL_PRACTICE', 1, false]],
    develops: ['DOM_GOOD_CLINICAL_PRACTICE', 'DOM_CLINICAL_TRIAL_DESIGN'],
    stages: [C.MASTER_STUDENT, C.PHD_CANDIDATE],
    capacity: 6,
  },
  {
    kind: K.WORKPLACE_VISIT,
    org: 'LEIDEN_UNIV',
    department: 'Leiden Academic Centre for Drug Research',
    status: S.OPEN,
    title: 'Workplace visit: academic drug discovery labs',
    description:
      'A three-day visit to medicinal chemistry and pharmacology groups for industry scientists curious about early academic research.',
    details: { days: 3, groupSize: 4 },
    requires: [['DOM_PHARMACOLOGY', 1, false]],
    develops: ['WO_COLLABORATION', 'WO_NETWORKING'],
    stages: [C.INDUSTRY_SCIENTIST],
    capacity: 4,
  },
  {
    kind: K.WORKPLACE_VISIT,
    org: 'JANSSEN',
    department: 'Drug Product Development',
    status: S.OPEN,
    title: 'Workplace visit: GMP pilot plant tour and clean-room basics',
    description:
      'One day in the pilot plant: gowning, clean-room behaviour, batch records and what quality assurance checks.',
    details: { days: 1, groupSize: 10 },
    requires: [],
    develops: ['DOM_GMP'],
    stages: [C.MASTER_STUDENT, C.PHD_CANDIDATE, C.POSTDOC],
    capacity: 10,
    confidential: 'Bring ID; safety shoes are provided at the gate of site B.',
  },
  {
    kind: K.WORKPLACE_VISIT,
    org: 'LUMC',
    department: 'Biomedical Data Sciences',
    status: S.CLOSED,
    title: 'Workplace visit: the biobank and sample logistics',
    description:
      'A day at the biobank: consent, sample tracking, freezer logistics and data linkage for research.',
    details: { days: 1, groupSize: 8 },
    requires: [],
    develops: ['RT_DATA_MANAGEMENT'],
    stages: [],
    capacity: 8,
  },
  {
    kind: K.WORKPLACE_VISIT,
    org: 'LEIDEN_UNIV',
    department: 'Institute of Biology Leiden',
    status: S.COMPLETED,
    title: 'Workplace visit: plant biotechnology greenhouses',
    description:
      'Visited the greenhouse facilities and learned about plant-made pharmaceuticals and containment rules.',
    details: { days: 2, groupSize: 6 },
    requires: [],
    develops: ['WO_NETWORKING'],
    stages: STUDENTS,
    capacity: 6,
  },
  {
    kind: K.WORKPLACE_VISIT,
    org: 'JANSSEN',
    department: 'Clinical Development',
    status: S.ALLOCATED,
    title: 'Workplace visit: shadowing a clinical study manager',
    description:
      'Five days shadowing a clinical study manager: vendor meetings, enrolment tracking and the study team meeting.',
    details: { days: 5, groupSize: 2 },
    requires: [['DOM_CLINICAL_TRIAL_DESIGN', 1, false]],
    develops: ['MR_PROJECT_MANAGEMENT', 'DOM_CLINICAL_TRIAL_DESIGN'],
    stages: [C.PHD_CANDIDATE, C.POSTDOC],
    capacity: 2,
  },
  {
    kind: K.WORKPLACE_VISIT,
    org: 'LUMC',
    department: 'Immunology',
    status: S.DRAFT,
    title: 'Workplace visit: flow cytometry core facility',
    description:
      'A draft two-day visit to the flow cytometry core: panel design, spectral unmixing and sorting.',
    details: { days: 2, groupSize: 4 },
    requires: [],
    develops: ['RT_LAB_INFRASTRUCTURE'],
    stages: EARLY_CAREER,
    capacity: 4,
  },
  // ---- co-supervised projects ----
  {
    kind: K.CO_SUPERVISED_PROJECT,
    org: 'LUMC',
    department: 'Biomedical Data Sciences',
    status: S.OPEN,
    title: 'Co-supervised master project: machine learning on trial data',
    description:
      'Predict early drop-out in vaccine trials from screening and visit data, with a co-supervisor from the clinical development team at Janssen.',
    details: { projectLevel: 'MASTER', load: 4 },
    requires: [
      ['RT_SCIENTIFIC_PROGRAMMING', 2, true],
      ['DOM_BIOSTATISTICS', 2, true],
      ['DOM_CLINICAL_TRIAL_DESIGN', 1, false],
    ],
    develops: ['DOM_CLINICAL_TRIAL_DESIGN', 'DR_DATA_ANALYSIS', 'WO_COLLABORATION'],
    stages: [C.MASTER_STUDENT],
    capacity: 1,
    coSupervisor: { org: 'JANSSEN', status: CoSupervisionStatus.ACCEPTED },
    confidential: 'Data access runs through the Janssen trial data platform under a data use agreement.',
  },
  {
    kind: K.CO_SUPERVISED_PROJECT,
    org: 'JANSSEN',
    department: 'Vaccine Discovery',
    status: S.OPEN,
    title: 'Co-supervised postdoc project: adjuvant screening in human organoids',
    description:
      'Screen adjuvant candidates in tonsil organoids and relate the responses to clinical immunogenicity, co-supervised with LUMC Immunology.',
    details: { projectLevel: 'POSTDOC', load: 6 },
    requires: [
      ['DOM_VACCINE_IMMUNOLOGY', 3, true],
      ['DR_RESEARCH_DESIGN', 3, true],
      ['MR_PROJECT_MANAGEMENT', 2, false],
    ],
    develops: ['DOM_TRANSLATIONAL_MEDICINE', 'WO_LEADERSHIP', 'MR_GRANT_WRITING'],
    stages: [C.POSTDOC],
    capacity: 1,
    coSupervisor: { org: 'LUMC', status: CoSupervisionStatus.ACCEPTED },
    confidential: 'The adjuvant panel is proprietary; details after shortlisting.',
  },
  {
    kind: K.CO_SUPERVISED_PROJECT,
    org: 'LEIDEN_UNIV',
    department: 'Leiden Academic Centre for Drug Research',
    status: S.OPEN,
    title: 'Co-supervised master project: nanoparticle uptake in dendritic cells',
    description:
      'Compare uptake routes of lipid nanoparticles in human dendritic cells, with a co-supervisor from drug product development at Janssen.',
    details: { projectLevel: 'MASTER', load: 4 },
    requires: [
      ['DOM_DRUG_DELIVERY', 2, true],
      ['DR_EXPERIMENTAL_WORK', 2, true],
    ],
    develops: ['DOM_DRUG_DELIVERY', 'DOM_VACCINE_IMMUNOLOGY'],
    stages: [C.MASTER_STUDENT],
    capacity: 1,
    coSupervisor: { org: 'JANSSEN', status: CoSupervisionStatus.ACCEPTED },
  },
  {
    kind: K.CO_SUPERVISED_PROJECT,
    org: 'LUMC',
    department: 'Infectious Diseases',
    status: S.OPEN,
    title: 'Co-supervised master project: modelling malaria challenge trials',
    description:
      'Model parasite growth curves from controlled human malaria infection trials, co-supervised by computational scientists at Leiden University.',
    details: { projectLevel: 'MASTER', load: 3 },
    requires: [
      ['DOM_BIOSTATISTICS', 2, true],
      ['RT_SCIENTIFIC_PROGRAMMING', 2, false],
    ],
    develops: ['DOM_EPIDEMIOLOGY', 'DR_DATA_ANALYSIS'],
    stages: [C.MASTER_STUDENT],
    capacity: 1,
    coSupervisor: { org: 'LEIDEN_UNIV', status: CoSupervisionStatus.ACCEPTED },
  },
  {
    kind: K.CO_SUPERVISED_PROJECT,
    org: 'LEIDEN_UNIV',
    department: 'Institute of Biology Leiden',
    status: S.PENDING_APPROVAL,
    title: 'Co-supervised postdoc project: host-directed therapy for tuberculosis',
    description:
      'Test host-directed compounds from zebrafish screens in human macrophages at LUMC, with a lead at the Institute of Biology.',
    details: { projectLevel: 'POSTDOC', load: 6 },
    requires: [
      ['DR_RESEARCH_DESIGN', 3, true],
      ['DOM_PHARMACOLOGY', 2, false],
    ],
    develops: ['DOM_TRANSLATIONAL_MEDICINE', 'WO_COLLABORATION'],
    stages: [C.POSTDOC],
    capacity: 1,
    coSupervisor: { org: 'LUMC', status: CoSupervisionStatus.ACCEPTED },
  },
  {
    kind: K.CO_SUPERVISED_PROJECT,
    org: 'JANSSEN',
    department: 'Regulatory Affairs',
    status: S.DRAFT,
    title: 'Co-supervised master project: real-world evidence in regulatory submissions',
    description:
      'Review how agencies used real-world evidence in vaccine approvals since 2015; awaiting the co-supervisor from LUMC.',
    details: { projectLevel: 'MASTER', load: 3 },
    requires: [
      ['DOM_REGULATORY_AFFAIRS', 1, true],
      ['DOM_EPIDEMIOLOGY', 2, false],
    ],
    develops: ['DOM_REGULATORY_AFFAIRS'],
    stages: [C.MASTER_STUDENT],
    capacity: 1,
    coSupervisor: { org: 'LUMC', status: CoSupervisionStatus.INVITED },
  },
  {
    kind: K.CO_SUPERVISED_PROJECT,
    org: 'LUMC',
    department: 'Immunology',
    status: S.DRAFT,
    title: 'Co-supervised master project: antibody repertoire after booster doses',
    description:
      'Sequence B-cell receptor repertoires after booster vaccination; the first invited co-supervisor declined, a new one is sought.',
    details: { projectLevel: 'MASTER', load: 4 },
    requires: [['DOM_BIOINFORMATICS', 2, true]],
    develops: ['DOM_VACCINE_IMMUNOLOGY', 'DOM_BIOINFORMATICS'],
    stages: [C.MASTER_STUDENT],
    capacity: 1,
    coSupervisor: {
      org: 'LEIDEN_UNIV',
      status: CoSupervisionStatus.DECLINED,
      declineReason: 'My group is full until next autumn.',
    },
  },
  {
    kind: K.CO_SUPERVISED_PROJECT,
    org: 'JANSSEN',
    department: 'Clinical Development',
    status: S.CLOSED,
    title: 'Co-supervised master project: digital endpoints in respiratory trials',
    description:
      'Evaluate wearable-derived endpoints for respiratory infection trials, co-supervised with LUMC Biomedical Data Sciences.',
    details: { projectLevel: 'MASTER', load: 4 },
    requires: [
      ['DOM_CLINICAL_TRIAL_DESIGN', 2, true],
      ['DR_DATA_ANALYSIS', 2, true],
    ],
    develops: ['DOM_CLINICAL_TRIAL_DESIGN', 'RT_DIGITAL_TOOLS'],
    stages: [C.MASTER_STUDENT],
    capacity: 1,
    coSupervisor: { org: 'LUMC', status: CoSupervisionStatus.ACCEPTED },
  },
  {
    kind: K.CO_SUPERVISED_PROJECT,
    org: 'LEIDEN_UNIV',
    department: 'Leiden Institute of Advanced Computer Science',
    status: S.ALLOCATED,
    title: 'Co-supervised master project: knowledge graphs of competences',
    description:
      'Build a knowledge graph linking ESCO competences to course outcomes and job profiles, co-supervised with Janssen HR analytics.',
    details: { projectLevel: 'MASTER', load: 3 },
    requires: [['RT_SCIENTIFIC_PROGRAMMING', 2, true]],
    develops: ['RT_DIGITAL_TOOLS', 'WO_COLLABORATION'],
    stages: [C.MASTER_STUDENT],
    capacity: 1,
    coSupervisor: { org: 'JANSSEN', status: CoSupervisionStatus.ACCEPTED },
  },
  {
    kind: K.CO_SUPERVISED_PROJECT,
    org: 'LUMC',
    department: 'Clinical Pharmacy & Toxicology',
    status: S.COMPLETED,
    title: 'Co-supervised master project: dosing of antibiotics in obesity',
    description:
      'Pharmacokinetic study of cefazolin in patients with obesity, co-supervised with LACDR pharmacometrics; thesis defended.',
    details: { projectLevel: 'MASTER', load: 4 },
    requires: [['DOM_PHARMACOLOGY', 2, true]],
    develops: ['DOM_PHARMACOLOGY', 'DR_SCIENTIFIC_WRITING'],
    stages: [C.MASTER_STUDENT],
    capacity: 1,
    coSupervisor: { org: 'LEIDEN_UNIV', status: CoSupervisionStatus.ACCEPTED },
  },
  {
    kind: K.CO_SUPERVISED_PROJECT,
    org: 'JANSSEN',
    department: 'Drug Product Development',
    status: S.CANCELLED,
    title: 'Co-supervised postdoc project: thermostable vaccine formulations',
    description:
      'Spray-dried formulations for a thermostable vaccine; cancelled when the programme was stopped.',
    details: { projectLevel: 'POSTDOC', load: 6 },
    requires: [['DOM_DRUG_DELIVERY', 3, true]],
    develops: ['DOM_GMP'],
    stages: [C.POSTDOC],
    capacity: 1,
    coSupervisor: { org: 'LEIDEN_UNIV', status: CoSupervisionStatus.ACCEPTED },
    cancelReason: 'The vaccine programme was stopped after the portfolio review.',
  },
];

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deadline and period, in days from now, by status: open calls ahead, finished ones behind. */
const TIMING: Record<OpportunityStatus, { deadline: number; start: number }> = {
  [S.DRAFT]: { deadline: 45, start: 90 },
  [S.PENDING_APPROVAL]: { deadline: 35, start: 75 },
  [S.OPEN]: { deadline: 14, start: 45 },
  [S.CLOSED]: { deadline: -5, start: 25 },
  [S.ALLOCATED]: { deadline: -30, start: -5 },
  [S.COMPLETED]: { deadline: -240, start: -200 },
  [S.CANCELLED]: { deadline: 20, start: 60 },
};

function lengthInDays(o: DemoOpportunity): number {
  if (o.details.days) return o.details.days - 1;
  if (o.details.weeks) return o.details.weeks * 7 - 1;
  if (o.kind === K.CO_SUPERVISED_PROJECT) return o.details.projectLevel === 'POSTDOC' ? 364 : 181;
  return 27;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * About 40 fictional opportunities of every kind and state across the three organisations, with
 * requirements, developed competences and co-supervisions. Deterministic (no randomness): the i-th
 * opportunity of an organisation is led by its (i mod n)-th supervisor. Co-supervised projects in
 * OPEN, CLOSED or ALLOCATED have capacity 1 and rotate their supervisors, so nobody exceeds the
 * default load cap. seats_taken starts at 0: the applications seed fills the seats it hands out.
 */
export async function seedDemoOpportunities(
  em: EntityManager,
  input: DemoOpportunitySeedInput,
): Promise<DemoOpportunitiesSummary> {
  const competenceRows: { id: string; code: string }[] = await em.query(
    'SELECT id, code FROM competences WHERE retired_at IS NULL',
  );
  const competenceIds = new Map(competenceRows.map((r) => [r.code, r.id]));

  const demoSupervisor: Record<Org, string> = {
    LUMC: 'supervisor@lumc.test',
    LEIDEN_UNIV: 'supervisor@leiden.test',
    JANSSEN: 'supervisor@janssen.test',
  };
  const supervisorsOf = (org: Org): string[] => {
    const seeded = input.people?.supervisorsByOrganisation[org] ?? [];
    if (seeded.length > 0) return seeded;
    const fallback = input.accountIds.get(demoSupervisor[org]);
    if (!fallback) throw new Error(`seedDemoOpportunities: no supervisor in ${org}`);
    return [fallback];
  };
  const turn: Record<string, number> = {};
  const nextSupervisor = (org: Org): string => {
    const list = supervisorsOf(org);
    const i = turn[org] ?? 0;
    turn[org] = i + 1;
    return list[i % list.length];
  };

  const opportunities: OpportunityEntity[] = [];
  const requirements: Partial<OpportunityRequirementEntity>[] = [];
  const developed: Partial<OpportunityDevelopedCompetenceEntity>[] = [];
  const coSupervisions: Partial<CoSupervisionEntity>[] = [];
  const repo = em.getRepository(OpportunityEntity);

  DEMO_OPPORTUNITIES.forEach((o, index) => {
    const hostOrganisationId = input.organisationIds.get(o.org);
    if (!hostOrganisationId) throw new Error(`seedDemoOpportunities: unknown organisation ${o.org}`);
    const timing = TIMING[o.status];
    const start = new Date(input.now.getTime() + (timing.start + (index % 5)) * DAY_MS);
    opportunities.push(
      repo.create({
        kind: o.kind,
        title: o.title,
        description: o.description,
        status: o.status,
        hostOrganisationId,
        hostDepartmentId: input.departmentIds.get(`${o.org}/${o.department}`) ?? null,
        leadSupervisorId: nextSupervisor(o.org),
        startsOn: isoDay(start),
        endsOn: isoDay(new Date(start.getTime() + lengthInDays(o) * DAY_MS)),
        capacity: o.capacity,
        seatsTaken: 0,
        applicationDeadline: new Date(input.now.getTime() + (timing.deadline + (index % 7)) * DAY_MS),
        eligibleStages: [...o.stages],
        language: o.language ?? 'en',
        workMode: o.workMode ?? WorkMode.ON_SITE,
        details: o.details,
        confidentialDetails: o.confidential ?? null,
        reviewComment: o.reviewComment ?? null,
        cancelReason: o.cancelReason ?? null,
        createdAt: new Date(input.now.getTime() - (DEMO_OPPORTUNITIES.length - index) * 6 * 60 * 60 * 1000),
      }),
    );
  });
  const saved = await repo.save(opportunities, { chunk: 50 });

  saved.forEach((opportunity, index) => {
    const o = DEMO_OPPORTUNITIES[index];
    for (const [code, minLevel, essential] of o.requires) {
      const competenceId = competenceIds.get(code);
      if (competenceId) {
        requirements.push({
          opportunityId: opportunity.id,
          competenceId,
          minLevel,
          essential,
          weight: essential ? 2 : 1,
        });
      }
    }
    for (const code of o.develops) {
      const competenceId = competenceIds.get(code);
      if (competenceId) developed.push({ opportunityId: opportunity.id, competenceId });
    }
    if (o.coSupervisor) {
      const answered = o.coSupervisor.status !== CoSupervisionStatus.INVITED;
      coSupervisions.push({
        opportunityId: opportunity.id,
        coSupervisorId: nextSupervisor(o.coSupervisor.org),
        status: o.coSupervisor.status,
        declineReason: o.coSupervisor.declineReason ?? null,
        respondedAt: answered ? new Date(opportunity.createdAt.getTime() + 2 * DAY_MS) : null,
      });
    }
  });

  if (requirements.length) await em.getRepository(OpportunityRequirementEntity).insert(requirements);
  if (developed.length) await em.getRepository(OpportunityDevelopedCompetenceEntity).insert(developed);
  if (coSupervisions.length) await em.getRepository(CoSupervisionEntity).insert(coSupervisions);
  return {
    opportunities: saved.length,
    requirements: requirements.length,
    coSupervisions: coSupervisions.length,
  };
}
