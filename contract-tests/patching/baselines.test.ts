// CreatePatchBaseline, GetPatchBaseline, UpdatePatchBaseline, DeletePatchBaseline and DescribePatchBaselines
// through @aws-sdk/client-ssm: serialization, validation with AWS's text, behaviour.
import {
  CreatePatchBaselineCommand,
  DeletePatchBaselineCommand,
  DescribePatchBaselinesCommand,
  GetPatchBaselineCommand,
  ListTagsForResourceCommand,
  RegisterDefaultPatchBaselineCommand,
  RegisterPatchBaselineForPatchGroupCommand,
  SSMClient,
  UpdatePatchBaselineCommand,
  type CreatePatchBaselineCommandInput,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sdkError, startServer, type TestServer } from '../helpers/server.js';

const AWS_AL2023 = 'arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-05c9c9bf778d4c4d0';
const SECURITY_RULES = {
  PatchRules: [
    {
      PatchFilterGroup: {
        PatchFilters: [
          { Key: 'CLASSIFICATION' as const, Values: ['Security'] },
          { Key: 'SEVERITY' as const, Values: ['Critical', 'Important'] },
        ],
      },
      ApproveAfterDays: 7,
    },
  ],
};

let server: TestServer;
let ssm: SSMClient;

beforeAll(async () => {
  server = await startServer();
  ssm = server.client();
});
afterAll(() => server.close());
beforeEach(async () => {
  await server.control('POST', '/_emulator/reset', {});
  // A full reset returns the clock to the wall clock (README, "Time"): the date is set after it.
  await server.control('POST', '/_emulator/clock', { set: '2026-12-01T00:00:00Z' });
});

const create = (input: Partial<CreatePatchBaselineCommandInput> = {}) =>
  ssm.send(
    new CreatePatchBaselineCommand({
      Name: 'Production-AL2023-Security',
      OperatingSystem: 'AMAZON_LINUX_2023',
      ApprovalRules: SECURITY_RULES,
      ...input,
    }),
  );

