// The documents engine: the one parser, the parsed form, interpolation and parameter checking that
// Run Command, Automation, Session Manager and State Manager share; and the AWS-owned catalog.
export { InvalidParametersError } from './errors.js';
export type { ParameterIssue, ParameterIssueCode } from './errors.js';
export { parseContent, renderContent, type ContentFormat } from './format.js';
export { parseDocument, documentMetadata, type ParseOptions } from './validate.js';
export type {
  CommandPluginStep,
  DocumentMetadata,
  ParsedAutomationDocument,
  ParsedCommandDocument,
  ParsedDocument,
  ParsedOtherDocument,
  ParsedSessionDocument,
} from './parsed.js';
export type { AutomationStep, ParameterDeclaration, ParameterType } from './schemas.js';
export {
  classify,
  findReferences,
  interpolate,
  type InterpolationContext,
  type Reference,
  type SsmResolver,
} from './interpolate.js';
export { resolveParameters, type ResolveParametersOptions } from './parameters.js';
export { COMMAND_PLUGINS, AUTOMATION_ACTIONS, platformsOf, type PlatformType } from './plugins.js';
export {
  AMAZON_OWNER,
  catalogDocument,
  catalogDocuments,
  catalogSeek,
  type CatalogDocument,
} from './catalog/index.js';
export * from './limits.js';
export {
  catalogVersion,
  findDocumentRef,
  findDocumentVersion,
  loadDocument,
  type DocumentRef,
  type DocumentScope,
  type LoadedDocument,
} from './resolve.js';
