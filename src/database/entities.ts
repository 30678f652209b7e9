import { DepartmentEntity } from '../organisations/entities/department.entity';
import { OrganisationEntity } from '../organisations/entities/organisation.entity';
import { UserEntity } from '../users/entities/user.entity';

/** Every TypeORM entity, listed once for the one DataSource definition. */
export const ENTITIES = [OrganisationEntity, DepartmentEntity, UserEntity];
