// Shared by the three service-setting handlers: find the definition and build the ServiceSetting shape.
import type { ServiceSetting } from '../../../model/generated/types.js';
import { ServiceSettingNotFound } from '../../../model/generated/errors.js';
import type { RequestContext } from '../../protocol/handler.js';
import {
  DEFAULT_SETTING_DATE,
  DEFAULT_SETTING_USER,
  SERVICE_SETTINGS,
  settingArn,
  settingIdOf,
  type SettingDefinition,
} from '../../../engine/service-settings.js';

export function findSetting(idOrArn: string): { id: string; definition: SettingDefinition } {
  const id = settingIdOf(idOrArn);
  const definition = Object.prototype.hasOwnProperty.call(SERVICE_SETTINGS, id)
    ? SERVICE_SETTINGS[id]
    : undefined;
  if (!definition) {
    throw new ServiceSettingNotFound(
      `The specified service setting wasn't found. Either the service name or the setting hasn't been provisioned by the Amazon Web Services service team. Setting Id: ${id}`,
    );
  }
  return { id, definition };
}

export function viewSetting(ctx: RequestContext, id: string, definition: SettingDefinition): ServiceSetting {
  const custom = ctx.services.store.serviceSettings.get(ctx.account, ctx.region, id);
  return {
    SettingId: id,
    SettingValue: custom?.value ?? definition.defaultValue,
    LastModifiedDate: custom ? new Date(custom.lastModifiedMs) : DEFAULT_SETTING_DATE,
    LastModifiedUser: custom?.lastModifiedUser ?? DEFAULT_SETTING_USER,
    ARN: settingArn(ctx.region, ctx.account, id),
    Status: custom ? 'Customized' : 'Default',
  };
}
