// CreateMaintenanceWindow, GetMaintenanceWindow, UpdateMaintenanceWindow, DeleteMaintenanceWindow and
// DescribeMaintenanceWindows through the SDK: serialization, validation (AWS's exact texts), functionality.
import {
  AddTagsToResourceCommand,
  CreateMaintenanceWindowCommand,
  DeleteMaintenanceWindowCommand,
  DescribeMaintenanceWindowsCommand,
  GetMaintenanceWindowCommand,
  ListTagsForResourceCommand,
  UpdateMaintenanceWindowCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sdkError, startServer, type TestServer } from '../helpers/server.js';
import { MAX_WINDOWS_PER_ACCOUNT } from '../../src/engine/maintenance-windows/limits.js';

let server: TestServer;
let ssm: SSMClient;
const NOW = '2026-03-01T12:00:00.000Z';

beforeAll(async () => {
  server = await startServer();
  ssm = server.client();
});
afterAll(() => server.close());
beforeEach(async () => {
  await server.control('POST', '/_emulator/reset', {});
  await server.control('POST', '/_emulator/clock', { set: NOW });
});

const create = (extra: Record<string, unknown> = {}) =>
  ssm.send(
    new CreateMaintenanceWindowCommand({
      Name: 'My-First-Maintenance-Window',
      Schedule: 'cron(0 16 ? * TUE *)',
      Duration: 4,
      Cutoff: 1,
      AllowUnassociatedTargets: true,
      ...extra,
    }),
  );

