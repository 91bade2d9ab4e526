// State Manager limits and defaults, each from the AWS source named beside it (DESIGN.md section 7.3).

/** AssociationLimitExceeded: "You can have at most 2,000 active associations." (model) */
export const MAX_ASSOCIATIONS_PER_SCOPE = 2_000;
/** AssociationVersionLimitExceeded: "Each association has a limit of 1,000 versions." (model) */
export const MAX_ASSOCIATION_VERSIONS = 1_000;
/** List/Describe operations: MaxResults 1-50 in the model; AWS pages by the maximum when absent. */
export const DEFAULT_ASSOCIATION_PAGE = 50;
/** DescribeEffectiveInstanceAssociations: MaxResults 1-5 in the model. */
export const DEFAULT_EFFECTIVE_PAGE = 5;
/** CreateAssociation API reference: DocumentVersion "$DEFAULT" when absent (create-association CLI example). */
export const DEFAULT_DOCUMENT_VERSION = '$DEFAULT';
/** MaxConcurrency / MaxErrors absent: "all targets run the association at the same time" (API reference). */
export const RUN_ALL_AT_ONCE = '100%';
/** Nodes read per page when targets are resolved (store page size, not an AWS limit). */
export const TARGET_RESOLVE_PAGE = 1_000;
/** Per-target results written per transaction (not an AWS limit: keeps one write short under fan-out). */
export const RESULT_BATCH = 500;
/**
 * On a virtual clock, how long (real ms) a run due at one instant may take to settle before the clock moves
 * on: work that takes no emulator time (a scripted command) ends at the run's instant, as it would on AWS.
 */
export const SETTLE_REAL_MS = 30_000;
/** Event-loop turns with no progress after which a run counts as waiting on the clock. */
export const SETTLE_QUIET_TURNS = 20;
