import { ProficiencyLevel } from '../core/domain/enums';

export interface ProficiencyLevelDescriptor {
  level: ProficiencyLevel;
  name: string;
  descriptor: string;
}

/** The four-level scale of the framework, lowest first. Unrated is no level at all (never 0). */
export const PROFICIENCY_SCALE: readonly ProficiencyLevelDescriptor[] = [
  {
    level: ProficiencyLevel.FOUNDATIONAL,
    name: 'Foundational',
    descriptor: 'Knows the basics and applies them under guidance in familiar situations.',
  },
  {
    level: ProficiencyLevel.INTERMEDIATE,
    name: 'Intermediate',
    descriptor: 'Applies it independently in routine work and knows when to ask for help.',
  },
  {
    level: ProficiencyLevel.ADVANCED,
    name: 'Advanced',
    descriptor: 'Handles complex, unfamiliar situations on their own and guides others.',
  },
  {
    level: ProficiencyLevel.EXPERT,
    name: 'Expert',
    descriptor: 'Recognised authority: shapes practice in the field, teaches and sets standards.',
  },
];

/** `Advanced` for 3; callers pass levels 1..4 only (the database CHECK keeps them there). */
export function levelName(level: number): string {
  return PROFICIENCY_SCALE.find((l) => l.level === level)?.name ?? `Level ${level}`;
}
