import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordHasher } from '../auth/password-hasher';
import { TokenUserLookup } from '../common/auth/token-user-lookup';
import { OrganisationsModule } from '../organisations/organisations.module';
import { UserEntity } from './entities/user.entity';
import { PersonSummaryResolver } from './person-summary.resolver';
import { UsersCache } from './users.cache';
import { UsersDirectory } from './users.directory';
import { DirectorySupervisorResolver, SupervisorDirectoryResolver } from './supervisor-directory.resolver';
import { UsersLoaders } from './users.loaders';
import { UsersRepository } from './users.repository';
import { UserConnectionResolver, UsersResolver } from './users.resolver';
import { UsersService } from './users.service';
import { UsersErasure } from './users.erasure';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity]), OrganisationsModule],
  providers: [
    UsersErasure,
    UsersRepository,
    UsersDirectory,
    UsersCache,
    UsersService,
    UsersResolver,
    UserConnectionResolver,
    UsersLoaders,
    PersonSummaryResolver,
    SupervisorDirectoryResolver,
    DirectorySupervisorResolver,
    PasswordHasher,
    { provide: TokenUserLookup, useExisting: UsersService },
  ],
  exports: [
    UsersErasure,
    UsersDirectory,
    UsersCache,
    UsersService,
    UsersLoaders,
    TokenUserLookup,
    PasswordHasher,
  ],
})
export class UsersModule {}
