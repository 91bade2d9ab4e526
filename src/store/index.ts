// The store: one repository per aggregate over one SQLite database.
import { openDatabase, resetState, type Db, type StoreLocation } from './database.js';
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

export class Store {
  readonly serviceSettings: ServiceSettingsRepository;
  readonly nodes: NodesRepository;
  readonly parameters: ParametersRepository;
  readonly tags: TagsRepository;
  readonly resourcePolicies: ResourcePoliciesRepository;
  readonly kmsKeys: KmsKeysRepository;
  readonly documents: DocumentsRepository;
  readonly sessions: SessionsRepository;
  readonly commands: CommandsRepository;
  readonly ec2: Ec2Repository;
  readonly automation: AutomationRepository;

  private constructor(private readonly db: Db) {
    this.serviceSettings = new ServiceSettingsRepository(db);
    this.nodes = new NodesRepository(db);
    this.parameters = new ParametersRepository(db);
    this.tags = new TagsRepository(db);
    this.resourcePolicies = new ResourcePoliciesRepository(db);
    this.kmsKeys = new KmsKeysRepository(db);
    this.documents = new DocumentsRepository(db);
    this.sessions = new SessionsRepository(db);
    this.commands = new CommandsRepository(db);
    this.ec2 = new Ec2Repository(db);
    this.automation = new AutomationRepository(db);
  }

  static open(location: StoreLocation): Store {
    return new Store(openDatabase(location));
  }

  /** Runs fn in one SQLite transaction (all of its writes land, or none). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  reset(scope?: { account?: string; region?: string }): void {
    resetState(this.db, scope);
  }

  close(): void {
    if (this.db.open) {
      // Fold the WAL back into the database file so a copied data dir is complete.
      if (!this.db.memory) this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }
}

export type { StoreLocation };
