// DescribeInstanceProperties, GetConnectionStatus, ListNodes and ListNodesSummary over the demo fleet.
import {
  DescribeInstancePropertiesCommand,
  GetConnectionStatusCommand,
  ListNodesCommand,
  ListNodesSummaryCommand,
} from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { sdkError, useServer } from '../helpers/server.js';

const server = useServer();
const ssm = () => server.client();

describe('DescribeInstanceProperties', () => {
  it('serialization: EC2 properties from node facts', async () => {
    const res = await server.raw(
      'AmazonSSM.DescribeInstanceProperties',
      JSON.stringify({
        InstancePropertyFilterList: [{ key: 'InstanceIds', valueSet: ['i-0123456789abcdef0'] }],
      }),
    );
    expect(res.status).toBe(200);
    expect(res.json.InstanceProperties[0]).toMatchObject({
      Name: 'web-prod-1',
      InstanceId: 'i-0123456789abcdef0',
      InstanceType: 't3.medium',
      InstanceRole: 'SSMInstanceProfile',
      InstanceState: 'running',
      Architecture: 'x86_64',
      PingStatus: 'Online',
      PlatformType: 'Linux',
      ResourceType: 'EC2Instance',
      AvailabilityZone: 'us-east-1a',
    });
    expect(typeof res.json.InstanceProperties[0].LaunchTime).toBe('number');
  });

  it('validation: MaxResults 5-1000; a bad value is InvalidInstancePropertyFilterValue', async () => {
    const err = await sdkError(() => ssm().send(new DescribeInstancePropertiesCommand({ MaxResults: 1001 })));
    expect(err.name).toBe('ValidationException');
    const res = await server.raw(
      'AmazonSSM.DescribeInstanceProperties',
      JSON.stringify({ FiltersWithOperator: [{ Key: 'PlatformTypes', Values: ['Plan9'] }] }),
    );
    expect(res.json).toEqual({
      __type: 'InvalidInstancePropertyFilterValue',
      message: 'PlatformTypes filter is invalid, valid values are Windows, Linux, MacOS',
    });
  });

  it('functionality: operators Equal, NotEqual, BeginWith', async () => {
    const ids = async (Operator: 'Equal' | 'NotEqual' | 'BeginWith', Key: string, Values: string[]) =>
      (
        await ssm().send(
          new DescribeInstancePropertiesCommand({ FiltersWithOperator: [{ Key, Values, Operator }] }),
        )
      ).InstanceProperties!.map((p) => p.InstanceId);
    expect(await ids('Equal', 'PlatformTypes', ['Windows'])).toEqual(['i-0abcdef1234567890']);
    expect(await ids('NotEqual', 'PlatformTypes', ['Windows'])).toHaveLength(4);
    expect(await ids('BeginWith', 'AgentVersion', ['3.3.'])).toHaveLength(5);
    expect(await ids('BeginWith', 'InstanceIds', ['i-0a'])).toEqual([
      'i-0a1b2c3d4e5f60718',
      'i-0abcdef1234567890',
    ]);
  });
});

describe('GetConnectionStatus', () => {
  it('connected for an online node, notconnected for an offline or unknown one', async () => {
    const status = async (Target: string) =>
      (await ssm().send(new GetConnectionStatusCommand({ Target }))).Status;
    expect(await status('i-0123456789abcdef0')).toBe('connected');
    expect(await status('i-00000000000000000')).toBe('notconnected');
    await fetch(`${server.endpoint}/_emulator/nodes/i-0123456789abcdef1`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ faults: { offline: true } }),
    });
    expect(await status('i-0123456789abcdef1')).toBe('notconnected');
    const res = await server.raw(
      'AmazonSSM.GetConnectionStatus',
      JSON.stringify({ Target: 'i-0123456789abcdef0' }),
    );
    expect(res.json).toEqual({ Target: 'i-0123456789abcdef0', Status: 'connected' });
    const err = await sdkError(() => ssm().send(new GetConnectionStatusCommand({ Target: '' })));
    expect(err.name).toBe('ValidationException');
  });
});

