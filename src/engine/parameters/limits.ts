// Parameter Store limits, each from AWS's documentation (UG = Systems Manager User Guide).

/** UG parameter-store-advanced-parameters: 10,000 standard parameters per account and Region (configurable here). */
export const STANDARD_PARAMETER_LIMIT = 10_000;
/** UG parameter-store-advanced-parameters: 100,000 advanced parameters per account and Region. */
export const ADVANCED_PARAMETER_LIMIT = 100_000;
/** UG parameter-store-advanced-parameters: standard value size 4 KB. */
export const STANDARD_VALUE_MAX = 4096;
/** UG parameter-store-advanced-parameters: advanced value size 8 KB (measured in bytes, evergreen-ci/evergreen#8383). */
export const ADVANCED_VALUE_MAX = 8192;
/** UG sysman-paramstore-versions: Parameter Store keeps the 100 most recent versions. */
export const MAX_VERSIONS = 100;
/** UG sysman-paramstore-labels: a version can have at most 10 labels. */
export const MAX_LABELS_PER_VERSION = 10;
/** UG sysman-paramstore-labels: a label can have at most 100 characters. */
export const MAX_LABEL_LENGTH = 100;
/** UG sysman-parameter-name-constraints: a hierarchy can have a maximum of 15 levels. */
export const MAX_HIERARCHY_LEVELS = 15;
/** UG sysman-parameter-name-constraints: 1011 characters, counted together with the ARN prefix. */
export const MAX_NAME_WITH_ARN = 1011;
/** UG parameter-store-policies: a parameter can have at most 10 policies. */
export const MAX_POLICIES = 10;
/** AddTagsToResource API reference: most resources hold at most 50 tags. */
export const MAX_TAGS_PER_RESOURCE = 50;
/** API reference GetParametersByPath: MaxResults 1-10, default 10. */
export const BY_PATH_PAGE_DEFAULT = 10;
/** API reference DescribeParameters: MaxResults 1-50; default 50 (the model gives none, the CLI pages by 50). */
export const DESCRIBE_PAGE_DEFAULT = 50;
/** API reference GetParameterHistory: MaxResults 1-50, default 50 (cli-ex, mpyw/suve#311). */
export const HISTORY_PAGE_DEFAULT = 50;
/** Rows a filtered list may scan for one page before answering short with a NextToken, as AWS does (boto/boto3#1079). */
export const FILTER_SCAN_WINDOW = 500;
/** ResourcePolicyLimitExceededException doc: a policy can't be greater than 1024 bytes. */
export const MAX_RESOURCE_POLICY_BYTES = 1024;
