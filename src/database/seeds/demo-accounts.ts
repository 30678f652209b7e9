import { UserRole } from '../../core/domain/enums';

/** The password of every demo account (fictional people; never use in production). */
export const DEMO_PASSWORD = 'exchange-demo-2026';

export interface DemoOrganisation {
  code: string;
  name: string;
  departments: string[];
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    code: 'LUMC',
    name: 'Leiden University Medical Center',
    departments: [
      'Infectious Diseases',
      'Clinical Pharmacy & Toxicology',
      'Biomedical Data Sciences',
      'Immunology',
    ],
  },
  {
    code: 'LEIDEN_UNIV',
    name: 'Leiden University',
    departments: [
      'Leiden Academic Centre for Drug Research',
      'Institute of Biology Leiden',
      'Leiden Institute of Advanced Computer Science',
    ],
  },
  {
    code: 'JANSSEN',
    name: 'Janssen Vaccines & Prevention',
    departments: [
      'Vaccine Discovery',
      'Clinical Development',
      'Regulatory Affairs',
      'Drug Product Development',
    ],
  },
];

export interface DemoAccount {
  email: string;
  displayName: string;
  organisationCode: string;
  department: string | null;
  roles: UserRole[];
}

/** Per organisation one candidate, one supervisor and one HR user, plus an admin (listed in the README). */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    email: 'admin@talent-exchange.test',
    displayName: 'Ada Admin',
    organisationCode: 'LUMC',
    department: null,
    roles: [UserRole.ADMIN],
  },
  {
    email: 'hr@lumc.test',
    displayName: 'Hanna de Vries',
    organisationCode: 'LUMC',
    department: null,
    roles: [UserRole.HR],
  },
  {
    email: 'supervisor@lumc.test',
    displayName: 'Dr. Sander Bakker',
    organisationCode: 'LUMC',
    department: 'Infectious Diseases',
    roles: [UserRole.SUPERVISOR],
  },
  {
    email: 'candidate@lumc.test',
    displayName: 'Lotte Jansen',
    organisationCode: 'LUMC',
    department: 'Immunology',
    roles: [UserRole.CANDIDATE],
  },
  {
    email: 'hr@leiden.test',
    displayName: 'Hugo van Dijk',
    organisationCode: 'LEIDEN_UNIV',
    department: null,
    roles: [UserRole.HR],
  },
  {
    email: 'supervisor@leiden.test',
    displayName: 'Prof. Marit Visser',
    organisationCode: 'LEIDEN_UNIV',
    department: 'Leiden Academic Centre for Drug Research',
    roles: [UserRole.SUPERVISOR],
  },
  {
    email: 'candidate@leiden.test',
    displayName: 'Daan Smit',
    organisationCode: 'LEIDEN_UNIV',
    department: 'Institute of Biology Leiden',
    roles: [UserRole.CANDIDATE],
  },
  {
    email: 'hr@janssen.test',
    displayName: 'Helena Mulder',
    organisationCode: 'JANSSEN',
    department: null,
    roles: [UserRole.HR],
  },
  {
    email: 'supervisor@janssen.test',
    displayName: 'Dr. Ruben Meijer',
    organisationCode: 'JANSSEN',
    department: 'Vaccine Discovery',
    roles: [UserRole.SUPERVISOR],
  },
  {
    email: 'candidate@janssen.test',
    displayName: 'Sophie de Boer',
    organisationCode: 'JANSSEN',
    department: 'Clinical Development',
    roles: [UserRole.CANDIDATE, UserRole.SUPERVISOR],
  },
];
