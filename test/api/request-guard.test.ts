// The guard's rules for each bind address, without binding anything but loopback.
import { describe, expect, it } from 'vitest';
import { RequestGuard, parseAllowedHosts } from '../../src/api/request-guard.js';
import { isLoopback } from '../../src/loopback.js';

describe('isLoopback', () => {
  it('knows loopback names and addresses, and nothing else', () => {
    for (const h of ['localhost', 'LOCALHOST', 'a.b.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]'])
      expect(isLoopback(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', 'localhost.example', 'mylocalhost', '128.0.0.1', ''])
      expect(isLoopback(h), h).toBe(false);
  });
});

describe('RequestGuard', () => {
  it('bound to loopback: loopback names and any IP literal pass, other names do not', () => {
    const g = new RequestGuard({ host: '127.0.0.1', allowedHosts: undefined });
    expect(g.refusal('localhost:4583', undefined)).toBeUndefined();
    expect(g.refusal('10.1.2.3:4583', undefined)).toBeUndefined();
    expect(g.refusal('[fe80::1]:4583', undefined)).toBeUndefined();
    expect(g.refusal(undefined, undefined)).toBeUndefined(); // HTTP/1.0 without Host: no browser sends that
    expect(g.refusal('evil.example:4583', undefined)).toMatch(/^Host 'evil.example:4583' is not allowed/);
  });

  it('bound to all interfaces (a container): any Host passes, a foreign Origin still does not', () => {
    const g = new RequestGuard({ host: '0.0.0.0', allowedHosts: undefined });
    expect(g.refusal('ssm-emulator:4583', undefined)).toBeUndefined();
    expect(g.refusal('ssm-emulator:4583', 'http://ssm-emulator:4583')).toMatch(/^Origin 'http/);
    expect(g.refusal('localhost:4583', 'http://localhost:3000')).toBeUndefined();
  });

  it('bound to all interfaces with a list: the list is enforced for Host and Origin', () => {
    const g = new RequestGuard({ host: '0.0.0.0', allowedHosts: 'ssm-emulator,*.corp.example' });
    expect(g.refusal('ssm-emulator:4583', 'http://ssm-emulator:8080')).toBeUndefined();
    expect(g.refusal('x.corp.example', 'https://y.corp.example')).toBeUndefined();
    expect(g.refusal('other:4583', undefined)).toMatch(/^Host 'other:4583'/);
  });

  it('a list of * lets any Host and Origin through', () => {
    const g = new RequestGuard({ host: '127.0.0.1', allowedHosts: '*' });
    expect(g.refusal('anything.example', 'http://anything.example')).toBeUndefined();
  });

  it('parses the list: trimmed, lower case, empty entries dropped', () => {
    expect(parseAllowedHosts(' A.example, ,*.B.example,')).toEqual(['a.example', '*.b.example']);
    expect(parseAllowedHosts(undefined)).toEqual([]);
  });
});
