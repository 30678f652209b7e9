import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `notification_jobs`: notices queued by a use case's transaction and written to `notifications`
 * after it commits, by a job of their own (`NotificationJobs`, src/notifications). A round run
 * queues its announcements here instead of writing 340,000 notices in the run's transaction
 * (docs/performance.md, wave 18). One row is one batch of notices of one `type`:
 * - `user_ids`: the recipients, in order;
 * - per recipient, `messages` and `data_each` (each notice's `data` as JSON text), as long as
 *   `user_ids`; or one `message` and `data` for every recipient. The check says which.
 * A job is written in one transaction with its pushes and deleted there; one that failed waits
 * until `available_at` (`attempts` so far, `last_error`), and after the last attempt keeps
 * `failed_at` (retention deletes it with the notifications of its age). Erasure takes a person out
 * of every job's lists. The partial index finds the jobs due.
 */
export class NotificationJobs1796020000000 implements MigrationInterface {
  name = 'NotificationJobs1796020000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "notification_jobs" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "type" text NOT NULL,
        "user_ids" text[] NOT NULL,
        "messages" text[],
        "data_each" text[],
        "message" text,
        "data" jsonb,
        "attempts" integer NOT NULL DEFAULT 0,
        "available_at" timestamptz NOT NULL DEFAULT now(),
        "last_error" text,
        "failed_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_notification_jobs" PRIMARY KEY ("id"),
        CONSTRAINT "ck_notification_jobs_texts" CHECK (
          CASE WHEN "messages" IS NULL
               THEN "data_each" IS NULL AND "message" IS NOT NULL AND "data" IS NOT NULL
               ELSE "data_each" IS NOT NULL AND "message" IS NULL AND "data" IS NULL
          END)
      )`);
    // The national round's outcome batch is about 100 MB of text: lz4 stores it faster than pglz.
    await queryRunner.query(`
      DO $$ BEGIN
        ALTER TABLE "notification_jobs"
          ALTER COLUMN "user_ids" SET COMPRESSION lz4,
          ALTER COLUMN "messages" SET COMPRESSION lz4,
          ALTER COLUMN "data_each" SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported THEN NULL; -- a server built without lz4 keeps pglz
      END $$`);
    await queryRunner.query(
      `CREATE INDEX "ix_notification_jobs_due" ON "notification_jobs" ("available_at") WHERE "failed_at" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_jobs"`);
  }
}
