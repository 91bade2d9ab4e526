// Numbered migrations, applied in order once each; never edit one that has shipped, add the next.
import { m001ServiceSettings } from './001-service-settings.js';
import { m002Parameters } from './002-parameters.js';
import { m003Tags } from './003-tags.js';
import { m004Documents } from './004-documents.js';
import { m005Nodes } from './005-nodes.js';
import { m006Commands } from './006-commands.js';
import { m007Sessions } from './007-sessions.js';
import { m008Ec2 } from './008-ec2.js';
import { m009Automation } from './009-automation.js';
import { m010ParametersCompact } from './010-parameters-compact.js';
import { m011Patching } from './011-patching.js';
import { m012Associations } from './012-associations.js';
import { m013Compliance } from './013-compliance.js';
import { m014MaintenanceWindows } from './014-maintenance-windows.js';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

export const MIGRATIONS: Migration[] = [
  m001ServiceSettings,
  m002Parameters,
  m003Tags,
  m004Documents,
  m005Nodes,
  m006Commands,
  m007Sessions,
  m008Ec2,
  m009Automation,
  m010ParametersCompact,
  m011Patching,
  m012Associations,
  m013Compliance,
  m014MaintenanceWindows,
];
