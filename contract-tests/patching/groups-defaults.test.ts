// Default baselines per operating system, patch group registrations, and tags on baselines.
import {
  AddTagsToResourceCommand,
  CreatePatchBaselineCommand,
  DeregisterPatchBaselineForPatchGroupCommand,
  DescribePatchBaselinesCommand,
  DescribePatchGroupsCommand,
  GetDefaultPatchBaselineCommand,
  GetPatchBaselineCommand,
  GetPatchBaselineForPatchGroupCommand,
  ListTagsForResourceCommand,
  RegisterDefaultPatchBaselineCommand,
  RegisterPatchBaselineForPatchGroupCommand,
  RemoveTagsFromResourceCommand,
  SSMClient,
  type OperatingSystem,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sdkError, startServer, type TestServer } from '../helpers/server.js';

const WINDOWS_DEFAULT = 'arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-09ca3fb51f0412ec3';
const AL2023_DEFAULT = 'arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-05c9c9bf778d4c4d0';

let server: TestServer;
let ssm: SSMClient;

beforeAll(async () => {
  server = await startServer();
  ssm = server.client();
});
afterAll(() => server.close());
beforeEach(async () => {
  await server.control('POST', '/_emulator/reset', {});
});

async function create(Name: string, OperatingSystem: OperatingSystem = 'AMAZON_LINUX_2023'): Promise<string> {
  return (await ssm.send(new CreatePatchBaselineCommand({ Name, OperatingSystem }))).BaselineId!;
}

describe('GetDefaultPatchBaseline / RegisterDefaultPatchBaseline', () => {
  it("answers AWS's default, Windows when no OS is given", async () => {
    expect(await ssm.send(new GetDefaultPatchBaselineCommand({}))).toMatchObject({
      BaselineId: WINDOWS_DEFAULT,
      OperatingSystem: 'WINDOWS',
    });
    const al = await server.raw(
      'AmazonSSM.GetDefaultPatchBaseline',
      JSON.stringify({ OperatingSystem: 'AMAZON_LINUX_2023' }),
    );
    expect(al.json).toEqual({ BaselineId: AL2023_DEFAULT, OperatingSystem: 'AMAZON_LINUX_2023' });
  });

  it("registers the account's baseline as its OS's default, and AWS's back by full ARN; per account/region", async () => {
    const id = await create('my-default');
    expect(await ssm.send(new RegisterDefaultPatchBaselineCommand({ BaselineId: id }))).toMatchObject({
      BaselineId: id,
    });
    expect(
      (await ssm.send(new GetDefaultPatchBaselineCommand({ OperatingSystem: 'AMAZON_LINUX_2023' })))
        .BaselineId,
    ).toBe(id);
    expect((await ssm.send(new GetDefaultPatchBaselineCommand({}))).BaselineId).toBe(WINDOWS_DEFAULT);
    const listed = await ssm.send(
      new DescribePatchBaselinesCommand({
        Filters: [{ Key: 'OPERATING_SYSTEM', Values: ['AMAZON_LINUX_2023'] }],
      }),
    );
    expect(listed.BaselineIdentities!.map((b) => [b.BaselineName, b.DefaultBaseline])).toEqual([
      ['AWS-AmazonLinux2023DefaultPatchBaseline', false],
      ['my-default', true],
    ]);
    // Another region and another account keep AWS's.
    const other = server.client({ region: 'eu-west-1' });
    expect(
      (await other.send(new GetDefaultPatchBaselineCommand({ OperatingSystem: 'AMAZON_LINUX_2023' })))
        .BaselineId,
    ).toBe('arn:aws:ssm:eu-west-1:075727635805:patchbaseline/pb-05c9c9bf778d4c4d0');
    await ssm.send(new RegisterDefaultPatchBaselineCommand({ BaselineId: AL2023_DEFAULT }));
    expect(
      (await ssm.send(new GetDefaultPatchBaselineCommand({ OperatingSystem: 'AMAZON_LINUX_2023' })))
        .BaselineId,
    ).toBe(AL2023_DEFAULT);
  });

  it('can make another of AWS’s Windows baselines the default', async () => {
    const apps = (
      await ssm.send(
        new DescribePatchBaselinesCommand({
          Filters: [{ Key: 'NAME_PREFIX', Values: ['AWS-WindowsPredefinedPatchBaseline-OS-Applications'] }],
        }),
      )
    ).BaselineIdentities![0].BaselineId!;
    await ssm.send(new RegisterDefaultPatchBaselineCommand({ BaselineId: apps }));
    expect((await ssm.send(new GetDefaultPatchBaselineCommand({}))).BaselineId).toBe(apps);
  });

  it('errors: unknown id DoesNotExistException; an AWS id without its ARN too; malformed InvalidResourceId', async () => {
    let err = await sdkError(() =>
      ssm.send(new RegisterDefaultPatchBaselineCommand({ BaselineId: 'pb-0000000000000000a' })),
    );
    expect([err.name, err.message]).toEqual([
      'DoesNotExistException',
      'Patch Baseline to be retrieved does not exist.',
    ]);
    err = await sdkError(() =>
      ssm.send(new RegisterDefaultPatchBaselineCommand({ BaselineId: 'pb-05c9c9bf778d4c4d0' })),
    );
    expect(err.name).toBe('DoesNotExistException');
    err = await sdkError(() =>
      ssm.send(new RegisterDefaultPatchBaselineCommand({ BaselineId: 'some-other-kind-of-id' })),
    );
    expect(err.name).toBe('InvalidResourceId');
  });
});

