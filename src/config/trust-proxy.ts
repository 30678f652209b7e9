import proxyaddr from 'proxy-addr';

/**
 * What Express's `trust proxy` gets from TRUST_PROXY: `false` (off: the client is the peer that
 * connected), a hop count, or the addresses of the proxies (IPs, CIDR ranges and the names
 * loopback, linklocal, uniquelocal), checked with proxy-addr, the library Express itself uses.
 */
export type TrustProxy = false | number | string[];

export class TrustProxyError extends Error {}

/** Parses TRUST_PROXY; throws TrustProxyError with what to write instead. */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') {
    // Express would trust every X-Forwarded-For entry: a client could pick its own address and
    // with it a fresh rate-limit bucket for every request.
    throw new TrustProxyError(
      'TRUST_PROXY=true would trust any X-Forwarded-For a client sends; give the number of proxies ' +
        'in front of the API (e.g. 1) or their addresses (e.g. loopback, 10.0.0.0/8)',
    );
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 32) throw new TrustProxyError('TRUST_PROXY hop count must be between 0 and 32');
    return hops === 0 ? false : hops;
  }
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  try {
    proxyaddr.compile(entries);
  } catch (err) {
    throw new TrustProxyError(
      `TRUST_PROXY must be false, a hop count, or a comma-separated list of proxy addresses, CIDR ranges, ` +
        `loopback, linklocal or uniquelocal (${(err as Error).message})`,
    );
  }
  return entries;
}

/**
 * The client address of a request under this setting, exactly as Express computes `req.ip`: for
 * sockets, which never pass through Express (graphql-ws upgrades).
 */
export function clientAddress(req: Parameters<typeof proxyaddr>[0], trust: TrustProxy): string | undefined {
  if (trust === false) return req.socket.remoteAddress;
  const trustFn =
    typeof trust === 'number' ? (_addr: string, i: number) => i < trust : proxyaddr.compile(trust);
  return proxyaddr(req, trustFn);
}
