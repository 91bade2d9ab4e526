import { defineHandler } from '../../protocol/handler.js';
import { findSetting, viewSetting } from './setting-view.js';

export default defineHandler('GetServiceSetting', (input, ctx) => {
  const { id, definition } = findSetting(input.SettingId);
  return { ServiceSetting: viewSetting(ctx, id, definition) };
});
