// The Parameter Store commands of the SSM guide (section 5, 11.4 and the quick reference), run unchanged
// with --endpoint-url through AWS CLI v1 (`aws`) and v2 (`/usr/bin/aws`), plus its boto3 and Node snippets.
import { describe, expect, it, vi } from 'vitest';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { useServer } from '../helpers/server.js';
import { AWS_CLIS, CLI_TEST_TIMEOUT, cliJson, cliWorks, runCli } from '../helpers/aws-cli.js';

vi.setConfig({ testTimeout: CLI_TEST_TIMEOUT });
const server = useServer();

async function cli(bin: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await runCli(bin, [...args, '--endpoint-url', server.endpoint]);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

// Copied from ../shared/reference/ssm-guide.md sections 5.4, 5.5, 5.7, 11.4 and the quick reference.
const CREATE = [
  [
    'ssm',
    'put-parameter',
    '--name',
    '/myapp/production/database/host',
    '--value',
    'db.example.com',
    '--type',
    'String',
    '--description',
    'Production database hostname',
    '--tags',
    'Key=Environment,Value=Production',
  ],
  [
    'ssm',
    'put-parameter',
    '--name',
    '/myapp/production/database/password',
    '--value',
    'SuperSecretPassword123!',
    '--type',
    'SecureString',
    '--key-id',
    'alias/aws/ssm',
    '--description',
    'Production database password',
  ],
  [
    'ssm',
    'put-parameter',
    '--name',
    '/myapp/production/security-groups',
    '--value',
    'sg-12345678,sg-87654321',
    '--type',
    'StringList',
    '--description',
    'Security groups for production',
  ],
];

for (const [label, bin] of AWS_CLIS) {
  const present = cliWorks(bin);
  describe.skipIf(!present)(
    `guide section 5 on AWS ${label}${present ? '' : ' (skipped: /usr/bin/aws is not installed)'}`,
    () => {
      it('creates, reads by path, applies policies as AWS does, and lists', async () => {
        await server.control('POST', '/_emulator/reset', {});
        for (const args of CREATE) {
          const r = await cli(bin, args);
          expect(r.err).toBe('');
          expect(JSON.parse(r.out)).toEqual({ Version: 1, Tier: 'Standard' });
        }
        const all = JSON.parse(
          (
            await cli(bin, [
              'ssm',
              'get-parameters-by-path',
              '--path',
              '/myapp/production',
              '--recursive',
              '--with-decryption',
            ])
          ).out,
        );
        expect(all.Parameters.map((p: any) => [p.Name, p.Value])).toEqual([
          ['/myapp/production/database/host', 'db.example.com'],
          ['/myapp/production/database/password', 'SuperSecretPassword123!'],
          ['/myapp/production/security-groups', 'sg-12345678,sg-87654321'],
        ]);
        const direct = JSON.parse(
          (await cli(bin, ['ssm', 'get-parameters-by-path', '--path', '/myapp/production', '--no-recursive']))
            .out,
        );
        expect(direct.Parameters.map((p: any) => p.Name)).toEqual(['/myapp/production/security-groups']);

        // 5.7: no --tier and the default tier is Standard, which doesn't support policies (UG parameter-store-advanced-parameters).
        const exp = await cli(bin, [
          'ssm',
          'put-parameter',
          '--name',
          '/myapp/temp/api-key',
          '--value',
          'temp-key-12345',
          '--type',
          'SecureString',
          '--policies',
          '[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2025-12-31T23:59:59Z"}}]',
        ]);
        expect(exp.code).not.toBe(0);
        expect(exp.err.trim()).toBe(
          "An error occurred (ValidationException) when calling the PutParameter operation: You can't assign parameter policies to a standard-parameter tier.",
        );
        // 5.7 second command: the parameter exists and --overwrite is absent.
        const note = await cli(bin, [
          'ssm',
          'put-parameter',
          '--name',
          '/myapp/production/database/password',
          '--value',
          'new-password',
          '--type',
          'SecureString',
          '--policies',
          '[{"Type":"NoChangeNotification","Version":"1.0","Attributes":{"After":"30","Unit":"Days"}}]',
        ]);
        expect(note.err.trim()).toBe(
          'An error occurred (ParameterAlreadyExists) when calling the PutParameter operation: The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
        );

        const one = JSON.parse(
          (
            await cli(bin, [
              'ssm',
              'get-parameter',
              '--name',
              '/myapp/production/database/host',
              '--with-decryption',
            ])
          ).out,
        );
        expect(one.Parameter).toMatchObject({
          Name: '/myapp/production/database/host',
          Type: 'String',
          Value: 'db.example.com',
          Version: 1,
        });
        const missing = await cli(bin, ['ssm', 'get-parameter', '--name', '/myapp/production/database/hots']);
        expect(missing.err.trim()).toBe(
          'An error occurred (ParameterNotFound) when calling the GetParameter operation:',
        );

        const listed = JSON.parse((await cli(bin, ['ssm', 'describe-parameters'])).out);
        expect(listed.Parameters.map((p: any) => p.Name)).toEqual([
          '/myapp/production/database/host',
          '/myapp/production/database/password',
          '/myapp/production/security-groups',
        ]);
        expect(listed.Parameters[1]).toMatchObject({
          KeyId: 'alias/aws/ssm',
          Description: 'Production database password',
          Tier: 'Standard',
        });
      });
    },
  );
}

describe('guide section 5.8 snippets', () => {
  it('boto3', async () => {
    await server.control('POST', '/_emulator/reset', {});
    // The parameters the snippet reads, put with the SDK: the CLI's own runs are the tests above.
    for (const [Name, Value, Type] of [
      ['/myapp/production/database/host', 'db.example.com', 'String'],
      ['/myapp/production/database/password', 'SuperSecretPassword123!', 'SecureString'],
      ['/myapp/production/database/port', '5432', 'String'],
    ] as const)
      await server.ssm.send(new PutParameterCommand({ Name, Value, Type }));
    const script = `
import boto3, json, sys
ssm = boto3.client('ssm', endpoint_url=sys.argv[1])
response = ssm.get_parameter(Name='/myapp/production/database/host', WithDecryption=True)
db_host = response['Parameter']['Value']
response = ssm.get_parameters(
    Names=['/myapp/production/database/host', '/myapp/production/database/port', '/myapp/production/database/password'],
    WithDecryption=True)
params = {p['Name']: p['Value'] for p in response['Parameters']}
print(json.dumps({'db_host': db_host, 'params': params}))
`;
    expect(await cliJson('python3', ['-c', script, server.endpoint])).toEqual({
      db_host: 'db.example.com',
      params: {
        '/myapp/production/database/host': 'db.example.com',
        '/myapp/production/database/port': '5432',
        '/myapp/production/database/password': 'SuperSecretPassword123!',
      },
    });
  });

  it('JS SDK v3 equivalent of the Node snippet', async () => {
    const ssm = new SSMClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    async function getParameters() {
      const response = await ssm.send(
        new GetParameterCommand({ Name: '/myapp/production/database/host', WithDecryption: true }),
      );
      return response.Parameter!.Value;
    }
    expect(await getParameters()).toBe('db.example.com');
    ssm.destroy();
  });
});
