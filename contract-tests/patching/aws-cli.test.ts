// The guide's section 2.2 (Patch Baselines) with the AWS CLI v1 and v2, with --endpoint-url:
// create-patch-baseline Production-AL2023-Security with tags (approval rules in shorthand and as JSON),
// register-patch-baseline-for-patch-group, get-patch-baseline, describe-patch-groups.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { AWS_CLI_ENV, AWS_CLIS, cliWorks } from '../helpers/aws-cli.js';

const run = promisify(execFile);

// The guide's command, word for word: `Values=Critical,Important` inside braces is not valid CLI shorthand,
// so both CLIs refuse it before sending anything. AWS's own examples bracket lists: `Values=[Critical,Important]`.
const GUIDE_RULES =
  'PatchRules=[{PatchFilterGroup={PatchFilters=[{Key=CLASSIFICATION,Values=Security},{Key=SEVERITY,Values=Critical,Important}]},ApproveAfterDays=7}]';
const SHORTHAND_RULES =
  'PatchRules=[{PatchFilterGroup={PatchFilters=[{Key=CLASSIFICATION,Values=[Security]},{Key=SEVERITY,Values=[Critical,Important]}]},ApproveAfterDays=7}]';
const JSON_RULES = JSON.stringify({
  PatchRules: [
    {
      PatchFilterGroup: {
        PatchFilters: [
          { Key: 'CLASSIFICATION', Values: ['Security'] },
          { Key: 'SEVERITY', Values: ['Critical', 'Important'] },
        ],
      },
      ApproveAfterDays: 7,
    },
  ],
});

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

for (const [label, bin] of AWS_CLIS) {
  // Each CLI call starts a Python process (about a second here): these tests get a minute each.
  describe.skipIf(!cliWorks(bin))(`${label} (${bin}) Patch Manager guide 2.2`, { timeout: 60_000 }, () => {
    const cli = async (...args: string[]) => {
      const r = await run(bin, ['--endpoint-url', server.endpoint, '--output', 'json', ...args], {
        env: AWS_CLI_ENV,
        timeout: 60_000,
      });
      return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
    };
    const fail = async (...args: string[]) => {
      try {
        await cli(...args);
      } catch (e) {
        return (e as { stderr: string }).stderr;
      }
      throw new Error('expected the command to fail');
    };

    beforeEach(async () => {
      await server.control('POST', '/_emulator/reset', {});
    });

    it("refuses the guide's shorthand as printed in the CLI's own parser (nothing reaches the service)", async () => {
      const stderr = await fail(
        'ssm',
        'create-patch-baseline',
        '--name',
        'Production-AL2023-Security',
        '--operating-system',
        'AMAZON_LINUX_2023',
        '--approval-rules',
        GUIDE_RULES,
      );
      expect(stderr).toContain("Error parsing parameter '--approval-rules'");
      expect(server.emulator.services.store.patchBaselines.count('000000000000', 'us-east-1')).toBe(0);
    });

    for (const [form, rules] of [
      ['bracketed shorthand', SHORTHAND_RULES],
      ['JSON', JSON_RULES],
    ] as const) {
      it(`creates Production-AL2023-Security (rules as ${form}), registers it for a patch group, reads it back`, async () => {
        const created = await cli(
          'ssm',
          'create-patch-baseline',
          '--name',
          'Production-AL2023-Security',
          '--description',
          'Critical and Important security patches only',
          '--operating-system',
          'AMAZON_LINUX_2023',
          '--approval-rules',
          rules,
          '--tags',
          'Key=Environment,Value=Production',
        );
        expect(created.BaselineId).toMatch(/^pb-[0-9a-f]{17}$/);
        const id = created.BaselineId;
        expect(
          await cli(
            'ssm',
            'register-patch-baseline-for-patch-group',
            '--baseline-id',
            id,
            '--patch-group',
            'production-web-servers',
          ),
        ).toEqual({ BaselineId: id, PatchGroup: 'production-web-servers' });
        const b = await cli('ssm', 'get-patch-baseline', '--baseline-id', id);
        expect(b).toMatchObject({
          BaselineId: id,
          Name: 'Production-AL2023-Security',
          OperatingSystem: 'AMAZON_LINUX_2023',
          Description: 'Critical and Important security patches only',
          PatchGroups: ['production-web-servers'],
          ApprovalRules: {
            PatchRules: [
              {
                PatchFilterGroup: {
                  PatchFilters: [
                    { Key: 'CLASSIFICATION', Values: ['Security'] },
                    { Key: 'SEVERITY', Values: ['Critical', 'Important'] },
                  ],
                },
                ApproveAfterDays: 7,
                ComplianceLevel: 'UNSPECIFIED',
                EnableNonSecurity: false,
              },
            ],
          },
        });
        const groups = await cli('ssm', 'describe-patch-groups');
        expect(groups.Mappings).toEqual([
          {
            PatchGroup: 'production-web-servers',
            BaselineIdentity: {
              BaselineId: id,
              BaselineName: 'Production-AL2023-Security',
              OperatingSystem: 'AMAZON_LINUX_2023',
              BaselineDescription: 'Critical and Important security patches only',
              DefaultBaseline: false,
            },
          },
        ]);
        const tags = await cli(
          'ssm',
          'list-tags-for-resource',
          '--resource-type',
          'PatchBaseline',
          '--resource-id',
          id,
        );
        expect(tags.TagList).toEqual([{ Key: 'Environment', Value: 'Production' }]);
      });
    }

    it("shows AWS's error for a filter value the operating system doesn't have", async () => {
      const stderr = await fail(
        'ssm',
        'create-patch-baseline',
        '--name',
        'Bad-Baseline',
        '--operating-system',
        'AMAZON_LINUX_2023',
        '--approval-rules',
        'PatchRules=[{PatchFilterGroup={PatchFilters=[{Key=PRODUCT,Values=All}]},ApproveAfterDays=7}]',
      );
      expect(stderr).toContain(
        'An error occurred (ValidationException) when calling the CreatePatchBaseline operation: Invalid Filter Value: All for Key: PRODUCT, valid values are: AmazonLinux2023',
      );
    });
  });
}
