// Where a webhook may be sent (server-side request forgery): an https:// address of a public host.
// Private, link-local (cloud metadata), shared, multicast and reserved addresses are refused
// always; loopback (127.0.0.1, ::1, localhost) is refused in production and allowed outside it, with
// plain http://, so that tests and local development can run a receiver. The check runs when an
// endpoint is saved (the address as written, and in production its DNS answers) and again on every
// connection (`guardedLookup`), so a name that later resolves to an inside address is refused too.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** 'ok', or why an IP address may not be reached. */
export function addressRefusal(address: string, production: boolean): string | null {
  let ip = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) ip = mapped[1];
  const family = isIP(ip);
  if (family === 0) return 'is not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (LOOPBACK.check(ip, type)) return production ? 'is a loopback address of this server' : null;
  if (PRIVATE.check(ip, type)) return 'is a private, link-local or reserved address';
  return null;
}

const LOCAL_NAMES = new Set(['localhost', 'localhost.localdomain']);

/** Checks an address as written; returns the error message for the form, or null. */
export function endpointUrlProblem(raw: string, production: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Enter a full web address, like https://example.org/civnet-webhooks.';
  }
  if (url.username || url.password) return 'The address may not carry a user name or password.';
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const loopback = LOCAL_NAMES.has(host) || host.endsWith('.localhost') || (isIP(host) !== 0 && addressRefusal(host, true) === 'is a loopback address of this server');
  if (url.protocol === 'http:' && !(loopback && !production))
    return 'The address must start with https:// (webhooks carry signed data; plain http is allowed only to this machine outside production).';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The address must start with https://.';
  if (loopback) return production ? 'The address points at this server; webhooks go to other systems.' : null;
  if (isIP(host) !== 0) {
    const why = addressRefusal(host, production);
    if (why) return `The address ${host} ${why}; webhooks only go to public addresses.`;
  }
  if (!host.includes('.')) return 'The address needs a full host name, like hooks.example.org.';
  return null;
}

/** In production, also the host's DNS answers: every address must be public. */
export async function resolvedProblem(raw: string, production: boolean): Promise<string | null> {
  if (!production) return null;
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return null;
  const addresses = await new Promise<LookupAddress[] | null>((resolve) => dnsLookup(host, { all: true }, (err, a) => resolve(err ? null : a)));
  if (!addresses || addresses.length === 0) return `The host ${host} could not be found.`;
  for (const a of addresses) {
    const why = addressRefusal(a.address, production);
    if (why) return `The host ${host} resolves to ${a.address}, which ${why}; webhooks only go to public addresses.`;
  }
  return null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http(s).request that refuses an address `addressRefusal` refuses, at connection time. */
export function guardedLookup(production: boolean) {
  return (hostname: string, options: object, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      for (const a of list) {
        const why = addressRefusal(a.address, production);
        if (why) {
          const refused = Object.assign(new Error(`${hostname} resolves to ${a.address}, which ${why}`), { code: 'EADDRREFUSED' });
          return callback(refused, []);
        }
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}
