import { ViewColumn, ViewEntity } from 'typeorm';
import { ApplicationStatus } from '../../core/domain/enums';

/**
 * An application as people see it: the view `application_states` (migration 1795980000000), the
 * columns of `applications` with the effective `status` and `updated_at` (REJECTED, and the
 * closure's time, when a round's closure lists it: src/applications/application-states.ts). Read
 * only; every write goes through `ApplicationEntity`. Not synchronised: the migration owns the view.
 */
@ViewEntity({ name: 'application_states', synchronize: false })
export class ApplicationStateEntity {
  @ViewColumn()
  id!: string;

  @ViewColumn({ name: 'opportunity_id' })
  opportunityId!: string;

  @ViewColumn({ name: 'candidate_id' })
  candidateId!: string;

  @ViewColumn()
  status!: ApplicationStatus;

  @ViewColumn()
  motivation!: string | null;

  @ViewColumn({ name: 'response_deadline' })
  responseDeadline!: Date | null;

  @ViewColumn({ name: 'created_at' })
  createdAt!: Date;

  @ViewColumn({ name: 'updated_at' })
  updatedAt!: Date;

  /** The closure that rejected the application (its history row's id), null when none did. */
  @ViewColumn({ name: 'closed_by' })
  closedBy!: string | null;
}

/**
 * An application as its readers take it: the columns both `ApplicationStateEntity` (every read) and
 * `ApplicationEntity` (a new row, never closed) carry.
 */
export type ApplicationRead = Omit<ApplicationStateEntity, 'closedBy'>;
