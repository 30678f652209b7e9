import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Allocation rounds: the round (run by HR of one organisation), its opportunities, the candidates'
 * ranked choices, HR's audited overrides (pre-assign / exclude, always with a reason) and the runs
 * (a PostgreSQL-backed job queue: QUEUED rows are claimed with FOR UPDATE SKIP LOCKED).
 */
export class AllocationRounds1795631000000 implements MigrationInterface {
  name = 'AllocationRounds1795631000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "allocation_rounds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "name" text NOT NULL, "status" text NOT NULL DEFAULT 'OPEN', "ranking_deadline" TIMESTAMP WITH TIME ZONE NOT NULL, "max_choices" integer NOT NULL, "response_window_hours" integer NOT NULL, "algorithm" text NOT NULL, "optimal" text NOT NULL DEFAULT 'CANDIDATE', "created_by" uuid NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_allocation_rounds_status" CHECK ("status" IN ('OPEN', 'PUBLISHED', 'CLOSED')), CONSTRAINT "ck_allocation_rounds_algorithm" CHECK ("algorithm" IN ('SEATS_DA', 'SPA')), CONSTRAINT "ck_allocation_rounds_optimal" CHECK ("optimal" IN ('CANDIDATE', 'HOST')), CONSTRAINT "ck_allocation_rounds_max_choices" CHECK ("max_choices" BETWEEN 1 AND 50), CONSTRAINT "ck_allocation_rounds_window" CHECK ("response_window_hours" BETWEEN 1 AND 2160), CONSTRAINT "PK_allocation_rounds" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_allocation_rounds_organisation" ON "allocation_rounds" ("organisation_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_allocation_rounds_status_deadline" ON "allocation_rounds" ("status", "ranking_deadline")`,
    );
    await queryRunner.query(
      `CREATE TABLE "round_opportunities" ("round_id" uuid NOT NULL, "opportunity_id" uuid NOT NULL, CONSTRAINT "uq_round_opportunities_opportunity" UNIQUE ("opportunity_id"), CONSTRAINT "PK_round_opportunities" PRIMARY KEY ("round_id", "opportunity_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "round_choices" ("round_id" uuid NOT NULL, "candidate_id" uuid NOT NULL, "opportunity_id" uuid NOT NULL, "rank" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_round_choices_rank" UNIQUE ("round_id", "candidate_id", "rank"), CONSTRAINT "ck_round_choices_rank" CHECK ("rank" >= 1), CONSTRAINT "PK_round_choices" PRIMARY KEY ("round_id", "candidate_id", "opportunity_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_round_choices_opportunity" ON "round_choices" ("round_id", "opportunity_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "round_overrides" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "candidate_id" uuid NOT NULL, "opportunity_id" uuid NOT NULL, "kind" text NOT NULL, "reason" text NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_round_overrides_kind" CHECK ("kind" IN ('PRE_ASSIGN', 'EXCLUDE')), CONSTRAINT "ck_round_overrides_reason" CHECK (length(btrim("reason")) > 0), CONSTRAINT "PK_round_overrides" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_round_overrides_pair" ON "round_overrides" ("round_id", "candidate_id", "opportunity_id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_round_overrides_pre_assign" ON "round_overrides" ("round_id", "candidate_id") WHERE "kind" = 'PRE_ASSIGN'`,
    );
    await queryRunner.query(
      `CREATE TABLE "round_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "kind" text NOT NULL, "scope" text NOT NULL, "status" text NOT NULL DEFAULT 'QUEUED', "algorithm" text, "algorithm_version" text, "seed" bigint NOT NULL, "input_hash" text, "input" jsonb, "assignment" jsonb, "stats" jsonb, "stable" boolean, "violations" jsonb, "error" text, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_round_runs_kind" CHECK ("kind" IN ('DRY_RUN', 'PUBLISH', 'FOLLOW_UP')), CONSTRAINT "ck_round_runs_scope" CHECK ("scope" IN ('INITIAL', 'FOLLOW_UP')), CONSTRAINT "ck_round_runs_status" CHECK ("status" IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')), CONSTRAINT "PK_round_runs" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_round_runs_round" ON "round_runs" ("round_id", "created_at")`);
    await queryRunner.query(
      `CREATE INDEX "ix_round_runs_pending" ON "round_runs" ("created_at") WHERE "status" IN ('QUEUED', 'RUNNING')`,
    );
    await queryRunner.query(
      `ALTER TABLE "allocation_rounds" ADD CONSTRAINT "fk_allocation_rounds_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "allocation_rounds" ADD CONSTRAINT "fk_allocation_rounds_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_opportunities" ADD CONSTRAINT "fk_round_opportunities_round" FOREIGN KEY ("round_id") REFERENCES "allocation_rounds"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_opportunities" ADD CONSTRAINT "fk_round_opportunities_opportunity" FOREIGN KEY ("opportunity_id") REFERENCES "opportunities"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_choices" ADD CONSTRAINT "fk_round_choices_round_opportunity" FOREIGN KEY ("round_id", "opportunity_id") REFERENCES "round_opportunities"("round_id", "opportunity_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_choices" ADD CONSTRAINT "fk_round_choices_candidate" FOREIGN KEY ("candidate_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_overrides" ADD CONSTRAINT "fk_round_overrides_round_opportunity" FOREIGN KEY ("round_id", "opportunity_id") REFERENCES "round_opportunities"("round_id", "opportunity_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_overrides" ADD CONSTRAINT "fk_round_overrides_candidate" FOREIGN KEY ("candidate_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_overrides" ADD CONSTRAINT "fk_round_overrides_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_runs" ADD CONSTRAINT "fk_round_runs_round" FOREIGN KEY ("round_id") REFERENCES "allocation_rounds"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_runs" ADD CONSTRAINT "fk_round_runs_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "round_runs"`);
    await queryRunner.query(`DROP TABLE "round_overrides"`);
    await queryRunner.query(`DROP TABLE "round_choices"`);
    await queryRunner.query(`DROP TABLE "round_opportunities"`);
    await queryRunner.query(`DROP TABLE "allocation_rounds"`);
  }
}
