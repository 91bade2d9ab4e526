import { defineHandler } from '../../protocol/handler.js';
import { ValidationException } from '../../../model/generated/errors.js';
import { findSetting } from './setting-view.js';

export default defineHandler('UpdateServiceSetting', (input, ctx) => {
  const { id, definition } = findSetting(input.SettingId);
  if (definition.allowed && !definition.allowed.includes(input.SettingValue)) {
    // The model documents the allowed values per setting; AWS's exact wording for this case is not published.
    throw new ValidationException(
      `The value ${input.SettingValue} is not valid for ${id}. Valid values: ${definition.allowed.join(', ')}.`,
    );
  }
  ctx.services.store.serviceSettings.put(ctx.account, ctx.region, {
    settingId: id,
    value: input.SettingValue,
    lastModifiedMs: ctx.services.clock.nowMs(),
    lastModifiedUser: ctx.callerArn,
  });
  return {};
});
