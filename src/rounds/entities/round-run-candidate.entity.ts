import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../../users/entities/user.entity';

/**
 * A candidate's part of a run's input document (migration `1795918000000`, src/rounds/README.md
 * "What a run stores"): a read-only mapping. The rows are written set-based by `storeRunInput`
 * (never through this entity) and deleted with their run (triggers on `round_runs`). It is here
 * so that the entity metadata knows the column that refers to a person (`candidate_id`, no foreign
 * key: erasure pseudonymises the id in a run's history rather than deleting it) and the
 * personal-data export's coverage test sees it. No index by candidate (migration 1795945300000):
 * the readers by person probe the primary key (run_id, candidate_id) run by run.
 */
@Entity('round_run_candidates')
export class RoundRunCandidateEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid', primaryKeyConstraintName: 'pk_round_run_candidates' })
  runId!: string;

  @PrimaryColumn({ name: 'candidate_id', type: 'uuid', primaryKeyConstraintName: 'pk_round_run_candidates' })
  candidateId!: string;

  /** The person, by id only: no foreign key (see above). */
  @ManyToOne(() => UserEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'candidate_id' })
  candidate?: UserEntity;

  /** Their choices, rank 1 first. */
  @Column({ type: 'uuid', array: true })
  choices!: string[];

  /** 1-based positions in `choices`: on the candidate's own list in the instance. */
  @Column({ name: 'own_choices', type: 'smallint', array: true })
  ownChoices!: number[];

  /** 1-based positions in `choices`: whose host's list names the candidate. */
  @Column({ name: 'listed_by', type: 'smallint', array: true })
  listedBy!: number[];

  /** 1-based positions in `choices`: that had no free seat. */
  @Column({ name: 'full_choices', type: 'smallint', array: true })
  fullChoices!: number[];

  @Column({ name: 'pre_assigned_to', type: 'uuid', nullable: true })
  preAssignedTo!: string | null;

  /** In the run's assignment (placed or not). */
  @Column({ type: 'boolean' })
  assigned!: boolean;

  @Column({ name: 'placed_on', type: 'uuid', nullable: true })
  placedOn!: string | null;
}
