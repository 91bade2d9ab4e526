// The parsed form of a document that every engine reads (Run Command, Automation, Session Manager, ...).
import type { PlatformType } from './plugins.js';
import type { AutomationStep, ParameterDeclaration, SessionContent } from './schemas.js';

/** One plugin run of a Command/Policy document; schema 1.2 runtimeConfig entries become steps too. */
export interface CommandPluginStep {
  action: string;
  /** The step name (2.x), or the plugin name for 1.2 documents (what AWS reports as the plugin name). */
  name: string;
  /** The 1.2 property `id`, when present. */
  id?: string;
  inputs: Record<string, unknown>;
  precondition?: Record<string, string[]>;
  onFailure?: string;
  onSuccess?: string;
  finallyStep?: boolean;
}

interface Common {
  schemaVersion: string;
  description?: string;
  parameters: Record<string, ParameterDeclaration>;
  /** The content as parsed from JSON/YAML. */
  raw: Record<string, unknown>;
}

export interface ParsedCommandDocument extends Common {
  kind: 'Command';
  schemaVersion: '1.2' | '2.0' | '2.2';
  steps: CommandPluginStep[];
}

export interface ParsedAutomationDocument extends Common {
  kind: 'Automation';
  schemaVersion: '0.3';
  assumeRole?: string;
  variables: Record<string, ParameterDeclaration>;
  steps: AutomationStep[];
  outputs: string[];
}

export interface ParsedSessionDocument extends Common {
  kind: 'Session';
  schemaVersion: '1.0';
  sessionType: SessionContent['sessionType'];
  inputs: Record<string, unknown>;
  properties: Record<string, unknown>;
}

/** Package, ChangeCalendar, ApplicationConfiguration, ...: kept as parsed, no steps. */
export interface ParsedOtherDocument extends Common {
  kind: 'Other';
}

export type ParsedDocument =
  | ParsedCommandDocument
  | ParsedAutomationDocument
  | ParsedSessionDocument
  | ParsedOtherDocument;

/** What DescribeDocument/ListDocuments show that is computed from the content. */
export interface DocumentMetadata {
  schemaVersion?: string;
  description?: string;
  parameters: { Name: string; Type: string; Description?: string; DefaultValue?: string }[];
  platformTypes: PlatformType[];
  sha256: string;
}