describe('patch groups', () => {
  it('registers one baseline per patch group and OS; Get answers it, or the default when none is registered', async () => {
    const al = await create('al-baseline');
    const win = await create('win-baseline', 'WINDOWS');
    expect(
      await ssm.send(
        new RegisterPatchBaselineForPatchGroupCommand({ BaselineId: al, PatchGroup: 'Web Servers' }),
      ),
    ).toMatchObject({
      BaselineId: al,
      PatchGroup: 'Web Servers',
    });
    await ssm.send(
      new RegisterPatchBaselineForPatchGroupCommand({ BaselineId: win, PatchGroup: 'Web Servers' }),
    );
    const get = (OperatingSystem?: OperatingSystem) =>
      ssm.send(new GetPatchBaselineForPatchGroupCommand({ PatchGroup: 'Web Servers', OperatingSystem }));
    expect(await get('AMAZON_LINUX_2023')).toMatchObject({
      BaselineId: al,
      OperatingSystem: 'AMAZON_LINUX_2023',
    });
    expect(await get()).toMatchObject({ BaselineId: win, OperatingSystem: 'WINDOWS' });
    expect(await get('UBUNTU')).toMatchObject({
      BaselineId: 'arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-0c7e89f711c3095f4',
      PatchGroup: 'Web Servers',
    });
    expect((await ssm.send(new GetPatchBaselineCommand({ BaselineId: al }))).PatchGroups).toEqual([
      'Web Servers',
    ]);
  });

  it("registers AWS's baselines by ARN", async () => {
    await ssm.send(
      new RegisterPatchBaselineForPatchGroupCommand({ BaselineId: AL2023_DEFAULT, PatchGroup: 'Backend' }),
    );
    const groups = await ssm.send(new DescribePatchGroupsCommand({}));
    expect(groups.Mappings).toEqual([
      {
        PatchGroup: 'Backend',
        BaselineIdentity: {
          BaselineId: AL2023_DEFAULT,
          BaselineName: 'AWS-AmazonLinux2023DefaultPatchBaseline',
          OperatingSystem: 'AMAZON_LINUX_2023',
          BaselineDescription: 'Default Patch Baseline for Amazon Linux 2023 Provided by AWS.',
          DefaultBaseline: true,
        },
      },
    ]);
    expect((await ssm.send(new GetPatchBaselineCommand({ BaselineId: AL2023_DEFAULT }))).PatchGroups).toEqual(
      ['Backend'],
    );
  });

  it('errors: AlreadyExistsException for a second baseline of the same OS; DoesNotExist; InvalidResourceId', async () => {
    const a = await create('first');
    const b = await create('second');
    await ssm.send(new RegisterPatchBaselineForPatchGroupCommand({ BaselineId: a, PatchGroup: 'prod' }));
    let err = await sdkError(() =>
      ssm.send(new RegisterPatchBaselineForPatchGroupCommand({ BaselineId: b, PatchGroup: 'prod' })),
    );
    expect([err.name, err.message]).toEqual([
      'AlreadyExistsException',
      'Patch Group baseline already has a baseline registered for OperatingSystem AMAZON_LINUX_2023.',
    ]);
    err = await sdkError(() =>
      ssm.send(
        new RegisterPatchBaselineForPatchGroupCommand({
          BaselineId: 'pb-0000000000000000a',
          PatchGroup: 'prod',
        }),
      ),
    );
    expect([err.name, err.message]).toEqual([
      'DoesNotExistException',
      'Patch Baseline to be retrieved does not exist.',
    ]);
    err = await sdkError(() =>
      ssm.send(
        new RegisterPatchBaselineForPatchGroupCommand({
          BaselineId: 'xxxxxxxxxxxxxxxxxxxxxx',
          PatchGroup: 'prod',
        }),
      ),
    );
    expect(err.name).toBe('InvalidResourceId');
    err = await sdkError(() =>
      ssm.send(new RegisterPatchBaselineForPatchGroupCommand({ BaselineId: a, PatchGroup: 'bad#group' })),
    );
    expect(err.message).toBe(
      "1 validation error detected: Value 'bad#group' at 'patchGroup' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$",
    );
  });

  it('ResourceLimitExceededException past 25 patch groups on one baseline', async () => {
    const a = await create('busy');
    for (let i = 0; i < 25; i++)
      await ssm.send(new RegisterPatchBaselineForPatchGroupCommand({ BaselineId: a, PatchGroup: `g${i}` }));
    const err = await sdkError(() =>
      ssm.send(new RegisterPatchBaselineForPatchGroupCommand({ BaselineId: a, PatchGroup: 'g25' })),
    );
    expect([err.name, err.message]).toEqual([
      'ResourceLimitExceededException',
      `You have reached the maximum number of patch groups (25) for patch baseline ${a}.`,
    ]);
  });

  it('deregisters a registration; a registration that is not there is InvalidResourceId', async () => {
    const a = await create('first');
    await ssm.send(new RegisterPatchBaselineForPatchGroupCommand({ BaselineId: a, PatchGroup: 'prod' }));
    expect(
      await ssm.send(new DeregisterPatchBaselineForPatchGroupCommand({ BaselineId: a, PatchGroup: 'prod' })),
    ).toMatchObject({
      BaselineId: a,
      PatchGroup: 'prod',
    });
    expect((await ssm.send(new DescribePatchGroupsCommand({}))).Mappings).toEqual([]);
    const err = await sdkError(() =>
      ssm.send(new DeregisterPatchBaselineForPatchGroupCommand({ BaselineId: a, PatchGroup: 'prod' })),
    );
    expect(err.name).toBe('InvalidResourceId');
  });

  it('DescribePatchGroups filters by NAME_PREFIX and OPERATING_SYSTEM and pages', async () => {
    const al = await create('al-base');
    const win = await create('win-base', 'WINDOWS');
    for (const g of ['prod-web', 'prod-db', 'dev'])
      await ssm.send(new RegisterPatchBaselineForPatchGroupCommand({ BaselineId: al, PatchGroup: g }));
    await ssm.send(
      new RegisterPatchBaselineForPatchGroupCommand({ BaselineId: win, PatchGroup: 'prod-web' }),
    );
    const list = async (
      Filters?: { Key: string; Values: string[] }[],
      MaxResults?: number,
      NextToken?: string,
    ) => ssm.send(new DescribePatchGroupsCommand({ Filters, MaxResults, NextToken }));
    const names = (r: Awaited<ReturnType<typeof list>>) =>
      r.Mappings!.map((m) => `${m.PatchGroup}/${m.BaselineIdentity!.OperatingSystem}`);
    expect(names(await list())).toEqual([
      'dev/AMAZON_LINUX_2023',
      'prod-db/AMAZON_LINUX_2023',
      'prod-web/AMAZON_LINUX_2023',
      'prod-web/WINDOWS',
    ]);
    expect(
      names(
        await list([
          { Key: 'NAME_PREFIX', Values: ['prod-'] },
          { Key: 'OPERATING_SYSTEM', Values: ['WINDOWS'] },
        ]),
      ),
    ).toEqual(['prod-web/WINDOWS']);
    const first = await list(undefined, 3);
    expect(first.Mappings).toHaveLength(3);
    const second = await list(undefined, 3, first.NextToken);
    expect(names(second)).toEqual(['prod-web/WINDOWS']);
    expect(second.NextToken).toBeUndefined();
  });
});

