import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { LoginRateLimit, Public } from '../common/auth/decorators';
import { AuthService } from './auth.service';
import { LoginArgs } from './dto/login.args';
import { LoginPayloadModel } from './models/login-payload.model';

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
}