describe('CreateMaintenanceWindow / GetMaintenanceWindow', () => {
  describe('serialization', () => {
    it('answers an mw- id; Get returns every field, NextExecutionTime as AWS writes it', async () => {
      const { WindowId } = await create({ Description: 'Tuesday afternoons' });
      expect(WindowId).toMatch(/^mw-[0-9a-f]{17}$/);
      const w = await ssm.send(new GetMaintenanceWindowCommand({ WindowId }));
      expect(w).toMatchObject({
        WindowId,
        Name: 'My-First-Maintenance-Window',
        Description: 'Tuesday afternoons',
        Schedule: 'cron(0 16 ? * TUE *)',
        Duration: 4,
        Cutoff: 1,
        AllowUnassociatedTargets: true,
        Enabled: true,
        // 1 March 2026 is a Sunday: the next Tuesday 16:00 UTC, seconds omitted when zero (Java's ISO form).
        NextExecutionTime: '2026-03-03T16:00Z',
      });
      expect(w.CreatedDate!.toISOString()).toBe(NOW);
      expect(w.ModifiedDate!.toISOString()).toBe(NOW);
      expect(w.ScheduleTimezone).toBeUndefined();
    });

    it('writes NextExecutionTime in ScheduleTimezone with its offset', async () => {
      const { WindowId } = await create({
        Schedule: 'cron(0 3 ? * SUN#1 *)',
        ScheduleTimezone: 'America/New_York',
      });
      const w = await ssm.send(new GetMaintenanceWindowCommand({ WindowId }));
      expect(w.NextExecutionTime).toBe('2026-04-05T03:00-04:00'); // the next first Sunday, 03:00 EDT
    });

    it('a rate() window opens an interval after creation, to the millisecond', async () => {
      await server.control('POST', '/_emulator/clock', { set: '2026-03-01T12:00:00.137Z' });
      const { WindowId } = await create({ Schedule: 'rate(1 hour)' });
      const w = await ssm.send(new GetMaintenanceWindowCommand({ WindowId }));
      expect(w.NextExecutionTime).toBe('2026-03-01T13:00:00.137Z');
    });
  });

  describe('validation', () => {
    it('requires Name, Schedule, Duration, Cutoff and AllowUnassociatedTargets (model text)', async () => {
      const r = await server.raw(
        'AmazonSSM.CreateMaintenanceWindow',
        JSON.stringify({ Schedule: 'rate(1 hour)' }),
      );
      expect(r.status).toBe(400);
      expect(r.json.__type).toBe('ValidationException');
      expect(r.json.Message).toBe(
        "4 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; Value null at 'duration' failed to satisfy constraint: Member must not be null; Value null at 'cutoff' failed to satisfy constraint: Member must not be null; Value null at 'allowUnassociatedTargets' failed to satisfy constraint: Member must not be null",
      );
    });

    it('Duration 1-24 and Cutoff 0-23 (model ranges)', async () => {
      const e = await sdkError(() => create({ Duration: 25 }));
      expect(e.name).toBe('ValidationException');
      expect(e.message).toBe(
        "1 validation error detected: Value '25' at 'duration' failed to satisfy constraint: Member must have value less than or equal to 24",
      );
    });

    it('Cutoff must be less than Duration (AWS text, typo included)', async () => {
      const e = await sdkError(() => create({ Duration: 2, Cutoff: 2 }));
      expect(e.name).toBe('ValidationException');
      expect(e.message).toBe('Cuttoff was 2 but must be smaller than 2 (Duration - 1 )');
    });

    it('refuses a bad expression, a cron faster than 5 minutes, an unknown zone, an offset on rate()', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ Schedule: 'cron(0 3 * * * *)' }, 'Invalid schedule expression: cron(0 3 * * * *)'],
        [
          { Schedule: 'cron(* * ? * * *)' },
          "Invalid schedule expression: cron(* * ? * * *). Cron expressions that lead to rates faster than 5 minutes aren't supported.",
        ],
        [
          { ScheduleTimezone: 'Mars/Olympus' },
          'Invalid ScheduleTimezone: Mars/Olympus. Specify a time zone in IANA format, for example America/Los_Angeles.',
        ],
        [
          { Schedule: 'rate(1 day)', ScheduleOffset: 2 },
          'ScheduleOffset is supported for cron expressions only.',
        ],
      ];
      for (const [extra, message] of cases) {
        const e = await sdkError(() => create(extra));
        expect([e.name, e.message]).toEqual(['ValidationException', message]);
      }
      expect((await ssm.send(new DescribeMaintenanceWindowsCommand({}))).WindowIdentities).toEqual([]);
    });

    it('StartDate / EndDate must be ISO-8601, EndDate after StartDate', async () => {
      let e = await sdkError(() => create({ StartDate: 'next tuesday' }));
      expect([e.name, e.message]).toEqual([
        'ValidationException',
        'StartDate next tuesday is not a valid ISO-8601 date and time.',
      ]);
      e = await sdkError(() =>
        create({ StartDate: '2026-05-01T00:00:00Z', EndDate: '2026-04-01T00:00:00Z' }),
      );
      expect([e.name, e.message]).toEqual(['ValidationException', 'EndDate must be later than StartDate.']);
    });

    it(`ResourceLimitExceededException past ${MAX_WINDOWS_PER_ACCOUNT} windows`, async () => {
      for (let i = 0; i < MAX_WINDOWS_PER_ACCOUNT; i++) await create({ Name: `window-${i}` });
      const e = await sdkError(() => create());
      expect(e.name).toBe('ResourceLimitExceededException');
      expect(e.message).toBe(
        `Maintenance window limit exceeded: an account can have at most ${MAX_WINDOWS_PER_ACCOUNT} maintenance windows.`,
      );
      // Another account has its own quota.
      await server.client({ accessKeyId: '111122223333' }).send(
        new CreateMaintenanceWindowCommand({
          Name: 'other-account',
          Schedule: 'rate(1 day)',
          Duration: 1,
          Cutoff: 0,
          AllowUnassociatedTargets: false,
        }),
      );
    });

    it('Get of an unknown window: DoesNotExistException, AWS text', async () => {
      const e = await sdkError(() =>
        ssm.send(new GetMaintenanceWindowCommand({ WindowId: 'mw-00000000000000000' })),
      );
      expect(e.name).toBe('DoesNotExistException');
      expect(e.message).toBe('Maintenance window mw-00000000000000000 does not exist');
    });
  });

  describe('functionality', () => {
    it('ClientToken: the same request answers the same window; a different one is IdempotentParameterMismatch', async () => {
      const a = await create({ ClientToken: 'token-1' });
      const b = await create({ ClientToken: 'token-1' });
      expect(b.WindowId).toBe(a.WindowId);
      const e = await sdkError(() => create({ ClientToken: 'token-1', Duration: 5 }));
      expect(e.name).toBe('IdempotentParameterMismatch');
      expect(e.message).toBe(
        'Error occurred during operation CreateMaintenanceWindow. ClientToken is already used with different parameters.',
      );
    });

    it('Tags at creation, then AddTagsToResource with ResourceType MaintenanceWindow', async () => {
      const { WindowId } = await create({ Tags: [{ Key: 'Team', Value: 'ops' }] });
      await ssm.send(
        new AddTagsToResourceCommand({
          ResourceType: 'MaintenanceWindow',
          ResourceId: WindowId,
          Tags: [{ Key: 'Env', Value: 'prod' }],
        }),
      );
      const { TagList } = await ssm.send(
        new ListTagsForResourceCommand({ ResourceType: 'MaintenanceWindow', ResourceId: WindowId }),
      );
      expect(TagList).toEqual([
        { Key: 'Env', Value: 'prod' },
        { Key: 'Team', Value: 'ops' },
      ]);
      const e = await sdkError(() =>
        ssm.send(
          new ListTagsForResourceCommand({
            ResourceType: 'MaintenanceWindow',
            ResourceId: 'mw-00000000000000000',
          }),
        ),
      );
      expect(e.name).toBe('InvalidResourceId');
    });
  });
});

