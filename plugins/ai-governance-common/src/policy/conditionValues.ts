/**
 * Parses the IP addresses, CIDR ranges and dates that condition operators compare, and tests an address against a range.
 */

function parseIpv4(s: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const bytes = m.slice(1).map(Number);
  return bytes.every(b => b <= 255) ? bytes : undefined;
}

function parseIpv6(s: string): number[] | undefined {
  let text = s;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.') && lastColon >= 0) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = v4;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string) => (h === '' ? [] : h.split(':'));
  const head = group(halves[0]);
  const rest = halves.length === 2 ? group(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return undefined;
  const groups = [
    ...head,
    ...Array(halves.length === 2 ? missing : 0).fill('0'),
    ...rest,
  ];
  const bytes: number[] = [];
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 255);
  }
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes.length === 16 ? bytes : undefined;
}

/** Bytes of an IPv4 (4) or IPv6 (16) address. */
export function parseIp(s: string): number[] | undefined {
  const t = s.trim();
  return t.includes(':') ? parseIpv6(t) : parseIpv4(t);
}

/** A parsed CIDR range; a bare address is a /32 or /128. */
export interface Cidr {
  bytes: number[];
  prefix: number;
}

export function parseCidr(s: string): Cidr | undefined {
  const [addr, len, extra] = s.trim().split('/');
  if (extra !== undefined) return undefined;
  const bytes = parseIp(addr);
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  const prefix = len === undefined ? max : Number(len);
  if (
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > max ||
    (len !== undefined && !/^\d+$/.test(len))
  ) {
    return undefined;
  }
  return { bytes, prefix };
}

export function cidrContains(range: Cidr, ip: number[]): boolean {
  let r = range;
  let a = ip;
  if (r.bytes.length !== a.length) {
    // An IPv4 address matches an IPv4-mapped IPv6 range (::ffff:a.b.c.d), and the reverse.
    const mapped = (v4: number[]) => [
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      255,
      255,
      ...v4,
    ];
    if (a.length === 4) a = mapped(a);
    else r = { bytes: mapped(r.bytes), prefix: r.prefix + 96 };
  }
  let bits = r.prefix;
  for (let k = 0; k < r.bytes.length && bits > 0; k++) {
    const mask = bits >= 8 ? 255 : (0xff << (8 - bits)) & 255;
    if ((r.bytes[k] & mask) !== (a[k] & mask)) return false;
    bits -= 8;
  }
  return true;
}

// ---- dates

/** Milliseconds since the epoch of an ISO 8601 date or an epoch-seconds number; NaN when neither. */
export function parseDate(s: string): number {
  const t = s.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  if (!/^\d{4}-\d{2}(-\d{2})?/.test(t)) return NaN;
  return Date.parse(t);
}
