// DescribeInstanceInformation against the demo fleet: AWS's fields, every filter key, bounds and pagination.
import {
  DescribeInstanceInformationCommand,
  paginateDescribeInstanceInformation,
  type DescribeInstanceInformationCommandInput,
} from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { sdkError, useServer } from '../helpers/server.js';

const server = useServer({ resetEach: true, clock: 'real' });

const DII = 'AmazonSSM.DescribeInstanceInformation';
const ids = async (input: DescribeInstanceInformationCommandInput) =>
  (
    (await server.client().send(new DescribeInstanceInformationCommand(input))).InstanceInformationList ?? []
  ).map((i) => i.InstanceId);
const filterError = (body: unknown) => server.raw(DII, JSON.stringify(body));
const patch = (id: string, body: unknown) =>
  fetch(`${server.endpoint}/_emulator/nodes/${id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('DescribeInstanceInformation serialization', () => {
  it('answers with AWS field names, epoch-second timestamps and no nulls', async () => {
    const res = await server.raw(
      DII,
      JSON.stringify({ Filters: [{ Key: 'InstanceIds', Values: ['i-0123456789abcdef0'] }] }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-amz-json-1\.1/);
    const [info] = res.json.InstanceInformationList;
    expect(Object.keys(info).sort()).toEqual(
      [
        'AgentVersion',
        'ComputerName',
        'IPAddress',
        'IamRole',
        'InstanceId',
        'IsLatestVersion',
        'LastPingDateTime',
        'PingStatus',
        'PlatformName',
        'PlatformType',
        'PlatformVersion',
        'ResourceType',
        'SourceId',
        'SourceType',
      ].sort(),
    );
    expect(info).toMatchObject({
      InstanceId: 'i-0123456789abcdef0',
      PingStatus: 'Online',
      PlatformType: 'Linux',
      PlatformName: 'Amazon Linux',
      PlatformVersion: '2023',
      ResourceType: 'EC2Instance',
      IPAddress: '10.0.1.10',
      ComputerName: 'web-prod-1',
      SourceType: 'AWS::EC2::Instance',
    });
    expect(typeof info.LastPingDateTime).toBe('number');
    expect(res.text).not.toContain('null');
    expect(res.json.NextToken).toBeUndefined();
  });

  it('the SDK reads it as Dates', async () => {
    const out = await server.client().send(new DescribeInstanceInformationCommand({}));
    expect(out.InstanceInformationList?.[0].LastPingDateTime).toBeInstanceOf(Date);
  });
});

describe('DescribeInstanceInformation validation', () => {
  it('MaxResults must be 5 to 50', async () => {
    for (const [n, text] of [
      [
        4,
        "1 validation error detected: Value '4' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 5",
      ],
      [
        51,
        "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
      ],
    ] as const) {
      const err = await sdkError(() =>
        server.client().send(new DescribeInstanceInformationCommand({ MaxResults: n })),
      );
      expect(err.name).toBe('ValidationException');
      expect(err.message).toBe(text);
    }
  });

  it('unknown filter keys are InvalidFilterKey (no message)', async () => {
    const res = await filterError({ Filters: [{ Key: 'Color', Values: ['red'] }] });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ __type: 'InvalidFilterKey' });
  });

  it('enumerated keys check their values; ResourceType takes one value', async () => {
    let res = await filterError({
      Filters: [{ Key: 'ResourceType', Values: ['ManagedInstance', 'EC2Instance'] }],
    });
    expect(res.json).toEqual({
      __type: 'InvalidInstanceInformationFilterValue',
      message: 'ResourceType filter may contain only one value.',
    });
    res = await filterError({ Filters: [{ Key: 'ResourceType', Values: ['Document'] }] });
    expect(res.json).toEqual({
      __type: 'InvalidInstanceInformationFilterValue',
      message: 'ResourceType filter is invalid, valid values are EC2Instance, ManagedInstance',
    });
    res = await filterError({ Filters: [{ Key: 'PlatformTypes', Values: ['Solaris'] }] });
    expect(res.json).toEqual({
      __type: 'InvalidInstanceInformationFilterValue',
      message: 'PlatformTypes filter is invalid, valid values are Windows, Linux, MacOS',
    });
  });

  it('malformed instance ids are InvalidInstanceId; the legacy list rejects unknown keys through the model', async () => {
    let res = await filterError({ Filters: [{ Key: 'InstanceIds', Values: ['web-1'] }] });
    expect(res.json).toEqual({ __type: 'InvalidInstanceId' });
    res = await filterError({ InstanceInformationFilterList: [{ key: 'Color', valueSet: ['red'] }] });
    expect(res.json.__type).toBe('ValidationException');
    expect(res.json.Message).toBe(
      "1 validation error detected: Value 'Color' at 'instanceInformationFilterList.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: [AssociationStatus, ResourceType, IamRole, ActivationIds, PlatformTypes, PingStatus, AgentVersion, InstanceIds]",
    );
  });

  it('both filter lists at once are refused; a foreign NextToken is InvalidNextToken', async () => {
    let res = await filterError({
      InstanceInformationFilterList: [{ key: 'PlatformTypes', valueSet: ['Linux'] }],
      Filters: [{ Key: 'PlatformTypes', Values: ['Linux'] }],
    });
    expect(res.json).toEqual({
      __type: 'ValidationException',
      Message: 'InstanceInformationFilterList and Filters cannot be used together.',
    });
    res = await filterError({ NextToken: 'not-a-token' });
    expect(res.json).toEqual({ __type: 'InvalidNextToken', Message: "The specified token isn't valid." });
  });
});

describe('DescribeInstanceInformation functionality', () => {
  it('lists the demo fleet', async () => {
    expect(await ids({})).toEqual([
      'i-0123456789abcdef0',
      'i-0123456789abcdef1',
      'i-0a1b2c3d4e5f60718',
      'i-0abcdef1234567890',
      'i-0fedcba9876543210',
    ]);
  });

  it('filters by tag:KEY and tag-key', async () => {
    expect(await ids({ Filters: [{ Key: 'tag:Environment', Values: ['Production'] }] })).toEqual([
      'i-0123456789abcdef0',
      'i-0a1b2c3d4e5f60718',
    ]);
    expect(await ids({ Filters: [{ Key: 'tag:Role', Values: ['Database', 'AppServer'] }] })).toEqual([
      'i-0a1b2c3d4e5f60718',
      'i-0abcdef1234567890',
    ]);
    expect(await ids({ Filters: [{ Key: 'tag-key', Values: ['Nope', 'Environment'] }] })).toHaveLength(5);
    expect(await ids({ Filters: [{ Key: 'tag-key', Values: ['Nope'] }] })).toEqual([]);
  });

  it('filters by platform, resource type, agent version, role, instance ids (both list styles), and ANDs filters', async () => {
    expect(await ids({ Filters: [{ Key: 'PlatformTypes', Values: ['Windows'] }] })).toEqual([
      'i-0abcdef1234567890',
    ]);
    expect(
      await ids({ InstanceInformationFilterList: [{ key: 'PlatformTypes', valueSet: ['Windows'] }] }),
    ).toEqual(['i-0abcdef1234567890']);
    expect(await ids({ Filters: [{ Key: 'ResourceType', Values: ['ManagedInstance'] }] })).toEqual([]);
    expect(await ids({ Filters: [{ Key: 'AgentVersion', Values: ['3.3.1142.0'] }] })).toHaveLength(5);
    expect(await ids({ Filters: [{ Key: 'IamRole', Values: ['SSMInstanceProfile'] }] })).toHaveLength(5);
    expect(
      await ids({
        Filters: [{ Key: 'InstanceIds', Values: ['i-0fedcba9876543210', 'i-0000000000000000f'] }],
      }),
    ).toEqual(['i-0fedcba9876543210']);
    expect(
      await ids({
        Filters: [
          { Key: 'tag:Environment', Values: ['Development'] },
          { Key: 'PlatformTypes', Values: ['Linux'] },
        ],
      }),
    ).toEqual(['i-0123456789abcdef1', 'i-0fedcba9876543210']);
    expect(await ids({ Filters: [{ Key: 'AssociationStatus', Values: ['Success'] }] })).toEqual([]);
    expect(await ids({ Filters: [{ Key: 'SourceTypes', Values: ['AWS::EC2::Instance'] }] })).toHaveLength(5);
  });

  it('PingStatus follows the clock: an agent taken offline is ConnectionLost after 10 minutes', async () => {
    await server.control('POST', '/_emulator/clock', { freeze: true });
    expect((await patch('i-0fedcba9876543210', { online: false })).status).toBe(200);
    await server.control('POST', '/_emulator/clock', { advance: 600 });
    expect(await ids({ Filters: [{ Key: 'PingStatus', Values: ['ConnectionLost'] }] })).toEqual([]);
    await server.control('POST', '/_emulator/clock', { advance: 1 });
    expect(await ids({ Filters: [{ Key: 'PingStatus', Values: ['ConnectionLost'] }] })).toEqual([
      'i-0fedcba9876543210',
    ]);
    expect(await ids({ Filters: [{ Key: 'PingStatus', Values: ['Online'] }] })).toHaveLength(4);
    await patch('i-0fedcba9876543210', { online: true });
    expect(await ids({ Filters: [{ Key: 'PingStatus', Values: ['Online'] }] })).toHaveLength(5);
  });

  it('pages with MaxResults (default 10) and NextToken; the last page has no token', async () => {
    const r = await fetch(`${server.endpoint}/_emulator/nodes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ namePrefix: 'batch', count: 23, tags: { Batch: 'yes' } }),
    });
    expect(r.status).toBe(201);
    const first = await server
      .client()
      .send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'tag:Batch', Values: ['yes'] }] }));
    expect(first.InstanceInformationList).toHaveLength(10);
    expect(first.NextToken).toBeDefined();
    const seen: string[] = [];
    for await (const page of paginateDescribeInstanceInformation(
      { client: server.client(), pageSize: 7 },
      { Filters: [{ Key: 'tag:Batch', Values: ['yes'] }] },
    )) {
      expect(page.InstanceInformationList!.length).toBeLessThanOrEqual(7);
      seen.push(...page.InstanceInformationList!.map((i) => i.InstanceId!));
    }
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    expect([...seen].sort()).toEqual(seen);
  });

  it('state is per account and region', async () => {
    const other = await server
      .client({ accessKeyId: '111122223333' })
      .send(new DescribeInstanceInformationCommand({}));
    expect(other.InstanceInformationList).toEqual([]);
  });
});
