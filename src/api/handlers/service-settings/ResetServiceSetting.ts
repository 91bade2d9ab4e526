import { defineHandler } from '../../protocol/handler.js';
import { findSetting, viewSetting } from './setting-view.js';

export default defineHandler('ResetServiceSetting', (input, ctx) => {
  const { id, definition } = findSetting(input.SettingId);
  ctx.services.store.serviceSettings.remove(ctx.account, ctx.region, id);
  return { ServiceSetting: viewSetting(ctx, id, definition) };
});
