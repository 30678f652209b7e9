import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerRequest } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { requestOf, responseOf } from './request-of';

export const LOGIN_THROTTLER = 'login';
export const IS_LOGIN = 'isLoginOperation';

/**
 * Throttling for GraphQL and HTTP alike. The `login` throttler counts only operations marked
 * with @LoginRateLimit(), all of them against one budget per client (the `login` mutation, the web
 * app's POST /auth/sign-in and `changePassword` alike); the default one counts each operation apart.
 */
@Injectable()
export class GqlThrottlerGuard extends ThrottlerGuard {
  protected override getRequestResponse(ctx: ExecutionContext) {
    return {
      req: requestOf(ctx) as unknown as Record<string, unknown>,
      res: responseOf(ctx) as unknown as Record<string, unknown>,
    };
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    if (props.throttler.name === LOGIN_THROTTLER) {
      const isLogin = this.reflector.getAllAndOverride<boolean>(IS_LOGIN, [
        props.context.getHandler(),
        props.context.getClass(),
      ]);
      if (!isLogin) return true;
    }
    return super.handleRequest(props);
  }

  protected override generateKey(context: ExecutionContext, suffix: string, name: string): string {
    return name === LOGIN_THROTTLER
      ? createHash('sha256').update(`${LOGIN_THROTTLER}-${suffix}`).digest('hex')
      : super.generateKey(context, suffix, name);
  }
}
