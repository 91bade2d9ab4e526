import type { Migration } from './index.js';

// parameter_versions kept a copy of every current version, which parameters already holds: with
// 100,000 parameters that copy was 40% of the database. From here on it keeps only superseded versions.
export const m010ParametersCompact: Migration = {
  version: 10,
  name: 'parameters-compact',
  up: `
    DELETE FROM parameter_versions
     WHERE EXISTS (
       SELECT 1 FROM parameters p
        WHERE p.account_id = parameter_versions.account_id AND p.region = parameter_versions.region
          AND p.key = parameter_versions.key AND p.version = parameter_versions.version
     );
  `,
};
