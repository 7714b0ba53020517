/**
 * The sandbox has no authentication: whoever can reach its port can read and change the organization. It listens on
 * loopback so that only programs on this machine can; and it answers only requests whose `Host` header names a
 * loopback address, because a web page the developer visits can make the browser send requests to 127.0.0.1 under a
 * name of its own (DNS rebinding: `evil.example` first resolves to the attacker, then to 127.0.0.1), and the browser
 * then sends `Host: evil.example:<port>`. docs/sandbox.md describes the threat model.
 */
import { isIP } from 'net';

/** The address the sandbox listens on unless told otherwise. @public */
export const DEFAULT_SANDBOX_HOST = '127.0.0.1';

/** True for 127.0.0.0/8, ::1 and the IPv4-mapped forms of 127.0.0.0/8. */
export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase();
  if (isIP(a) === 4) return a.split('.')[0] === '127';
  if (isIP(a) === 6) {
    if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
    return mapped !== null && isLoopbackAddress(mapped[1]);
  }
  return false;
}

/**
 * The host name of a `Host` header without its port: `localhost:4566` → `localhost`, `[::1]:4566` → `::1`.
 * Undefined when the header is not a host with an optional port.
 */
export function hostOfHeader(header: string): string | undefined {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    if (end < 0) return undefined;
    const rest = h.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return undefined;
    return h.slice(1, end);
  }
  const m = /^([^:]+)(?::\d{1,5})?$/.exec(h);
  return m ? m[1].replace(/\.$/, '') : undefined;
}

/**
 * Whether a request with this `Host` header may be served: `localhost`, an address of 127.0.0.0/8 or `[::1]`, with
 * any port, or one of `allowedHosts` (names the operator added, e.g. for a container network).
 */
export function isAllowedHostHeader(
  header: string | undefined,
  allowedHosts: readonly string[] = [],
): boolean {
  if (!header) return false;
  const host = hostOfHeader(header);
  if (!host) return false;
  if (host === 'localhost' || isLoopbackAddress(host)) return true;
  return allowedHosts.some(a => a.toLowerCase() === host);
}

/** The AWS JSON 1.1 error body of a refused `Host`, which an AWS SDK turns into AccessDeniedException. */
export function hostRefusedBody(header: string | undefined) {
  const message = `The organizations sandbox answers only requests addressed to a loopback host (localhost, 127.0.0.0/8 or [::1]), not ${
    header ? `"${header.slice(0, 100)}"` : 'a request without a Host header'
  }. Use the URL it printed (http://127.0.0.1:<port>); a web page cannot reach it by another name (DNS rebinding).`;
  return { __type: 'AccessDeniedException', Message: message, message };
}

/** The address to listen on: `host`, or 127.0.0.1. */
export function listenHost(host: string | undefined): string {
  return host ?? DEFAULT_SANDBOX_HOST;
}

/** The host part of the sandbox's URL: a wildcard address becomes 127.0.0.1, an IPv6 address gets brackets. */
export function urlHost(host: string | undefined): string {
  const h = listenHost(host);
  if (h === '0.0.0.0' || h === '::') return DEFAULT_SANDBOX_HOST;
  return isIP(h) === 6 ? `[${h}]` : h;
}
