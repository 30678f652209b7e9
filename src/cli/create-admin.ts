/**
 * The first administrator of a new installation (production loads no demo accounts):
 *
 *   node dist/cli/create-admin.js --email EMAIL --name "DISPLAY NAME" --organisation CODE \
 *     [--organisation-name "NAME"] < password-file        (npm run create-admin -- ... in a clone)
 *
 * The password comes on standard input (never on the command line, where `ps` and shell histories
 * see it). Applies pending migrations first (under the same lock as a start), creates the
 * organisation when none has CODE (then --organisation-name is needed), and an ADMIN account in it,
 * through the services behind createOrganisation and createUser, with their checks. Exit 0 when
 * created; 1 with the reason as a JSON log line otherwise (2 for wrong usage).
 */
import 'reflect-metadata';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { parseArgs } from 'node:util';
import { AppError } from '../common/errors/app-error';
import { CommonModule } from '../common/common.module';
import { processLogger } from '../common/logging/logger.options';
import { AppConfigModule } from '../config/config.module';
import { ConfigValidationError, validateEnv } from '../config/env.schema';
import { UserRole } from '../core/domain/enums';
import { DatabaseModule } from '../database/database.module';
import { prepareDatabase } from '../database/prepare-database';
import { CreateOrganisationInput } from '../organisations/dto/organisation.inputs';
import { OrganisationsModule } from '../organisations/organisations.module';
import { OrganisationsService } from '../organisations/organisations.service';
import { CreateUserInput } from '../users/dto/create-user.input';
import { UsersModule } from '../users/users.module';
import { UsersService } from '../users/users.service';

const USAGE =
  'usage: node dist/cli/create-admin.js --email EMAIL --name "DISPLAY NAME" --organisation CODE ' +
  '[--organisation-name "NAME"] < password-file';

class UsageError extends Error {}

/** What the command needs of the app: configuration, the database, and the two features. */
@Module({})
class CreateAdminModule {}

function arguments_() {
  try {
    return parseArgs({
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        organisation: { type: 'string' },
        'organisation-name': { type: 'string' },
      },
      strict: true,
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('give the password on standard input (e.g. < password-file)');
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}

/** `plain` as a validated input, as the GraphQL layer would check it; `except` fields are filled in later. */
async function validated<T extends object>(
  cls: new () => T,
  plain: object,
  except: string[] = [],
): Promise<T> {
  const value = plainToInstance(cls, plain);
  const errors = (await validate(value, { whitelist: true, forbidNonWhitelisted: true })).filter(
    (e) => !except.includes(e.property),
  );
  if (errors.length) {
    throw new UsageError(errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; '));
  }
  return value;
}

async function createAdmin(): Promise<void> {
  const log = processLogger(process.env.LOG_LEVEL === 'silent' ? 'silent' : 'info', 'create-admin');
  let context: INestApplicationContext | undefined;
  try {
    const { values } = arguments_();
    if (!values.email || !values.name || !values.organisation) throw new UsageError(USAGE);
    const env = validateEnv(process.env, { forServer: false });
    if (!env.DATABASE_URL) throw new UsageError('DATABASE_URL must name the database');
    const password = await readStdin();

    await prepareDatabase(env.DATABASE_URL, { seed: false });
    context = await NestFactory.createApplicationContext(
      {
        module: CreateAdminModule,
        imports: [
          AppConfigModule.forRoot({ DATABASE_URL: env.DATABASE_URL }, { forServer: false }),
          DatabaseModule,
          // The common module's outbox keeps its poller in the scheduler's registry.
          ScheduleModule.forRoot(),
          CommonModule,
          OrganisationsModule,
          UsersModule,
        ],
      },
      // abortOnError off: a module that cannot be built is thrown (and logged below), not a silent exit 1.
      { logger: false, abortOnError: false },
    );
    const organisations = context.get(OrganisationsService, { strict: false });
    const users = context.get(UsersService, { strict: false });

    const account = {
      email: values.email,
      displayName: values.name,
      password,
      roles: [UserRole.ADMIN],
    };
    // Everything but the organisation checked before anything is written.
    await validated(CreateUserInput, account, ['organisationId']);
    let organisation = (await organisations.list()).find((o) => o.code === values.organisation);
    if (!organisation) {
      if (!values['organisation-name']) {
        throw new UsageError(
          `no organisation has code ${values.organisation}: give --organisation-name to create it`,
        );
      }
      organisation = await organisations.createOrganisation(
        await validated(CreateOrganisationInput, {
          code: values.organisation,
          name: values['organisation-name'],
        }),
      );
    }
    const admin = await users.create(
      await validated(CreateUserInput, { ...account, organisationId: organisation.id }),
    );
    log.info(
      { userId: admin.id, organisation: organisation.code },
      `created the administrator ${admin.email} in ${organisation.name}`,
    );
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigValidationError) {
      log.fatal(err.message);
      process.exitCode = err instanceof UsageError ? 2 : 1;
    } else if (err instanceof AppError) {
      log.fatal({ code: err.code }, err.message);
      process.exitCode = 1;
    } else {
      log.fatal({ err }, 'creating the administrator failed');
      process.exitCode = 1;
    }
  } finally {
    await context?.close();
  }
}

void createAdmin();
