// Limits failed authentications per client address, so guessing tokens or session ids is slow: a
// token bucket per address that only failures drain. An empty bucket answers 429 before any check
// (checking anyway would tell a guesser right from wrong, at full speed); a success never drains
// it, and one address's failures never touch another's bucket. In memory, per process.

export interface FailureLimits {
  /** Failures an address may make in a row before it must wait. */
  burst: number;
  /** Failures an address earns back per minute, up to `burst`. */
  perMinute: number;
  /** Addresses remembered at most; past it the one that failed longest ago is forgotten. */
  maxAddresses: number;
}

export interface FailureLimiter {
  /** Whole seconds until `address` may try to authenticate again; 0 when it may now. */
  retryAfter(address: string): number;
  /** Counts one failed authentication; true when it used the last try, so the address is now limited. */
  recordFailure(address: string): boolean;
  /** Addresses remembered now (for tests and metrics). */
  size(): number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function createFailureLimiter(limits: FailureLimits, now: () => number = Date.now): FailureLimiter {
  const buckets = new Map<string, Bucket>();
  const perMs = limits.perMinute / 60_000;
  const tokensOf = (bucket: Bucket | undefined, t: number) =>
    bucket ? Math.min(limits.burst, bucket.tokens + (t - bucket.at) * perMs) : limits.burst;

  return {
    retryAfter(address) {
      const tokens = tokensOf(buckets.get(address), now());
      return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / perMs / 1_000);
    },
    recordFailure(address) {
      const t = now();
      const tokens = Math.max(0, tokensOf(buckets.get(address), t) - 1);
      // Deleting first moves the address to the end: the Map's first entry is the stalest.
      buckets.delete(address);
      if (buckets.size >= limits.maxAddresses) {
        const stalest = buckets.keys().next().value;
        if (stalest !== undefined) buckets.delete(stalest);
      }
      buckets.set(address, { tokens, at: t });
      return tokens < 1;
    },
    size: () => buckets.size,
  };
}

/**
 * The key an address is limited under: IPv4 as it is, IPv6 by its /64 (one host usually has a
 * whole /64 to rotate through), an IPv4-mapped IPv6 address as the IPv4 one.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('%')[0]?.split('::') ?? [];
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
