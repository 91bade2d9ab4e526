// `aws ssm describe-instance-information` with AWS CLI v1 (`aws`) and v2 (`/usr/bin/aws`) against the demo fleet.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useServer } from '../helpers/server.js';
import { AWS_CLIS, CLI_TEST_TIMEOUT, cliJson, cliWorks } from '../helpers/aws-cli.js';

vi.setConfig({ testTimeout: CLI_TEST_TIMEOUT });
const server = useServer();
beforeAll(async () => {
  await server.control('POST', '/_emulator/clock', { freeze: true });
  await fetch(`${server.endpoint}/_emulator/nodes/i-0abcdef1234567890`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ online: false }),
  });
  await server.control('POST', '/_emulator/clock', { advance: 3600 });
});

for (const [label, bin] of AWS_CLIS) {
  // The CLI is installed by .ci/run (apt-get install -y awscli); without it there is nothing to drive.
  describe.skipIf(!cliWorks(bin))(`${label} (${bin}) describe-instance-information`, () => {
    const cli = async (...args: string[]) => {
      const out = await cliJson(bin, [
        'ssm',
        'describe-instance-information',
        ...args,
        '--endpoint-url',
        server.endpoint,
        '--output',
        'json',
      ]);
      return out.InstanceInformationList.map((i: any) => `${i.InstanceId} ${i.PingStatus}`);
    };

    it('lists the demo nodes', async () => {
      expect(await cli()).toHaveLength(5);
    });

    // One CLI process per test: each start of the CLI costs seconds on a loaded 2-core machine.
    it('filters by tag', async () => {
      expect(await cli('--filters', 'Key=tag:Environment,Values=Production')).toEqual([
        'i-0123456789abcdef0 Online',
        'i-0a1b2c3d4e5f60718 Online',
      ]);
    });

    it('filters by platform', async () => {
      expect(await cli('--filters', 'Key=PlatformTypes,Values=Windows')).toEqual([
        'i-0abcdef1234567890 ConnectionLost',
      ]);
    });

    it('filters by ping status', async () => {
      expect(await cli('--filters', 'Key=PingStatus,Values=ConnectionLost')).toEqual([
        'i-0abcdef1234567890 ConnectionLost',
      ]);
    });

    it('takes the legacy filter list', async () => {
      expect(
        await cli('--instance-information-filter-list', 'key=PlatformTypes,valueSet=Linux'),
      ).toHaveLength(4);
    });

    it('pages with --max-items / --page-size', async () => {
      const out = await cliJson(bin, [
        'ssm',
        'describe-instance-information',
        '--page-size',
        '5',
        '--max-items',
        '3',
        '--endpoint-url',
        server.endpoint,
        '--output',
        'json',
      ]);
      expect(out.InstanceInformationList).toHaveLength(3);
      expect(out.NextToken).toBeDefined();
    });
  });
}
