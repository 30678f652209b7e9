import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule } from './access/access.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { AuditModule } from './audit/audit.module';
import { ApplicationsModule } from './applications/applications.module';
import { AuthModule } from './auth/auth.module';
import { AccessTokens } from './common/auth/access-tokens';
import { CommonModule } from './common/common.module';
import { CompetencesModule } from './competences/competences.module';
import { ContestsModule } from './contests/contests.module';
import { HttpErrorFilter } from './common/errors/http-error.filter';
import { validationExceptionFactory } from './common/errors/validation-exception.factory';
import { ErrorLoggingPlugin } from './common/graphql/error-logging.plugin';
import { OperationChecksPlugin } from './common/graphql/operation-checks.plugin';
import { graphqlOptions } from './common/graphql/graphql.options';
import { ReusedAnswersPlugin } from './common/graphql/reused-answers';
import { HttpHardeningModule } from './common/http/http-hardening.module';
import { InputValidationPipe } from './common/validation/input-validation.pipe';
import { loggerOptions } from './common/logging/logger.options';
import { AppConfigModule } from './config/config.module';
import { Env } from './config/env.schema';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OpportunitiesModule } from './opportunities/opportunities.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { PrivacyRightsModule } from './privacy-rights/privacy-rights.module';
import { ProfilesModule } from './profiles/profiles.module';
import { PrivacyModule } from './privacy/privacy.module';
import { PrivacyRecordsModule } from './privacy/privacy-records.module';
import { RetentionModule } from './retention/retention.module';
import { RoundsModule } from './rounds/rounds.module';
import { RecommendationsModule } from './recommendations/recommendations.module';
import { RolesModule } from './roles/roles.module';
import { TalentProfilesModule } from './talent-profiles/talent-profiles.module';
import { UsersModule } from './users/users.module';
import { WebAppModule } from './web-app/web-app.module';

@Module({})
export class AppModule {
  /** `overrides` win over process.env: main.ts passes the database it started, tests their own. */
  static forRoot(overrides: Partial<Record<keyof Env, string>> = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(overrides),
        LoggerModule.forRootAsync({ inject: [ConfigService], useFactory: loggerOptions }),
        HttpHardeningModule,
        DatabaseModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [AuthModule],
          inject: [ConfigService, AccessTokens, GraphQLSchemaHost],
          useFactory: graphqlOptions,
        }),
        ScheduleModule.forRoot(),
        CommonModule,
        AuditModule,
        PrivacyRecordsModule,
        AccessModule,
        HealthModule,
        AuthModule,
        OrganisationsModule,
        UsersModule,
        CompetencesModule,
        ProfilesModule,
        OpportunitiesModule,
        ApplicationsModule,
        NotificationsModule,
        RoundsModule,
        RecommendationsModule,
        RolesModule,
        TalentProfilesModule,
        AnalyticsModule,
        PrivacyModule,
        ContestsModule,
        PrivacyRightsModule,
        RetentionModule,
        WebAppModule,
      ],
      providers: [
        OperationChecksPlugin,
        ErrorLoggingPlugin,
        ReusedAnswersPlugin,
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        {
          provide: APP_PIPE,
          useValue: new InputValidationPipe({
            whitelist: true,
            forbidNonWhitelisted: true,
            transform: true,
            // The object and value of each error: field-codes.ts reads the rule's arguments
            // (min, max) and the value's length from them; neither is sent to the client.
            validationError: { target: true, value: true },
            exceptionFactory: validationExceptionFactory,
          }),
        },
      ],
    };
  }
}
