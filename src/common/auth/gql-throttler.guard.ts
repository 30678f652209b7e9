import { ExecutionContext, Injectable } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { normalizeIp, ThrottlerGuard, ThrottlerOptions, ThrottlerRequest } from '@nestjs/throttler';
import {
  THROTTLER_BLOCK_DURATION,
  THROTTLER_KEY_GENERATOR,
  THROTTLER_LIMIT,
  THROTTLER_SKIP,
  THROTTLER_TRACKER,
  THROTTLER_TTL,
} from '@nestjs/throttler/dist/throttler.constants';
import { MemoryThrottlerStorage } from './memory-throttler.storage';
import { GqlContext } from './request-of';

export const LOGIN_THROTTLER = 'login';
export const IS_LOGIN = 'isLoginOperation';

/** What one throttler does for one resolver or route: everything but the client, decided once. */
interface Step extends Omit<ThrottlerRequest, 'context'> {
  /** The client is this guard's own tracker (its address), known without waiting. */
  addressTracker: boolean;
  /** The response headers it sets, or null (setHeaders: false). */
  headers: { limit: string; remaining: string; reset: string; retryAfter: string } | null;
}

/** The answer of a request let through without waiting (one settled promise for all of them). */
const ALLOWED = Promise.resolve(true);

/** Client addresses whose tracker is remembered (an address is at most 45 characters). */
const MAX_TRACKERS = 10_000;

/**
 * Throttling for GraphQL and HTTP alike. The `login` throttler counts only operations marked
 * with @LoginRateLimit(), all of them against one budget per client (the `login` mutation, the web
 * app's POST /auth/sign-in and `changePassword` alike); the default one counts each operation apart.
 *
 * The library's guard looks up a dozen metadata entries for every resolver call and hashes each key;
 * here what a resolver's throttlers are is decided on its first call and kept (the options are
 * fixed numbers; with a computed option, skipIf or ignoreUserAgents the library's guard decides as
 * before), and keys stay readable: the memory store uses them as they are, the PostgreSQL store
 * hashes them to fit its column.
 */
@Injectable()
export class GqlThrottlerGuard extends ThrottlerGuard {
  /** Per class, per handler: the throttlers that count it, or null when decided per request. */
  private readonly plans = new WeakMap<object, Map<object, Step[] | null>>();
  private readonly trackers = new Map<string, string>();

  override canActivate(context: ExecutionContext): Promise<boolean> {
    const steps = this.stepsFor(context);
    if (!steps) return super.canActivate(context);
    if (steps.length === 0) return ALLOWED;
    const storage = this.storageService;
    if (!(storage instanceof MemoryThrottlerStorage) || steps.some((s) => !s.addressTracker)) {
      return this.countAll(context, steps);
    }
    // Counted in memory at once, no promise: what the library's handleRequest does, headers alike.
    const { req, res } = this.getRequestResponse(context);
    const tracker = this.trackerOf(req);
    for (const step of steps) {
      const name = step.throttler.name ?? 'default';
      const key = step.generateKey(context, tracker, name);
      const hit = storage.incrementNow(key, step.ttl, step.limit, step.blockDuration, name);
      if (hit.isBlocked) {
        if (step.headers) this.setResponseHeader(res, step.headers.retryAfter, hit.timeToBlockExpire);
        return this.throwThrottlingException(context, {
          ...hit,
          limit: step.limit,
          ttl: step.ttl,
          key,
          tracker,
        }).then(() => false);
      }
      if (step.headers) {
        this.setResponseHeader(res, step.headers.limit, step.limit);
        this.setResponseHeader(res, step.headers.remaining, Math.max(0, step.limit - hit.totalHits));
        this.setResponseHeader(res, step.headers.reset, hit.timeToExpire);
      }
    }
    return ALLOWED;
  }

  private async countAll(context: ExecutionContext, steps: Step[]): Promise<boolean> {
    for (const step of steps) await super.handleRequest({ context, ...step });
    return true;
  }

  protected override getRequestResponse(ctx: ExecutionContext) {
    if (ctx.getType<GqlContextType>() === 'graphql') {
      const { req, res } = GqlExecutionContext.create(ctx).getContext<GqlContext>();
      return { req, res } as unknown as { req: Record<string, unknown>; res: Record<string, unknown> };
    }
    const http = ctx.switchToHttp();
    return {
      req: http.getRequest<Record<string, unknown>>(),
      res: http.getResponse<Record<string, unknown>>(),
    };
  }

