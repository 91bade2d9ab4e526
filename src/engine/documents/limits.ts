// Document limits, each from the AWS source named beside it (one place, DESIGN.md section 7.3).

/** CreateDocument API reference: "The content of the document must not exceed 64KB." */
export const MAX_DOCUMENT_CONTENT_BYTES = 64 * 1024;
/** AWS General Reference, Systems Manager quotas: versions of an SSM document, 1,000. */
export const MAX_DOCUMENT_VERSIONS = 1000;
/** AWS General Reference, Systems Manager quotas: total number of documents per account and Region, 10,000. */
export const MAX_DOCUMENTS_PER_ACCOUNT = 10_000;
/** User guide "Sharing SSM documents": share a document with at most 1,000 accounts. */
export const MAX_SHARED_ACCOUNTS = 1000;
/** User guide "Sharing SSM documents": publicly share at most five documents. */
export const MAX_PUBLIC_DOCUMENTS = 5;
/** ListDocuments/ListDocumentVersions: MaxResults 1-50 in the model; AWS pages by 50 when it is absent. */
export const DEFAULT_LIST_PAGE = 50;
/** DescribeDocumentPermission: MaxResults 1-200 in the model. */
export const DEFAULT_PERMISSION_PAGE = 200;
/** CreateDocument API reference: names may not begin with these (compared without case). */
export const RESERVED_NAME_PREFIXES = ['aws', 'amazon', 'amzn'] as const;
