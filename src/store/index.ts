// The store: one repository per aggregate over one SQLite database.
import { openDatabase, resetState, type Db, type StoreLocation } from './database.js';
import { readOwner, removeOwner, writeOwner } from './data-dir-lock.js';
import { ServiceSettingsRepository } from './repositories/service-settings.js';
import { NodesRepository } from './repositories/nodes.js';
import { ParametersRepository } from './repositories/parameters.js';
import { TagsRepository } from './repositories/tags.js';
import { ResourcePoliciesRepository } from './repositories/resource-policies.js';
import { KmsKeysRepository } from './repositories/kms-keys.js';
import { DocumentsRepository } from './repositories/documents.js';
import { SessionsRepository } from './repositories/sessions.js';
import { CommandsRepository } from './repositories/commands.js';
import { Ec2Repository } from './repositories/ec2.js';
import { AutomationRepository } from './repositories/automation.js';
import { AssociationsRepository } from './repositories/associations.js';
import { AssociationExecutionsRepository } from './repositories/association-executions.js';
import { ComplianceRepository } from './repositories/compliance.js';
import { PatchBaselinesRepository } from './repositories/patch-baselines.js';
import { PatchStatesRepository } from './repositories/patch-states.js';
import { MaintenanceWindowsRepository } from './repositories/maintenance-windows.js';
import { WindowExecutionsRepository } from './repositories/window-executions.js';

export class Store {
  // Repositories prepare their statements when first used: start-up touches only a few of them.
  private readonly repositories = new Map<new (db: Db) => unknown, unknown>();

  private constructor(
    private readonly db: Db,
    private readonly location: StoreLocation,
  ) {}

  private repository<T>(Repository: new (db: Db) => T): T {
    let repo = this.repositories.get(Repository) as T | undefined;
    if (!repo) this.repositories.set(Repository, (repo = new Repository(this.db)));
    return repo;
  }

  get serviceSettings(): ServiceSettingsRepository {
    return this.repository(ServiceSettingsRepository);
  }
  get nodes(): NodesRepository {
    return this.repository(NodesRepository);
  }
  get parameters(): ParametersRepository {
    return this.repository(ParametersRepository);
  }
  get tags(): TagsRepository {
    return this.repository(TagsRepository);
  }
  get resourcePolicies(): ResourcePoliciesRepository {
    return this.repository(ResourcePoliciesRepository);
  }
  get kmsKeys(): KmsKeysRepository {
    return this.repository(KmsKeysRepository);
  }
  get documents(): DocumentsRepository {
    return this.repository(DocumentsRepository);
  }
  get sessions(): SessionsRepository {
    return this.repository(SessionsRepository);
  }
  get commands(): CommandsRepository {
    return this.repository(CommandsRepository);
  }
  get ec2(): Ec2Repository {
    return this.repository(Ec2Repository);
  }
  get automation(): AutomationRepository {
    return this.repository(AutomationRepository);
  }
  get associations(): AssociationsRepository {
    return this.repository(AssociationsRepository);
  }
  get associationExecutions(): AssociationExecutionsRepository {
    return this.repository(AssociationExecutionsRepository);
  }
  get compliance(): ComplianceRepository {
    return this.repository(ComplianceRepository);
  }
  get patchBaselines(): PatchBaselinesRepository {
    return this.repository(PatchBaselinesRepository);
  }
  get patchStates(): PatchStatesRepository {
    return this.repository(PatchStatesRepository);
  }
  get maintenanceWindows(): MaintenanceWindowsRepository {
    return this.repository(MaintenanceWindowsRepository);
  }
  get windowExecutions(): WindowExecutionsRepository {
    return this.repository(WindowExecutionsRepository);
  }

  static open(location: StoreLocation): Store {
    return new Store(openDatabase(location), location);
  }

  /** Runs fn in one SQLite transaction (all of its writes land, or none). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Names the server's endpoint in the data dir's owner file, for the message a second emulator prints. */
  noteEndpoint(endpoint: string): void {
    if (!this.location.inMemory) {
      const owner = readOwner(this.location.dataDir);
      if (owner?.pid === process.pid) writeOwner(this.location.dataDir, { ...owner, endpoint });
    }
  }

  reset(scope?: { account?: string; region?: string }): void {
    resetState(this.db, scope);
    for (const repo of this.repositories.values()) (repo as { clearCache?(): void }).clearCache?.();
  }

  close(): void {
    if (this.db.open) {
      // Fold the WAL back into the database file so a copied data dir is complete.
      if (!this.db.memory) this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
      if (!this.location.inMemory) removeOwner(this.location.dataDir);
    }
  }
}

export type { StoreLocation };
