// Account and region come from the credential scope; state in one is invisible from another.
import { GetServiceSettingCommand, UpdateServiceSettingCommand } from '@aws-sdk/client-ssm';
import { expect, it } from 'vitest';
import { useServer } from '../helpers/server.js';

const server = useServer();

const TIER = '/ssm/parameter-store/default-parameter-tier';

it('uses a 12-digit access key id as the account and the signing region as the region', async () => {
  const c = server.client({ accessKeyId: '111122223333', region: 'eu-west-1' });
  const { ServiceSetting } = await c.send(new GetServiceSettingCommand({ SettingId: TIER }));
  expect(ServiceSetting?.ARN).toBe(`arn:aws:ssm:eu-west-1:111122223333:servicesetting${TIER}`);
});

it('falls back to the default account for other access keys', async () => {
  const c = server.client({ region: 'ap-southeast-2' });
  const { ServiceSetting } = await c.send(new GetServiceSettingCommand({ SettingId: TIER }));
  expect(ServiceSetting?.ARN).toBe(`arn:aws:ssm:ap-southeast-2:000000000000:servicesetting${TIER}`);
});

it('keeps what one account/region writes invisible to the others', async () => {
  const a = server.client({ accessKeyId: '111122223333', region: 'us-east-1' });
  const otherAccount = server.client({ accessKeyId: '444455556666', region: 'us-east-1' });
  const otherRegion = server.client({ accessKeyId: '111122223333', region: 'us-west-2' });
  await a.send(new UpdateServiceSettingCommand({ SettingId: TIER, SettingValue: 'Advanced' }));
  const get = async (c: typeof a) =>
    (await c.send(new GetServiceSettingCommand({ SettingId: TIER }))).ServiceSetting;
  expect((await get(a))?.SettingValue).toBe('Advanced');
  expect((await get(otherAccount))?.SettingValue).toBe('Standard');
  expect((await get(otherRegion))?.SettingValue).toBe('Standard');
});
