import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rate-limit counters shared by the API instances (RATE_LIMIT_STORE=postgres): the table
 * rate-limiter-flexible's RateLimiterPostgres reads and writes (its own layout: key, points consumed,
 * expiry in epoch milliseconds), created here rather than by the library at run time. The index
 * serves the library's periodic delete of expired rows.
 */
export class RateLimits1795700000000 implements MigrationInterface {
  name = 'RateLimits1795700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "rate_limits" ("key" varchar(255) PRIMARY KEY, "points" integer NOT NULL DEFAULT 0, "expire" bigint)`,
    );
    await queryRunner.query(`CREATE INDEX "ix_rate_limits_expire" ON "rate_limits" ("expire")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rate_limits"`);
  }
}
