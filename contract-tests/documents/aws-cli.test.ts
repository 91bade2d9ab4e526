// The guide's document walkthroughs with the real AWS CLI (v1 on PATH, v2 at /usr/bin/aws), unchanged.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServer } from '../helpers/server.js';
import { CLI_TEST_TIMEOUT, runCli, type CliResult } from '../helpers/aws-cli.js';

// The guide's section 3.4 YAML, saved byte for byte as printed (it uses {{AutomationAssumeRole}} undeclared).
const GUIDE_YAML = readFileSync(
  fileURLToPath(new URL('./fixtures/custom-ami-automation.yaml', import.meta.url)),
  'utf8',
);
const DECLARED_YAML = GUIDE_YAML.replace(
  'parameters:\n',
  "parameters:\n  AutomationAssumeRole:\n    type: String\n    default: ''\n",
);

function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = join(dir, cmd);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

const CLIS: { label: string; bin: string | undefined; reason: string }[] = [
  { label: 'AWS CLI v1', bin: which('aws'), reason: 'no `aws` (CLI v1) on PATH' },
  {
    label: 'AWS CLI v2',
    bin: existsSync('/usr/bin/aws') ? '/usr/bin/aws' : undefined,
    reason: '/usr/bin/aws (CLI v2) is not installed (.ci/run installs it with apt-get install awscli)',
  },
];

for (const cli of CLIS) {
  describe.skipIf(!cli.bin)(
    `${cli.label}: documents as the guide uses them${cli.bin ? '' : ` (skipped: ${cli.reason})`}`,
    { timeout: CLI_TEST_TIMEOUT },
    () => {
      const server = useServer();
      let dir: string;

      const aws = (...args: string[]): Promise<CliResult> =>
        runCli(cli.bin!, ['--endpoint-url', server.endpoint, '--output', 'json', ...args], {
          cwd: dir,
          env: { HOME: dir },
        });

      beforeAll(() => {
        dir = mkdtempSync(join(tmpdir(), 'ssm-docs-cli-'));
        writeFileSync(join(dir, 'custom-ami-automation.yaml'), GUIDE_YAML);
        writeFileSync(join(dir, 'custom-ami-automation-fixed.yaml'), DECLARED_YAML);
      });
      afterAll(() => rmSync(dir, { recursive: true, force: true }));

      it('refuses the guide YAML as printed: AutomationAssumeRole is not declared', async () => {
        const r = await aws(
          'ssm',
          'create-document',
          '--name',
          'CustomAMICreation',
          '--content',
          'file://custom-ami-automation.yaml',
          '--document-type',
          'Automation',
          '--document-format',
          'YAML',
        );
        expect(r.code).not.toBe(0);
        expect(r.stderr).toContain(
          'An error occurred (InvalidDocumentContent) when calling the CreateDocument operation: Parameter "AutomationAssumeRole" is not declared.',
        );
      });

      it('accepts it with the parameter declared; describe lists three parameters; get returns JSON', async () => {
        const c = await aws(
          'ssm',
          'create-document',
          '--name',
          'CustomAMICreation',
          '--content',
          'file://custom-ami-automation-fixed.yaml',
          '--document-type',
          'Automation',
          '--document-format',
          'YAML',
        );
        expect(c.stderr).toBe('');
        expect(JSON.parse(c.stdout).DocumentDescription).toMatchObject({
          Name: 'CustomAMICreation',
          DocumentType: 'Automation',
          DocumentFormat: 'YAML',
          SchemaVersion: '0.3',
        });
        const d = await aws('ssm', 'describe-document', '--name', 'CustomAMICreation');
        const params = JSON.parse(d.stdout).Document.Parameters as { Name: string }[];
        expect(params.map((p) => p.Name).sort()).toEqual(['AMIName', 'AutomationAssumeRole', 'InstanceId']);
        const g = await aws(
          'ssm',
          'get-document',
          '--name',
          'CustomAMICreation',
          '--document-format',
          'JSON',
        );
        const got = JSON.parse(g.stdout);
        expect(got.DocumentFormat).toBe('JSON');
        expect(JSON.parse(got.Content)).toMatchObject({
          schemaVersion: '0.3',
          assumeRole: '{{AutomationAssumeRole}}',
          outputs: ['createImage.ImageId', 'createImage.ImageState'],
        });
      });

      it('lists the AWS-owned catalog with Owner=Amazon', async () => {
        const r = await aws('ssm', 'list-documents', '--filters', 'Key=Owner,Values=Amazon');
        const ids = JSON.parse(r.stdout).DocumentIdentifiers as { Name: string; Owner: string }[];
        expect(ids.length).toBeGreaterThanOrEqual(20);
        expect(ids.every((d) => d.Owner === 'Amazon')).toBe(true);
        expect(ids.map((d) => d.Name)).toEqual(
          expect.arrayContaining(['AWS-RunShellScript', 'AWS-CreateImage', 'AWS-StartSSHSession']),
        );
      });

      it('runs the quick reference unchanged: list-documents and get-document --name AWS-RunShellScript', async () => {
        const l = await aws('ssm', 'list-documents');
        expect(l.code).toBe(0);
        expect(JSON.parse(l.stdout).DocumentIdentifiers.map((d: { Name: string }) => d.Name)).toContain(
          'CustomAMICreation',
        );
        const g = await aws('ssm', 'get-document', '--name', 'AWS-RunShellScript');
        expect(g.code).toBe(0);
        const params = JSON.parse(JSON.parse(g.stdout).Content).parameters;
        expect(Object.keys(params)).toEqual(
          expect.arrayContaining(['commands', 'workingDirectory', 'executionTimeout']),
        );
      });
    },
  );
}