describe('UpdateMaintenanceWindow', () => {
  it('changes only the given fields and answers the window; disabling drops NextExecutionTime', async () => {
    const { WindowId } = await create({ Description: 'keep me' });
    const out = await ssm.send(new UpdateMaintenanceWindowCommand({ WindowId, Duration: 6, Enabled: false }));
    expect(out).toMatchObject({
      WindowId,
      Name: 'My-First-Maintenance-Window',
      Description: 'keep me',
      Schedule: 'cron(0 16 ? * TUE *)',
      Duration: 6,
      Cutoff: 1,
      AllowUnassociatedTargets: true,
      Enabled: false,
    });
    const w = await ssm.send(new GetMaintenanceWindowCommand({ WindowId }));
    expect(w.NextExecutionTime).toBeUndefined();
    await ssm.send(
      new UpdateMaintenanceWindowCommand({ WindowId, Enabled: true, Schedule: 'cron(30 4 ? * * *)' }),
    );
    expect((await ssm.send(new GetMaintenanceWindowCommand({ WindowId }))).NextExecutionTime).toBe(
      '2026-03-02T04:30Z',
    );
  });

  it('Replace clears the optional fields not given and needs the required ones', async () => {
    const { WindowId } = await create({ Description: 'gone after replace', ScheduleTimezone: 'Asia/Tokyo' });
    const e = await sdkError(() =>
      ssm.send(new UpdateMaintenanceWindowCommand({ WindowId, Replace: true, Duration: 3 })),
    );
    expect([e.name, e.message]).toEqual([
      'ValidationException',
      'When Replace is true, these fields are required: Name, Schedule, Cutoff, AllowUnassociatedTargets.',
    ]);
    const out = await ssm.send(
      new UpdateMaintenanceWindowCommand({
        WindowId,
        Replace: true,
        Name: 'replaced',
        Schedule: 'rate(2 hours)',
        Duration: 3,
        Cutoff: 0,
        AllowUnassociatedTargets: false,
      }),
    );
    expect(out.Description).toBeUndefined();
    expect(out.ScheduleTimezone).toBeUndefined();
    expect(out.Name).toBe('replaced');
  });

  it('checks the window as it would become; an unknown window is DoesNotExistException', async () => {
    const { WindowId } = await create();
    const e = await sdkError(() => ssm.send(new UpdateMaintenanceWindowCommand({ WindowId, Cutoff: 4 })));
    expect([e.name, e.message]).toEqual([
      'ValidationException',
      'Cuttoff was 4 but must be smaller than 4 (Duration - 1 )',
    ]);
    expect((await ssm.send(new GetMaintenanceWindowCommand({ WindowId }))).Cutoff).toBe(1);
    const missing = await sdkError(() =>
      ssm.send(new UpdateMaintenanceWindowCommand({ WindowId: 'mw-0123456789abcdef0', Name: 'nope' })),
    );
    expect([missing.name, missing.message]).toEqual([
      'DoesNotExistException',
      'Maintenance window mw-0123456789abcdef0 does not exist',
    ]);
  });
});

