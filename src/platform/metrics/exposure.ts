// /metrics without METRICS_TOKEN answers whoever reaches HOST: fine on loopback or a private network,
// worth one line at start anywhere else, where the operator may not have meant it.
import type { Config } from '../../config.ts';
import type { Logger } from '../log.ts';

/** Warns once when this process serves /metrics open on an address other machines may reach. */
export function warnIfMetricsOpen(config: Pick<Config, 'HOST' | 'METRICS_TOKEN'>, log: Logger): void {
  if (config.METRICS_TOKEN || isLoopback(config.HOST)) return;
  log.warn({ host: config.HOST }, '/metrics is served without METRICS_TOKEN on a non-loopback address: set METRICS_TOKEN, or keep this port on a private network');
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