describe('CreatePatchBaseline / GetPatchBaseline', () => {
  it('serialization: returns pb- + 17 hex digits; Get returns every member with AWS defaults and epoch dates', async () => {
    const r = await server.raw(
      'AmazonSSM.CreatePatchBaseline',
      JSON.stringify({ Name: 'minimal-windows', ClientToken: 't-1' }),
    );
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(['BaselineId']);
    expect(r.json.BaselineId).toMatch(/^pb-[0-9a-f]{17}$/);
    const g = await server.raw(
      'AmazonSSM.GetPatchBaseline',
      JSON.stringify({ BaselineId: r.json.BaselineId }),
    );
    expect(g.json).toEqual({
      BaselineId: r.json.BaselineId,
      Name: 'minimal-windows',
      OperatingSystem: 'WINDOWS',
      GlobalFilters: { PatchFilters: [] },
      ApprovalRules: { PatchRules: [] },
      ApprovedPatches: [],
      ApprovedPatchesComplianceLevel: 'UNSPECIFIED',
      ApprovedPatchesEnableNonSecurity: false,
      RejectedPatches: [],
      RejectedPatchesAction: 'ALLOW_AS_DEPENDENCY',
      PatchGroups: [],
      Sources: [],
      CreatedDate: Date.parse('2026-12-01T00:00:00Z') / 1000,
      ModifiedDate: Date.parse('2026-12-01T00:00:00Z') / 1000,
    });
  });

  it('functionality: stores rules with their defaults, tags, sources; the SDK reads dates as Dates', async () => {
    const { BaselineId } = await create({
      Description: 'Critical and Important security patches only',
      Tags: [{ Key: 'Environment', Value: 'Production' }],
      Sources: [{ Name: 'My-AL2023', Products: ['AmazonLinux2023'], Configuration: '[main]\nenabled=1' }],
      RejectedPatches: ['kernel-*'],
      RejectedPatchesAction: 'BLOCK',
    });
    const b = await ssm.send(new GetPatchBaselineCommand({ BaselineId }));
    expect(b).toMatchObject({
      Name: 'Production-AL2023-Security',
      OperatingSystem: 'AMAZON_LINUX_2023',
      Description: 'Critical and Important security patches only',
      RejectedPatches: ['kernel-*'],
      RejectedPatchesAction: 'BLOCK',
      Sources: [{ Name: 'My-AL2023', Products: ['AmazonLinux2023'], Configuration: '[main]\nenabled=1' }],
    });
    expect(b.ApprovalRules!.PatchRules![0]).toEqual({
      ...SECURITY_RULES.PatchRules[0],
      ComplianceLevel: 'UNSPECIFIED',
      EnableNonSecurity: false,
    });
    expect(b.CreatedDate).toBeInstanceOf(Date);
    const tags = await ssm.send(
      new ListTagsForResourceCommand({ ResourceType: 'PatchBaseline', ResourceId: BaselineId }),
    );
    expect(tags.TagList).toEqual([{ Key: 'Environment', Value: 'Production' }]);
  });

  it('ClientToken: the same request returns the same baseline; different parameters are refused', async () => {
    const a = await create({ ClientToken: 'token-1' });
    const b = await create({ ClientToken: 'token-1' });
    expect(b.BaselineId).toBe(a.BaselineId);
    const err = await sdkError(() => create({ ClientToken: 'token-1', Name: 'other' }));
    expect(err.name).toBe('IdempotentParameterMismatch');
    expect(err.message).toBe(
      'Error occurred during operation CreatePatchBaseline. ClientToken is already used with different parameters.',
    );
    const list = await ssm.send(
      new DescribePatchBaselinesCommand({ Filters: [{ Key: 'OWNER', Values: ['Self'] }] }),
    );
    expect(list.BaselineIdentities).toHaveLength(1);
  });

  it('validation: model constraints, filter keys and values per OS, one delay per rule; nothing is stored', async () => {
    let err = await sdkError(() => create({ Name: 'a b' }));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe(
      "1 validation error detected: Value 'a b' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_\\-.]{3,128}$",
    );
    err = await sdkError(() =>
      create({
        ApprovalRules: {
          PatchRules: [
            {
              PatchFilterGroup: { PatchFilters: [{ Key: 'PRODUCT', Values: ['All'] }] },
              ApproveAfterDays: 7,
            },
          ],
        },
      }),
    );
    expect(err.name).toBe('ValidationException');
    expect(err.message).toBe('Invalid Filter Value: All for Key: PRODUCT, valid values are: AmazonLinux2023');
    err = await sdkError(() =>
      create({
        GlobalFilters: { PatchFilters: [{ Key: 'MSRC_SEVERITY', Values: ['Critical'] }] },
      }),
    );
    expect(err.message).toBe(
      'Invalid Filter Key: MSRC_SEVERITY, valid keys are: PRODUCT, CLASSIFICATION, SEVERITY',
    );
    err = await sdkError(() =>
      create({
        ApprovalRules: {
          PatchRules: [
            {
              PatchFilterGroup: { PatchFilters: [{ Key: 'PRODUCT', Values: ['*'] }] },
              ApproveAfterDays: 7,
              ApproveUntilDate: '2026-01-01',
            },
          ],
        },
      }),
    );
    expect(err.message).toBe('Only one of ApproveAfterDays or ApproveUntilDate can be specified.');
    err = await sdkError(() => create({ ApprovedPatches: ['kernel-*-*.x86_64'] }));
    expect(err.message).toBe(
      'Invalid ApprovedPatches for operating system AMAZON_LINUX_2023: kernel-*-*.x86_64',
    );
    err = await sdkError(() =>
      create({
        ApprovalRules: {
          PatchRules: [
            {
              PatchFilterGroup: { PatchFilters: [{ Key: 'PRODUCT', Values: ['*'] }] },
              ApproveAfterDays: 361,
            },
          ],
        },
      }),
    );
    expect(err.message).toBe(
      "1 validation error detected: Value '361' at 'approvalRules.patchRules.1.member.approveAfterDays' failed to satisfy constraint: Member must have value less than or equal to 360",
    );
    err = await sdkError(() =>
      create({ ApprovedPatches: Array.from({ length: 51 }, (_, i) => `pkg${i}-1.0-1.x86_64`) }),
    );
    expect(err.message).toMatch(
      /^1 validation error detected: Value '\[.*\]' at 'approvedPatches' failed to satisfy constraint: Member must have length less than or equal to 50$/,
    );
    const list = await ssm.send(
      new DescribePatchBaselinesCommand({ Filters: [{ Key: 'OWNER', Values: ['Self'] }] }),
    );
    expect(list.BaselineIdentities).toEqual([]);
  });

  it('ResourceLimitExceededException at 50 baselines in a Region', async () => {
    for (let i = 0; i < 50; i++) await create({ Name: `baseline-${i}` });
    const err = await sdkError(() => create({ Name: 'baseline-50' }));
    expect(err.name).toBe('ResourceLimitExceededException');
    expect(err.message).toBe('You have reached the maximum number of patch baselines (50) for this Region.');
  });

  it("Get: AWS's baselines by ARN only; unknown ids DoesNotExistException, malformed InvalidResourceId", async () => {
    const aws = await ssm.send(new GetPatchBaselineCommand({ BaselineId: AWS_AL2023 }));
    expect(aws).toMatchObject({
      BaselineId: AWS_AL2023,
      Name: 'AWS-AmazonLinux2023DefaultPatchBaseline',
      Description: 'Default Patch Baseline for Amazon Linux 2023 Provided by AWS.',
    });
    let err = await sdkError(() =>
      ssm.send(new GetPatchBaselineCommand({ BaselineId: 'pb-05c9c9bf778d4c4d0' })),
    );
    expect(err.name).toBe('DoesNotExistException');
    expect(err.message).toBe('Patch Baseline to be retrieved does not exist.');
    err = await sdkError(() =>
      ssm.send(new GetPatchBaselineCommand({ BaselineId: 'not-a-baseline-id-at-all' })),
    );
    expect(err.name).toBe('InvalidResourceId');
  });
});