describe('DeleteMaintenanceWindow', () => {
  it('deletes the window (then Get is DoesNotExistException); an unknown id answers its id', async () => {
    const { WindowId } = await create();
    expect(await ssm.send(new DeleteMaintenanceWindowCommand({ WindowId }))).toMatchObject({ WindowId });
    const e = await sdkError(() => ssm.send(new GetMaintenanceWindowCommand({ WindowId })));
    expect(e.name).toBe('DoesNotExistException');
    expect(await ssm.send(new DeleteMaintenanceWindowCommand({ WindowId }))).toMatchObject({ WindowId });
  });
});

describe('DescribeMaintenanceWindows', () => {
  it('filters Name (prefix) and Enabled, pages with NextToken', async () => {
    const ids: string[] = [];
    for (const name of ['My-First-Maintenance-Window', 'My-Second-Maintenance-Window', 'Other-Window'])
      ids.push((await create({ Name: name })).WindowId!);
    await ssm.send(new UpdateMaintenanceWindowCommand({ WindowId: ids[1], Enabled: false }));
    const byName = await ssm.send(
      new DescribeMaintenanceWindowsCommand({ Filters: [{ Key: 'Name', Values: ['My'] }] }),
    );
    expect(byName.WindowIdentities!.map((w) => w.Name).sort()).toEqual([
      'My-First-Maintenance-Window',
      'My-Second-Maintenance-Window',
    ]);
    const disabled = await ssm.send(
      new DescribeMaintenanceWindowsCommand({ Filters: [{ Key: 'Enabled', Values: ['false'] }] }),
    );
    expect(disabled.WindowIdentities).toEqual([
      {
        WindowId: ids[1],
        Name: 'My-Second-Maintenance-Window',
        Enabled: false,
        Duration: 4,
        Cutoff: 1,
        Schedule: 'cron(0 16 ? * TUE *)',
      },
    ]);
    for (let i = 0; i < 9; i++) await create({ Name: `paged-${i}` });
    const first = await ssm.send(new DescribeMaintenanceWindowsCommand({ MaxResults: 10 }));
    expect(first.WindowIdentities).toHaveLength(10);
    const second = await ssm.send(
      new DescribeMaintenanceWindowsCommand({ MaxResults: 10, NextToken: first.NextToken }),
    );
    expect(second.WindowIdentities).toHaveLength(2);
    expect(second.NextToken).toBeUndefined();
  });

  it('refuses an unknown filter key, a bad Enabled value and a foreign NextToken', async () => {
    let e = await sdkError(() =>
      ssm.send(new DescribeMaintenanceWindowsCommand({ Filters: [{ Key: 'Owner', Values: ['me'] }] })),
    );
    expect([e.name, e.message]).toEqual([
      'ValidationException',
      'Filter key Owner is not supported. Supported keys: Name, Enabled.',
    ]);
    e = await sdkError(() =>
      ssm.send(new DescribeMaintenanceWindowsCommand({ Filters: [{ Key: 'Enabled', Values: ['maybe'] }] })),
    );
    expect([e.name, e.message]).toEqual([
      'ValidationException',
      'Filter value maybe is not valid for key Enabled.',
    ]);
    e = await sdkError(() => ssm.send(new DescribeMaintenanceWindowsCommand({ NextToken: 'not-a-token' })));
    expect([e.name, e.message]).toEqual(['InvalidNextToken', 'The specified token is not valid.']);
  });
});