describe('ListNodes', () => {
  it('serialization: Node with Owner, Region and the instance info', async () => {
    const out = await ssm().send(
      new ListNodesCommand({ Filters: [{ Key: 'InstanceId', Values: ['i-0abcdef1234567890'] }] }),
    );
    expect(out.Nodes).toHaveLength(1);
    expect(out.Nodes![0]).toMatchObject({
      Id: 'i-0abcdef1234567890',
      Owner: { AccountId: '000000000000' },
      Region: 'us-east-1',
      NodeType: {
        Instance: {
          AgentType: 'amazon-ssm-agent',
          ComputerName: 'WIN-APP-1',
          ManagedStatus: 'Managed',
          PlatformType: 'Windows',
          PlatformName: 'Microsoft Windows Server 2022 Datacenter',
          ResourceType: 'EC2Instance',
        },
      },
    });
    expect(out.Nodes![0].CaptureTime).toBeInstanceOf(Date);
  });

  it('validation: filter types, unknown sync name, MaxResults', async () => {
    let err = await sdkError(() => ssm().send(new ListNodesCommand({ SyncName: 'missing-sync' })));
    expect([err.name, err.message]).toEqual([
      'ResourceDataSyncNotFoundException',
      "Resource data sync missing-sync doesn't exist.",
    ]);
    err = await sdkError(() => ssm().send(new ListNodesCommand({ MaxResults: 51 })));
    expect(err.name).toBe('ValidationException');
  });

  it('functionality: Equal / NotEqual / BeginWith and paging', async () => {
    const ids = async (Key: any, Values: string[], Type?: any) =>
      (await ssm().send(new ListNodesCommand({ Filters: [{ Key, Values, Type }] }))).Nodes!.map((n) => n.Id);
    expect(await ids('PlatformName', ['Ubuntu'])).toEqual(['i-0fedcba9876543210']);
    expect(await ids('PlatformType', ['Linux'], 'NotEqual')).toEqual(['i-0abcdef1234567890']);
    expect(await ids('ComputerName', ['dev-'], 'BeginWith')).toEqual([
      'i-0123456789abcdef1',
      'i-0fedcba9876543210',
    ]);
    expect(await ids('AccountId', ['000000000000'])).toHaveLength(5);
    expect(await ids('Region', ['eu-west-1'])).toEqual([]);
    const p1 = await ssm().send(new ListNodesCommand({ MaxResults: 3 }));
    const p2 = await ssm().send(new ListNodesCommand({ MaxResults: 3, NextToken: p1.NextToken }));
    expect(p1.Nodes).toHaveLength(3);
    expect(p2.Nodes).toHaveLength(2);
    expect(p2.NextToken).toBeUndefined();
  });
});

describe('ListNodesSummary', () => {
  it('counts by attribute, nested up to two levels', async () => {
    const out = await ssm().send(
      new ListNodesSummaryCommand({
        Aggregators: [{ AggregatorType: 'Count', TypeName: 'Instance', AttributeName: 'PlatformType' }],
      }),
    );
    expect(out.Summary).toEqual([
      { PlatformType: 'Linux', Count: '4' },
      { PlatformType: 'Windows', Count: '1' },
    ]);
    const nested = await ssm().send(
      new ListNodesSummaryCommand({
        Aggregators: [
          {
            AggregatorType: 'Count',
            TypeName: 'Instance',
            AttributeName: 'PlatformType',
            Aggregators: [{ AggregatorType: 'Count', TypeName: 'Instance', AttributeName: 'PlatformName' }],
          },
        ],
        Filters: [{ Key: 'PlatformType', Values: ['Linux'] }],
      }),
    );
    expect(nested.Summary).toEqual([
      { PlatformType: 'Linux', PlatformName: 'Amazon Linux', Count: '2' },
      { PlatformType: 'Linux', PlatformName: 'Red Hat Enterprise Linux', Count: '1' },
      { PlatformType: 'Linux', PlatformName: 'Ubuntu', Count: '1' },
    ]);
  });

  it('validation: one aggregator per level; Aggregators required', async () => {
    const agg = {
      AggregatorType: 'Count' as const,
      TypeName: 'Instance' as const,
      AttributeName: 'PlatformType' as const,
    };
    const err = await sdkError(() =>
      ssm().send(
        new ListNodesSummaryCommand({ Aggregators: [agg, { ...agg, AttributeName: 'AgentVersion' }] }),
      ),
    );
    expect([err.name, err.message]).toEqual([
      'InvalidAggregatorException',
      'Only one aggregator may be specified at each level.',
    ]);
    const res = await server.raw('AmazonSSM.ListNodesSummary', '{}');
    expect(res.json.__type).toBe('ValidationException');
  });
});
