import { defineHandler, type RequestContext } from '../../protocol/handler.js';
import {
  InvalidAllowedPatternException,
  ParameterAlreadyExists,
  ParameterLimitExceeded,
  ParameterMaxVersionLimitExceeded,
  ParameterPatternMismatchException,
  UnsupportedParameterType,
  TooManyTagsError,
  ValidationException,
} from '../../../model/generated/errors.js';
import type { ParameterTier } from '../../../model/generated/types.js';
import { SERVICE_SETTINGS } from '../../../engine/service-settings.js';
import { checkWritableName, parseRef } from '../../../engine/parameters/names.js';
import {
  decodePolicies,
  encodePolicies,
  parsePolicies,
  type StoredPolicy,
} from '../../../engine/parameters/policies.js';
import {
  ADVANCED_PARAMETER_LIMIT,
  ADVANCED_VALUE_MAX,
  MAX_TAGS_PER_RESOURCE,
  MAX_VERSIONS,
  STANDARD_VALUE_MAX,
} from '../../../engine/parameters/limits.js';
import type { ParameterRecord } from '../../../store/repositories/parameters.js';
import { checkOwnPartition, encryptionContext } from './parameter-view.js';

const TIER_SETTING = '/ssm/parameter-store/default-parameter-tier';
const DATA_TYPES = ['text', 'aws:ec2:image', 'aws:ssm:integration'];
// tf#18521 and others quote this text from real AWS.
const STANDARD_TOO_LARGE =
  'Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html';
const ADVANCED_TOO_LARGE =
  'The specified parameter value is too large. Advanced-tier parameters support a maximum parameter value of 8192 characters.';
const NO_DOWNGRADE =
  "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter. Be aware that standard parameters have a value limit of 4096 characters.";
// UG: standard parameters don't support policies; this wording is the one a CloudFormation linter quotes (low confidence).
const POLICIES_NEED_ADVANCED = "You can't assign parameter policies to a standard-parameter tier.";
const TAGS_WITH_OVERWRITE =
  "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.";

