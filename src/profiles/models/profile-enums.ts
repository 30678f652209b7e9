import { registerEnumType } from '@nestjs/graphql';
import { AssessmentSource, CareerStage, ResearchLevel, Visibility } from '../../core/domain/enums';

// Registered once, here; other features import their GraphQL enums from this file.
registerEnumType(CareerStage, { name: 'CareerStage' });
registerEnumType(ResearchLevel, {
  name: 'ResearchLevel',
  description: 'Research career level: R1 first stage, R2 recognised, R3 established, R4 leading.',
});
registerEnumType(Visibility, {
  name: 'Visibility',
  description:
    'PRIVATE: only you, your HR and admins. CONSORTIUM: findable by supervisors and HR of the partners.',
});
registerEnumType(AssessmentSource, {
  name: 'AssessmentSource',
  description: 'Who assessed: the effective level prefers SUPERVISOR, then EVIDENCE, then SELF.',
});

export { AssessmentSource, CareerStage, ResearchLevel, Visibility };