describe('UpdatePatchBaseline', () => {
  it('changes only the members given; Replace resets the others; returns the baseline', async () => {
    const { BaselineId } = await create({ Description: 'first', ApprovedPatches: ['openssl*'] });
    await server.control('POST', '/_emulator/clock', { advance: 60 });
    const u = await ssm.send(new UpdatePatchBaselineCommand({ BaselineId, RejectedPatches: ['kernel-*'] }));
    expect(u).toMatchObject({
      Description: 'first',
      ApprovedPatches: ['openssl*'],
      RejectedPatches: ['kernel-*'],
    });
    expect(u.ModifiedDate!.getTime() - u.CreatedDate!.getTime()).toBe(60_000);
    const r = await ssm.send(new UpdatePatchBaselineCommand({ BaselineId, Name: 'renamed', Replace: true }));
    expect(r).toMatchObject({
      Name: 'renamed',
      ApprovedPatches: [],
      RejectedPatches: [],
      ApprovalRules: { PatchRules: [] },
    });
    expect(r.Description).toBeUndefined();
    expect(r.OperatingSystem).toBe('AMAZON_LINUX_2023');
  });

  it('validation: Replace needs Name; bad content changes nothing; AWS baselines and unknown ids DoesNotExist', async () => {
    const { BaselineId } = await create();
    let err = await sdkError(() => ssm.send(new UpdatePatchBaselineCommand({ BaselineId, Replace: true })));
    expect(err.message).toBe(
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    );
    err = await sdkError(() =>
      ssm.send(new UpdatePatchBaselineCommand({ BaselineId, ApprovedPatches: ['kernel-*-*.x86_64'] })),
    );
    expect(err.message).toBe(
      'Invalid ApprovedPatches for operating system AMAZON_LINUX_2023: kernel-*-*.x86_64',
    );
    expect((await ssm.send(new GetPatchBaselineCommand({ BaselineId }))).ApprovedPatches).toEqual([]);
    err = await sdkError(() =>
      ssm.send(new UpdatePatchBaselineCommand({ BaselineId: AWS_AL2023, Name: 'mine' })),
    );
    expect(err.name).toBe('DoesNotExistException');
    err = await sdkError(() =>
      ssm.send(new UpdatePatchBaselineCommand({ BaselineId: 'pb-0123456789abcdef0', Name: 'xyz' })),
    );
    expect([err.name, err.message]).toEqual([
      'DoesNotExistException',
      'Patch Baseline to be retrieved does not exist.',
    ]);
  });
});

