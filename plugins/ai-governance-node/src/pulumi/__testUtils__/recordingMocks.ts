/**
 * Pulumi's own mocks (`pulumi.runtime.setMocks`), plus a record of every resource registration as the SDK sends it
 * to the engine: type, name, inputs and the options Pulumi would act on (protect, retainOnDelete, ignoreChanges,
 * import id, provider). The mocks alone hand the test only type, name, inputs, provider and import id; the options
 * are read from the real RegisterResourceRequest the program's SDK built.
 */
import * as pulumi from '@pulumi/pulumi';
import * as settings from '@pulumi/pulumi/runtime/settings';

export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, any>;
  provider?: string;
  importId?: string;
  protect?: boolean;
  retainOnDelete?: boolean;
  ignoreChanges: string[];
}

export interface RecordingMocks {
  resources: RecordedResource[];
  /** The resources of one type token. */
  ofType(type: string): RecordedResource[];
  byName(name: string): RecordedResource;
  reset(): void;
}

/**
 * Installs the mocks. `newResource` answers each registration: the organization gets a root, every other resource
 * the import id it asked for, or `id-of-<name>`.
 */
export function installRecordingMocks(
  project: string,
  stack: string,
  answer: (args: pulumi.runtime.MockResourceArgs) => {
    id?: string;
    state?: Record<string, any>;
  } = () => ({}),
): RecordingMocks {
  const resources: RecordedResource[] = [];
  // The options of the next registrations, by type and name, from the requests themselves.
  const options = new Map<string, Partial<RecordedResource>>();
  pulumi.runtime.setMocks(
    {
      newResource(args) {
        const key = `${args.type}::${args.name}`;
        resources.push({
          type: args.type,
          name: args.name,
          inputs: args.inputs,
          provider: args.provider || undefined,
          importId: args.id || undefined,
          ignoreChanges: [],
          ...options.get(key),
        });
        const answered = answer(args);
        return {
          id: answered.id ?? (args.id || `id-of-${args.name}`),
          state: answered.state ?? args.inputs,
        };
      },
      call(args) {
        return args.inputs;
      },
    },
    project,
    stack,
    false,
  );
  const monitor = settings.getMonitor() as any;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: any) => {
    options.set(`${req.getType()}::${req.getName()}`, {
      protect: req.hasProtect() ? req.getProtect() : undefined,
      retainOnDelete: req.hasRetainondelete()
        ? req.getRetainondelete()
        : undefined,
      ignoreChanges: req.getIgnorechangesList(),
    });
    return register(req, callback);
  };
  return {
    resources,
    ofType: type => resources.filter(r => r.type === type),
    byName: name => {
      const found = resources.find(r => r.name === name);
      if (!found) {
        throw new Error(
          `No resource ${name} was registered; registered: ${resources
            .map(r => r.name)
            .join(', ')}`,
        );
      }
      return found;
    },
    reset: () => {
      resources.length = 0;
      options.clear();
    },
  };
}

/** Runs an inline program and waits for every output, so that every resource was registered. */
export async function runProgram(
  program: () => Promise<Record<string, any> | void>,
): Promise<Record<string, any>> {
  const outputs = (await program()) ?? {};
  const values: Record<string, any> = {};
  for (const [key, output] of Object.entries(outputs)) {
    values[key] = await new Promise(resolve =>
      pulumi.output(output).apply(v => resolve(v)),
    );
  }
  return values;
}
