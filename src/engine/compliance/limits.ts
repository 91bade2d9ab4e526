// Compliance limits, each from the AWS source named beside it (DESIGN.md section 7.3).

/** ComplianceTypeCountLimitExceededException: "You can specify a maximum of 10 different types." (model) */
export const MAX_CUSTOM_TYPES_PER_RESOURCE = 10;
/**
 * One item's size (its JSON): AWS publishes no figure for compliance items; ours matches the 1 KB-per-value
 * scale of the model (Title 500 chars, 64-char keys and 4,096-char values) with room for a few details.
 */
export const MAX_ITEM_BYTES = 64 * 1024;
/** All items of one resource and type in one call: AWS publishes no figure; ours (1 MiB, as inventory's). */
export const MAX_TOTAL_BYTES = 1024 * 1024;
/** ListComplianceItems / ListResourceComplianceSummaries / ListComplianceSummaries: MaxResults 1-50 (model). */
export const DEFAULT_COMPLIANCE_PAGE = 50;
/** Severity names from the most to the least severe (ComplianceSeverity). */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNSPECIFIED'] as const;
/** The only resource type compliance knows (PutComplianceItems API reference). */
export const MANAGED_INSTANCE = 'ManagedInstance';