describe('tags on patch baselines (ResourceType PatchBaseline)', () => {
  it('adds, lists and removes tags; AWS baselines and unknown ids are InvalidResourceId', async () => {
    const id = await create('tagged');
    await ssm.send(
      new AddTagsToResourceCommand({
        ResourceType: 'PatchBaseline',
        ResourceId: id,
        Tags: [{ Key: 'Team', Value: 'ops' }],
      }),
    );
    expect(
      (await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'PatchBaseline', ResourceId: id })))
        .TagList,
    ).toEqual([{ Key: 'Team', Value: 'ops' }]);
    await ssm.send(
      new RemoveTagsFromResourceCommand({ ResourceType: 'PatchBaseline', ResourceId: id, TagKeys: ['Team'] }),
    );
    expect(
      (await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'PatchBaseline', ResourceId: id })))
        .TagList,
    ).toEqual([]);
    for (const ResourceId of [AL2023_DEFAULT, 'pb-0000000000000000a']) {
      const err = await sdkError(() =>
        ssm.send(new ListTagsForResourceCommand({ ResourceType: 'PatchBaseline', ResourceId })),
      );
      expect(err.name).toBe('InvalidResourceId');
    }
  });
});

describe('/_emulator/reset', () => {
  it("clears the area's rows for the scope: baselines, registrations, defaults", async () => {
    const id = await create('to-reset');
    await ssm.send(new RegisterPatchBaselineForPatchGroupCommand({ BaselineId: id, PatchGroup: 'prod' }));
    await ssm.send(new RegisterDefaultPatchBaselineCommand({ BaselineId: id }));
    const other = server.client({ region: 'eu-west-1' });
    const kept = (await other.send(new CreatePatchBaselineCommand({ Name: 'kept' }))).BaselineId!;
    await server.control('POST', '/_emulator/reset', { region: 'us-east-1' });
    expect((await ssm.send(new DescribePatchGroupsCommand({}))).Mappings).toEqual([]);
    expect(
      (await ssm.send(new GetDefaultPatchBaselineCommand({ OperatingSystem: 'AMAZON_LINUX_2023' })))
        .BaselineId,
    ).toBe(AL2023_DEFAULT);
    expect((await sdkError(() => ssm.send(new GetPatchBaselineCommand({ BaselineId: id })))).name).toBe(
      'DoesNotExistException',
    );
    expect((await other.send(new GetPatchBaselineCommand({ BaselineId: kept }))).Name).toBe('kept');
  });
});
