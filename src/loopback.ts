// Loopback names and addresses: what a server bound to loopback answers to (docs/security.md).
import { isIP } from 'node:net';

/** A bind address or host name that only this machine reaches: localhost, *.localhost, 127.0.0.0/8, ::1. */
export function isLoopback(host: string): boolean {
  const h = unbracket(host).toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true; // RFC 6761: *.localhost resolves to loopback
  if (isIP(h) === 4) return h.startsWith('127.');
  return isIP(h) === 6 && (h === '::1' || h === '0:0:0:0:0:0:0:1' || h.startsWith('::ffff:127.'));
}

/** `[::1]` -> `::1`; other names unchanged. */
export function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