export default defineHandler('PutParameter', (input, ctx) => {
  const { store, clock } = ctx.services;
  const engine = ctx.services.parameters;
  const ref = parseRef(input.Name, ctx, false);
  checkWritableName(ref);
  checkOwnPartition(ctx, ref, 'PutParameter'); // before anything is read or written
  if (input.Tags?.length && input.Overwrite) throw new ValidationException(TAGS_WITH_OVERWRITE);

  const existing = store.parameters.get(ctx.account, ctx.region, ref.key);
  if (existing && !input.Overwrite) {
    throw new ParameterAlreadyExists(
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    );
  }
  const type = input.Type ?? existing?.type;
  if (!type) throw new ValidationException('A parameter type is required when you create a parameter.');
  if (input.KeyId !== undefined && type !== 'SecureString') {
    throw new ValidationException('KeyId is required for SecureString type parameter only.');
  }
  const dataType = input.DataType || existing?.dataType || 'text';
  if (!DATA_TYPES.includes(dataType)) {
    throw new ValidationException(
      `The following data type is not supported: ${dataType} (Data type names are all lowercase.)`,
    );
  }
  // UG parameter-store-ec2-aliases: aws:ec2:image holds an AMI id, so only String parameters can use it.
  if (dataType === 'aws:ec2:image' && type !== 'String')
    throw new UnsupportedParameterType("The parameter type isn't supported.");

  const allowedPattern = input.AllowedPattern ?? existing?.allowedPattern;
  if (allowedPattern) checkPattern(allowedPattern, input.Value);

  const policies: StoredPolicy[] =
    input.Policies !== undefined
      ? parsePolicies(input.Policies)
      : decodePolicies(existing?.policies).map((p) => ({
          ...p,
          status: p.type === 'NoChangeNotification' ? 'Pending' : p.status,
        }));
  const size = Buffer.byteLength(input.Value, 'utf8');
  const tier = resolveTier(
    input.Tier,
    defaultTier(ctx),
    existing,
    size,
    policies.length > 0,
    () => store.parameters.count(ctx.account, ctx.region, 'Standard') >= engine.standardLimit,
  );
  if (tier === 'Standard' && size > STANDARD_VALUE_MAX) throw new ValidationException(STANDARD_TOO_LARGE);
  if (tier === 'Advanced' && size > ADVANCED_VALUE_MAX) throw new ValidationException(ADVANCED_TOO_LARGE);
  if (tier === 'Standard' && policies.length) throw new ValidationException(POLICIES_NEED_ADVANCED);
  if (existing?.tier !== tier) checkQuota(ctx.account, ctx.region, tier);
  if ((input.Tags?.length ?? 0) > MAX_TAGS_PER_RESOURCE) throw new TooManyTagsError('');

  let keyId: string | undefined;
  let value = input.Value;
  if (type === 'SecureString') {
    const keyInput = input.KeyId ?? (existing?.type === 'SecureString' ? existing.keyId : undefined);
    const key = engine.keys.resolve(ctx.account, ctx.region, keyInput);
    keyId = key.echo;
    value = engine.keys.encrypt(
      ctx.account,
      ctx.region,
      key.keyId,
      input.Value,
      encryptionContext(ctx.account, ctx.region, ref.key),
    );
  }

  const version = (existing?.version ?? 0) + 1;
  const record: ParameterRecord = {
    key: ref.key,
    name: existing?.name ?? ref.name,
    type,
    value,
    version,
    tier,
    dataType,
    description: input.Description ?? existing?.description,
    allowedPattern: allowedPattern || undefined,
    keyId,
    policies: encodePolicies(policies),
    lastModifiedMs: clock.nowMs(),
    lastModifiedUser: ctx.callerArn,
  };

  // UG parameter-store-ec2-aliases: an AMI id is validated asynchronously; a bad one is not stored, and the
  // failure is reported only as an event (boto/boto3#3588).
  if (dataType === 'aws:ec2:image' && !/^ami-([0-9a-f]{8}|[0-9a-f]{17})$/.test(input.Value)) {
    engine.emitChange(ctx.account, ctx.region, record, existing ? 'Update' : 'Create', {
      exception: 'Unable to Describe Resource',
      dataType,
    });
    return { Version: version, Tier: tier };
  }

  store.transaction(() => {
    const { oldest, count } = store.parameters.versionRange(ctx.account, ctx.region, ref.key);
    if (count >= MAX_VERSIONS) {
      if (store.parameters.labelsOf(ctx.account, ctx.region, ref.key, oldest).length) {
        throw new ParameterMaxVersionLimitExceeded(
          `You attempted to create a new version of ${record.name} by calling the PutParameter API with the overwrite flag. Version ${oldest}, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.`,
        );
      }
      store.parameters.dropVersion(ctx.account, ctx.region, ref.key, oldest);
    }
    store.parameters.putVersion(ctx.account, ctx.region, record, existing?.tier);
    if (input.Tags?.length) {
      store.tags.put(
        ctx.account,
        ctx.region,
        'Parameter',
        ref.key,
        input.Tags.map((t) => ({ key: t.Key, value: t.Value })),
      );
    }
  });
  if (policies.length || existing?.policies) engine.schedule(ctx.account, ctx.region, record);
  engine.emitChange(ctx.account, ctx.region, record, existing ? 'Update' : 'Create');
  return { Version: version, Tier: tier };

  function checkQuota(account: string, region: string, t: 'Standard' | 'Advanced'): void {
    if (t === 'Standard' && store.parameters.count(account, region, 'Standard') >= engine.standardLimit) {
      throw new ParameterLimitExceeded(
        `You have reached the maximum number of standard parameters for this AWS account and Region (${engine.standardLimit}). To add more parameters, either delete existing parameters or upgrade to the advanced-parameter tier (charges apply).`,
      );
    }
    if (t === 'Advanced' && store.parameters.count(account, region, 'Advanced') >= ADVANCED_PARAMETER_LIMIT) {
      throw new ParameterLimitExceeded(
        `You have reached the maximum number of advanced parameters for this AWS account and Region (${ADVANCED_PARAMETER_LIMIT}). To add more parameters, delete existing parameters.`,
      );
    }
  }
});

function defaultTier(ctx: RequestContext): ParameterTier {
  const custom = ctx.services.store.serviceSettings.get(ctx.account, ctx.region, TIER_SETTING);
  return (custom?.value ?? SERVICE_SETTINGS[TIER_SETTING].defaultValue) as ParameterTier;
}

/** UG parameter-store-advanced-parameters: Intelligent-Tiering picks Advanced only when needed and never downgrades. */
function resolveTier(
  requested: ParameterTier | undefined,
  fallback: ParameterTier,
  existing: ParameterRecord | undefined,
  size: number,
  hasPolicies: boolean,
  standardFull: () => boolean,
): 'Standard' | 'Advanced' {
  const tier = requested ?? fallback;
  if (tier === 'Advanced') return 'Advanced';
  if (tier === 'Intelligent-Tiering') {
    const needsAdvanced =
      existing?.tier === 'Advanced' ||
      size > STANDARD_VALUE_MAX ||
      hasPolicies ||
      (existing?.tier !== 'Standard' && standardFull());
    return needsAdvanced ? 'Advanced' : 'Standard';
  }
  if (existing?.tier === 'Advanced') {
    if (requested === 'Standard') throw new ValidationException(NO_DOWNGRADE);
    return 'Advanced'; // no Tier given: an advanced parameter stays advanced
  }
  return 'Standard';
}

/** AllowedPattern is a (Java) regular expression the whole value must match (UG sysman-paramstore-hierarchies). */
function checkPattern(pattern: string, value: string): void {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`, 's');
  } catch {
    throw new InvalidAllowedPatternException("The request doesn't meet the regular expression requirement.");
  }
  if (!re.test(value)) {
    throw new ParameterPatternMismatchException(
      `Parameter value, cannot be validated against allowedPattern: ${pattern}`,
    );
  }
}
