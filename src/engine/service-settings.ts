// The service settings AWS provisions in every account/region, their defaults and allowed values
// (from the model's UpdateServiceSetting documentation).

export interface SettingDefinition {
  defaultValue: string;
  /** Allowed values; undefined means free text (a log group name, a role name). */
  allowed?: string[];
}

export const SERVICE_SETTINGS: Record<string, SettingDefinition> = {
  '/ssm/appmanager/appmanager-enabled': { defaultValue: 'False', allowed: ['True', 'False'] },
  '/ssm/automation/customer-script-log-destination': {
    defaultValue: 'None',
    allowed: ['CloudWatch', 'None'],
  },
  '/ssm/automation/customer-script-log-group-name': { defaultValue: '/aws/ssm/automation/executeScript' },
  '/ssm/automation/enable-adaptive-concurrency': { defaultValue: 'False', allowed: ['True', 'False'] },
  '/ssm/documents/console/public-sharing-permission': {
    defaultValue: 'Enable',
    allowed: ['Enable', 'Disable'],
  },
  '/ssm/managed-instance/activation-tier': { defaultValue: 'standard', allowed: ['standard', 'advanced'] },
  '/ssm/managed-instance/default-ec2-instance-management-role': { defaultValue: '' },
  '/ssm/opsinsights/opscenter': { defaultValue: 'Disabled', allowed: ['Enabled', 'Disabled'] },
  '/ssm/parameter-store/default-parameter-tier': {
    defaultValue: 'Standard',
    allowed: ['Standard', 'Advanced', 'Intelligent-Tiering'],
  },
  '/ssm/parameter-store/high-throughput-enabled': { defaultValue: 'false', allowed: ['true', 'false'] },
};

/** What AWS reports as the modification of a setting nobody changed. */
export const DEFAULT_SETTING_USER = 'System';
export const DEFAULT_SETTING_DATE = new Date('2014-11-06T00:00:00Z');

/** Accepts `/ssm/...` or `arn:aws:ssm:REGION:ACCOUNT:servicesetting/ssm/...`; returns the id. */
export function settingIdOf(idOrArn: string): string {
  const m = /^arn:aws[a-z-]*:ssm:[^:]*:[^:]*:servicesetting(\/.*)$/.exec(idOrArn);
  return m ? m[1] : idOrArn;
}

export function settingArn(region: string, account: string, settingId: string): string {
  return `arn:aws:ssm:${region}:${account}:servicesetting${settingId}`;
}
