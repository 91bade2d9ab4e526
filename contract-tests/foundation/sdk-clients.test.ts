// The server driven by the clients people use: AWS CLI v1 (`aws` on PATH), AWS CLI v2 (/usr/bin/aws) and boto3.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useServer } from '../helpers/server.js';
import { AWS_CLI_ENV, CLI_TEST_TIMEOUT, program, runCli } from '../helpers/aws-cli.js';

const TIER = '/ssm/parameter-store/default-parameter-tier';
const NOT_FOUND_MESSAGE = (id: string) =>
  `The specified service setting wasn't found. Either the service name or the setting hasn't been provisioned by the Amazon Web Services service team. Setting Id: ${id}`;

/** `--version` of a binary, or undefined when it is missing or broken. */
function versionOf(bin: string, args = ['--version']): string | undefined {
  try {
    return execFileSync(program(bin), args, {
      env: AWS_CLI_ENV,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    }).trim();
  } catch {
    return undefined;
  }
}

const V1 = versionOf('aws');
const V2 = versionOf('/usr/bin/aws');
const PY = versionOf('python3', ['-c', 'import boto3; print(boto3.__version__)']);
const CLIS = [
  {
    name: 'AWS CLI v1',
    bin: 'aws',
    version: V1,
    major: '1',
    errorExit: 255,
    dates: 'epoch' as const,
    install: 'pip install awscli',
  },
  {
    name: 'AWS CLI v2',
    bin: '/usr/bin/aws',
    version: V2,
    major: '2',
    errorExit: 254,
    dates: 'iso' as const,
    install: 'apt-get install -y awscli',
  },
];

const server = useServer({ resetEach: true });

const defaultSetting = (date: unknown) => ({
  ServiceSetting: {
    SettingId: TIER,
    SettingValue: 'Standard',
    LastModifiedDate: date,
    LastModifiedUser: 'System',
    ARN: `arn:aws:ssm:us-east-1:000000000000:servicesetting${TIER}`,
    Status: 'Default',
  },
});

for (const cli of CLIS) {
  const missing = !cli.version?.startsWith(`aws-cli/${cli.major}.`);
  const reason = `skipped: ${cli.bin} is not CLI v${cli.major} (${cli.version ?? 'absent'}); \`${cli.install}\` installs it`;
  describe.skipIf(missing)(
    `${cli.name} (${missing ? reason : cli.version})`,
    { timeout: CLI_TEST_TIMEOUT },
    () => {
      const aws = (...args: string[]) =>
        runCli(cli.bin, ['--endpoint-url', server.endpoint, '--output', 'json', ...args]);
      // v1 prints timestamps as the epoch number it received; v2 formats them as ISO 8601.
      const DEFAULT_DATE = cli.dates === 'epoch' ? 1415232000 : '2014-11-06T00:00:00+00:00';

      it('get-service-setting prints the AWS JSON shape', async () => {
        const r = await aws('ssm', 'get-service-setting', '--setting-id', TIER);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(JSON.parse(r.stdout)).toEqual(defaultSetting(DEFAULT_DATE));
        expect(r.stdout).toMatch(/^\{\n {4}"ServiceSetting": \{\n {8}"SettingId": /);
      });

      it('update-service-setting then get-service-setting shows Customized', async () => {
        const u = await aws(
          'ssm',
          'update-service-setting',
          '--setting-id',
          TIER,
          '--setting-value',
          'Advanced',
        );
        expect({ code: u.code, stdout: u.stdout.trim(), stderr: u.stderr }).toEqual({
          code: 0,
          stdout: '',
          stderr: '',
        });
        const r = await aws('ssm', 'get-service-setting', '--setting-id', TIER);
        const s = JSON.parse(r.stdout).ServiceSetting;
        expect(s).toMatchObject({
          SettingValue: 'Advanced',
          Status: 'Customized',
          LastModifiedUser: 'arn:aws:iam::000000000000:root',
        });
        expect(s.LastModifiedDate).not.toEqual(DEFAULT_DATE);
      });

      it(`prints AWS's error line and exits ${cli.errorExit} on ServiceSettingNotFound`, async () => {
        const r = await aws('ssm', 'get-service-setting', '--setting-id', '/ssm/not/a/setting');
        expect(r.code).toBe(cli.errorExit);
        expect(r.stdout).toBe('');
        expect(r.stderr.trim()).toBe(
          `An error occurred (ServiceSettingNotFound) when calling the GetServiceSetting operation: ${NOT_FOUND_MESSAGE('/ssm/not/a/setting')}`,
        );
      });

      it('works with --no-sign-request (the default account and region serve it)', async () => {
        const r = await aws('--no-sign-request', 'ssm', 'get-service-setting', '--setting-id', TIER);
        expect(r.stderr).toBe('');
        expect(JSON.parse(r.stdout)).toEqual(defaultSetting(DEFAULT_DATE));
      });
    },
  );
}

describe.skipIf(!PY)(
  `boto3 (${PY ? `boto3 ${PY}` : 'skipped: python3 with boto3 is not installed'})`,
  { timeout: CLI_TEST_TIMEOUT },
  () => {
    const SCRIPT = `
import json, sys, boto3
from botocore.config import Config
c = boto3.client('ssm', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='111122223333',
                 aws_secret_access_key='test', config=Config(retries={'max_attempts': 1}))
out = {'setting': c.get_service_setting(SettingId=sys.argv[2])['ServiceSetting']}
try:
    c.get_service_setting(SettingId='/ssm/not/a/setting')
    out['error'] = None
except c.exceptions.ServiceSettingNotFound as e:
    out['error'] = {'class': type(e).__name__, 'code': e.response['Error']['Code'], 'message': e.response['Error']['Message'],
                    'status': e.response['ResponseMetadata']['HTTPStatusCode'], 'str': str(e)}
print(json.dumps(out, default=lambda d: d.isoformat()))
`;

    it('get_service_setting returns the setting, and the error is client.exceptions.ServiceSettingNotFound', async () => {
      const r = await runCli('python3', ['-c', SCRIPT, server.endpoint, TIER]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.setting).toEqual({
        SettingId: TIER,
        SettingValue: 'Standard',
        LastModifiedDate: '2014-11-06T00:00:00+00:00',
        LastModifiedUser: 'System',
        ARN: `arn:aws:ssm:us-east-1:111122223333:servicesetting${TIER}`,
        Status: 'Default',
      });
      expect(out.error).toEqual({
        class: 'ServiceSettingNotFound',
        code: 'ServiceSettingNotFound',
        message: NOT_FOUND_MESSAGE('/ssm/not/a/setting'),
        status: 400,
        str: `An error occurred (ServiceSettingNotFound) when calling the GetServiceSetting operation: ${NOT_FOUND_MESSAGE('/ssm/not/a/setting')}`,
      });
    });
  },
);
