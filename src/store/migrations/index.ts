// Numbered migrations, applied in order once each; never edit one that has shipped, add the next.
import { m001ServiceSettings } from './001-service-settings.js';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

export const MIGRATIONS: Migration[] = [m001ServiceSettings];