  /** The library's decision when a request is not planned (see above). */
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    if (
      props.throttler.name === LOGIN_THROTTLER &&
      !this.isLogin(props.context.getHandler(), props.context.getClass())
    ) {
      return true;
    }
    return super.handleRequest(props);
  }

  /** The client's address as the library normalises it (IPv6 by its /64), remembered per address. */
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    return Promise.resolve(this.trackerOf(req));
  }

  private trackerOf(req: Record<string, unknown>): string {
    const ip = req.ip;
    if (typeof ip !== 'string') return normalizeIp(ip as string, this.ipv6SubnetPrefix);
    let tracker = this.trackers.get(ip);
    if (tracker === undefined) {
      tracker = normalizeIp(ip, this.ipv6SubnetPrefix);
      if (this.trackers.size >= MAX_TRACKERS) this.trackers.clear();
      this.trackers.set(ip, tracker);
    }
    return tracker;
  }

  /** Sign-in operations share one key per client; any other operation has its own. */
  protected override generateKey(context: ExecutionContext, suffix: string, name: string): string {
    return name === LOGIN_THROTTLER
      ? `${LOGIN_THROTTLER}-${suffix}`
      : `${context.getClass().name}-${context.getHandler().name}-${name}-${suffix}`;
  }

  private stepsFor(context: ExecutionContext): Step[] | null {
    const classRef = context.getClass();
    const handler = context.getHandler();
    let ofClass = this.plans.get(classRef);
    if (!ofClass) {
      ofClass = new Map();
      this.plans.set(classRef, ofClass);
    }
    let steps = ofClass.get(handler);
    if (steps === undefined) {
      steps = this.plan(handler, classRef);
      ofClass.set(handler, steps);
    }
    return steps;
  }

  /** The steps the library's canActivate would take for this handler, when they are fixed. */
  private plan(handler: object, classRef: object): Step[] | null {
    const common = this.commonOptions;
    if (common.skipIf || common.ignoreUserAgents) return null;
    const targets = [handler, classRef] as Parameters<typeof this.reflector.getAllAndOverride>[1];
    const meta = <T>(key: string, name: string) => this.reflector.getAllAndOverride<T>(key + name, targets);
    const steps: Step[] = [];
    for (const throttler of this.throttlers) {
      const name = throttler.name ?? 'default';
      if (throttler.skipIf || throttler.ignoreUserAgents) return null;
      if (meta<boolean>(THROTTLER_SKIP, name)) continue;
      if (name === LOGIN_THROTTLER && !this.isLogin(handler, classRef)) continue;
      const limit = meta<ThrottlerOptions['limit']>(THROTTLER_LIMIT, name) ?? throttler.limit;
      const ttl = meta<ThrottlerOptions['ttl']>(THROTTLER_TTL, name) ?? throttler.ttl;
      const block =
        meta<ThrottlerOptions['blockDuration']>(THROTTLER_BLOCK_DURATION, name) ?? throttler.blockDuration;
      const numbers = [limit, ttl, block ?? ttl].map(fixedNumber);
      if (numbers.some((n) => n === null)) return null;
      const [fixedLimit, fixedTtl, fixedBlock] = numbers as number[];
      const getTracker =
        meta<ThrottlerOptions['getTracker']>(THROTTLER_TRACKER, name) ??
        throttler.getTracker ??
        (common.getTracker as NonNullable<ThrottlerOptions['getTracker']>);
      const suffix = name === 'default' ? '' : `-${name}`;
      steps.push({
        addressTracker: getTracker === common.getTracker,
        headers:
          (throttler.setHeaders ?? common.setHeaders ?? true)
            ? {
                limit: `${this.headerPrefix}-Limit${suffix}`,
                remaining: `${this.headerPrefix}-Remaining${suffix}`,
                reset: `${this.headerPrefix}-Reset${suffix}`,
                retryAfter: `Retry-After${suffix}`,
              }
            : null,
        throttler,
        limit: fixedLimit,
        ttl: fixedTtl,
        blockDuration: fixedBlock,
        getTracker,
        generateKey:
          meta<ThrottlerOptions['generateKey']>(THROTTLER_KEY_GENERATOR, name) ??
          throttler.generateKey ??
          (common.generateKey as NonNullable<ThrottlerOptions['generateKey']>),
      });
    }
    return steps;
  }

  private isLogin(handler: object, classRef: object): boolean {
    return (
      this.reflector.getAllAndOverride<boolean>(IS_LOGIN, [
        handler as () => void,
        classRef as new () => unknown,
      ]) === true
    );
  }
}

/** A fixed option as a number (as the library reads it), or null when it is computed per request. */
function fixedNumber(value: unknown): number | null {
  if (typeof value === 'function') return null;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || Number.isNaN(n)) return null;
  return n;
}
