import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One use of a data protection right or of the register of processing (a consent given or withdrawn,
 * a restriction requested, set or lifted, a correction by HR, a contest filed or answered, a purpose
 * changed). Append-only, written in the transaction of the use itself: no use without its entry.
 * `subjectId` is the person concerned (null for changes to the register); `actorId` who did it. Neither
 * has a foreign key, so that the trail outlives an account (erasure removes the subject's rows itself).
 */
@Entity({ name: 'privacy_actions' })
@Index('ix_privacy_actions_subject', ['subjectId', 'occurredAt'])
@Index('ix_privacy_actions_actor', ['actorId', 'occurredAt'])
export class PrivacyActionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'subject_id', type: 'uuid', nullable: true })
  subjectId!: string | null;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId!: string;

  /** The actor's organisation at the time. */
  @Column({ name: 'actor_organisation_id', type: 'uuid' })
  actorOrganisationId!: string;

  /** The roles the actor held then. */
  @Column({ name: 'actor_roles', type: 'text', array: true })
  actorRoles!: string[];

  /** PrivacyActionKind. */
  @Column({ type: 'text' })
  action!: string;

  /** What the action was about: ids and codes, never free text of the person. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  detail!: Record<string, string | number | boolean | null>;

  @CreateDateColumn({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;
}
