import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, LoginRateLimit, Public } from '../common/auth/decorators';
import { AuthService } from './auth.service';
import { ChangePasswordArgs } from './dto/change-password.args';
import { LoginArgs } from './dto/login.args';
import { LoginPayloadModel } from './models/login-payload.model';
import { PasswordChangedModel } from './models/password-changed.model';

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Mutation(() => LoginPayloadModel, {
    description: 'Exchanges e-mail and password for a short-lived access token.',
  })
  @Public()
  @LoginRateLimit()
  login(@Args() { email, password }: LoginArgs): Promise<LoginPayloadModel> {
    return this.auth.login(email, password);
  }

  @Mutation(() => PasswordChangedModel, {
    description:
      'Changes your password. A wrong current password is BAD_USER_INPUT on `currentPassword`. Signs out ' +
      'your other browser sessions (this one stays signed in); counts against the sign-in rate limit.',
  })
  @LoginRateLimit()
  changePassword(
    @CurrentUser() viewer: AuthUser,
    @Args() { currentPassword, newPassword }: ChangePasswordArgs,
  ): Promise<PasswordChangedModel> {
    return this.auth.changePassword(viewer, currentPassword, newPassword);
  }
}