describe('DeletePatchBaseline', () => {
  it('deletes a baseline and its tags; deleting it again succeeds', async () => {
    const { BaselineId } = await create({ Tags: [{ Key: 'a', Value: 'b' }] });
    expect(await ssm.send(new DeletePatchBaselineCommand({ BaselineId }))).toMatchObject({ BaselineId });
    expect(
      (await sdkError(() => ssm.send(new GetPatchBaselineCommand({ BaselineId: BaselineId! })))).name,
    ).toBe('DoesNotExistException');
    expect(
      server.emulator.services.store.tags.count('000000000000', 'us-east-1', 'PatchBaseline', BaselineId!),
    ).toBe(0);
    expect(await ssm.send(new DeletePatchBaselineCommand({ BaselineId }))).toMatchObject({ BaselineId });
  });

  it('ResourceInUseException for a baseline registered to a patch group or registered as the default', async () => {
    const { BaselineId } = await create();
    await ssm.send(new RegisterPatchBaselineForPatchGroupCommand({ BaselineId, PatchGroup: 'web' }));
    let err = await sdkError(() => ssm.send(new DeletePatchBaselineCommand({ BaselineId })));
    expect([err.name, err.message]).toEqual([
      'ResourceInUseException',
      'PatchBaseline to be deleted is used for Patch Group: web',
    ]);
    const other = await create({ Name: 'default-one' });
    await ssm.send(new RegisterDefaultPatchBaselineCommand({ BaselineId: other.BaselineId }));
    err = await sdkError(() => ssm.send(new DeletePatchBaselineCommand({ BaselineId: other.BaselineId })));
    expect([err.name, err.message]).toEqual([
      'ResourceInUseException',
      'PatchBaseline to be deleted is the default baseline for OperatingSystem: AMAZON_LINUX_2023',
    ]);
  });
});

describe('DescribePatchBaselines', () => {
  it("lists AWS's predefined baselines first (one default per OS), then the account's by name", async () => {
    await create({ Name: 'zz-last' });
    await create({ Name: 'aa-first' });
    const all = await ssm.send(new DescribePatchBaselinesCommand({}));
    const names = all.BaselineIdentities!.map((b) => b.BaselineName);
    expect(names.slice(0, 3)).toEqual([
      'AWS-DefaultPatchBaseline',
      'AWS-WindowsPredefinedPatchBaseline-OS',
      'AWS-WindowsPredefinedPatchBaseline-OS-Applications',
    ]);
    expect(names.slice(-2)).toEqual(['aa-first', 'zz-last']);
    expect(all.BaselineIdentities!.filter((b) => b.DefaultBaseline)).toHaveLength(15);
    expect(all.BaselineIdentities![0]).toEqual({
      BaselineId: 'arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-09ca3fb51f0412ec3',
      BaselineName: 'AWS-DefaultPatchBaseline',
      OperatingSystem: 'WINDOWS',
      BaselineDescription: 'Default Patch Baseline Provided by AWS.',
      DefaultBaseline: true,
    });
  });

  it('filters by NAME_PREFIX, OWNER and OPERATING_SYSTEM', async () => {
    await create({ Name: 'My-AL' });
    await create({ Name: 'My-Win', OperatingSystem: 'WINDOWS', ApprovalRules: undefined });
    const f = async (Filters: { Key: string; Values: string[] }[]) =>
      (await ssm.send(new DescribePatchBaselinesCommand({ Filters }))).BaselineIdentities!.map(
        (b) => b.BaselineName,
      );
    expect(await f([{ Key: 'OWNER', Values: ['Self'] }])).toEqual(['My-AL', 'My-Win']);
    expect(await f([{ Key: 'NAME_PREFIX', Values: ['My-W'] }])).toEqual(['My-Win']);
    expect(
      await f([
        { Key: 'OWNER', Values: ['AWS'] },
        { Key: 'OPERATING_SYSTEM', Values: ['AMAZON_LINUX_2023'] },
      ]),
    ).toEqual(['AWS-AmazonLinux2023DefaultPatchBaseline']);
    expect(await f([{ Key: 'OPERATING_SYSTEM', Values: ['AMAZON_LINUX_2023'] }])).toEqual([
      'AWS-AmazonLinux2023DefaultPatchBaseline',
      'My-AL',
    ]);
  });

  it('pages through AWS and own baselines with opaque tokens; the last page has none', async () => {
    for (const n of ['bl-1', 'bl-2', 'bl-3']) await create({ Name: n });
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const p = await ssm.send(new DescribePatchBaselinesCommand({ MaxResults: 4, NextToken }));
      seen.push(...p.BaselineIdentities!.map((b) => b.BaselineName!));
      NextToken = p.NextToken;
      pages++;
    } while (NextToken);
    expect(seen).toHaveLength(20);
    expect(new Set(seen).size).toBe(20);
    expect(pages).toBe(5);
    const err = await sdkError(() => ssm.send(new DescribePatchBaselinesCommand({ NextToken: 'garbage' })));
    expect(err.name).toBe('InvalidNextToken');
  });
});
