/**
 * Reads guardrail packs from the repository's `guardrails/` folder and renders them to policy files that the
 * baseline org model references. Rendering is deterministic: the committed files under `guardrails/rendered/`
 * are exactly what `renderGuardrails` produces, and a test keeps it so.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  GuardrailPack,
  GuardrailPackError,
  GuardrailParameterValues,
  RenderedPolicy,
  parseGuardrailPack,
  renderPack,
} from '@internal/plugin-ai-governance-common';

/** Reads one pack folder (`pack.yaml` plus its templates). @public */
export function loadGuardrailPack(dir: string): GuardrailPack {
  const file = path.join(dir, 'pack.yaml');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new GuardrailPackError(
      `No guardrail pack at ${dir}: the folder needs a pack.yaml`,
    );
  }
  return parseGuardrailPack(
    text,
    template => {
      const resolved = path.resolve(dir, template);
      if (!resolved.startsWith(path.resolve(dir) + path.sep)) {
        throw new Error('template files must be inside the pack folder');
      }
      return fs.readFileSync(resolved, 'utf8');
    },
    path.join(path.basename(dir), 'pack.yaml'),
  );
}

/** Reads every pack under a folder of packs (`guardrails/packs`), by name. @public */
export function loadGuardrailPacks(
  packsDir: string,
): Map<string, GuardrailPack> {
  const packs = new Map<string, GuardrailPack>();
  for (const entry of fs.readdirSync(packsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const pack = loadGuardrailPack(path.join(packsDir, entry.name));
    if (pack.name !== entry.name) {
      throw new GuardrailPackError(
        `The pack in folder ${entry.name} is named ${pack.name}: name the folder after the pack`,
      );
    }
    packs.set(pack.name, pack);
  }
  return packs;
}

/**
 * Finds the `guardrails` folder: walks up from `startDir` to the first folder that holds `guardrails/packs`.
 * @public
 */
export function findGuardrailsDir(startDir: string = process.cwd()): string {
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, 'guardrails');
    if (fs.existsSync(path.join(candidate, 'packs'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new GuardrailPackError(
        `No guardrails/packs folder in ${startDir} or above: run from the repository, or pass the folder explicitly`,
      );
    }
    dir = parent;
  }
}

/** One pack to render, as listed in `guardrails/render.yaml`. @public */
export interface GuardrailRenderEntry {
  pack: string;
  /** Must equal the pack's version, so that a pack change is a deliberate change of the render file too. */
  version: string;
  parameters: GuardrailParameterValues;
}

/** `guardrails/render.yaml`: which packs render with which parameters, and where the files go. @public */
export interface GuardrailRenderConfig {
  /** Folder of the rendered files, relative to the render file. */
  output: string;
  packs: GuardrailRenderEntry[];
}

/** Reads a render file. @public */
export function loadGuardrailRenderConfig(file: string): GuardrailRenderConfig {
  const raw = parseYaml(fs.readFileSync(file, 'utf8')) as Record<
    string,
    unknown
  >;
  const where = path.basename(file);
  if (!raw || typeof raw !== 'object' || raw.kind !== 'GuardrailRender') {
    throw new GuardrailPackError(
      `${where} must be a mapping with kind: GuardrailRender`,
    );
  }
  if (typeof raw.output !== 'string' || !raw.output) {
    throw new GuardrailPackError(
      `${where}: output (a folder relative to the file) is required`,
    );
  }
  if (!Array.isArray(raw.packs)) {
    throw new GuardrailPackError(
      `${where}: packs must be a list of { pack, version, parameters }`,
    );
  }
  const packs = raw.packs.map((entry: Record<string, unknown>, i: number) => {
    if (typeof entry?.pack !== 'string' || typeof entry?.version !== 'string') {
      throw new GuardrailPackError(
        `${where}: packs[${i}] needs pack and version (strings)`,
      );
    }
    const parameters = entry.parameters ?? {};
    if (typeof parameters !== 'object' || Array.isArray(parameters)) {
      throw new GuardrailPackError(
        `${where}: packs[${i}].parameters must be a mapping`,
      );
    }
    return {
      pack: entry.pack,
      version: entry.version,
      parameters: parameters as GuardrailParameterValues,
    };
  });
  return { output: raw.output, packs };
}

/** A rendered policy and the file it belongs in. @public */
export interface RenderedGuardrailFile {
  pack: string;
  packVersion: string;
  /** Path of the file relative to the render file's folder, e.g. `rendered/guardrail-region-lock.json`. */
  file: string;
  policy: RenderedPolicy;
  /** The file's text: the compact document (what AWS stores and counts against the size limit) and a newline. */
  text: string;
}

/**
 * Renders every pack listed in a render file (default `guardrails/render.yaml`). Throws on an unknown pack, a
 * version that differs from the pack's, an unknown parameter or a policy name used twice.
 * @public
 */
export function renderGuardrails(
  renderFile: string,
  packsDir: string = path.join(path.dirname(renderFile), 'packs'),
): RenderedGuardrailFile[] {
  const config = loadGuardrailRenderConfig(renderFile);
  const packs = loadGuardrailPacks(packsDir);
  const out: RenderedGuardrailFile[] = [];
  const seen = new Set<string>();
  for (const entry of config.packs) {
    const pack = packs.get(entry.pack);
    if (!pack) {
      throw new GuardrailPackError(
        `${path.basename(renderFile)} lists pack ${
          entry.pack
        }, which is not in ${path.basename(packsDir)}/ (packs: ${[
          ...packs.keys(),
        ].join(', ')})`,
      );
    }
    if (pack.version !== entry.version) {
      throw new GuardrailPackError(
        `${path.basename(renderFile)} pins ${entry.pack} ${
          entry.version
        }, but the pack is at ${
          pack.version
        }: review the pack's changes, then update the version`,
      );
    }
    for (const policy of renderPack(pack, entry.parameters)) {
      if (seen.has(policy.name)) {
        throw new GuardrailPackError(
          `Policy name ${policy.name} is rendered twice`,
        );
      }
      seen.add(policy.name);
      out.push({
        pack: pack.name,
        packVersion: pack.version,
        file: path.posix.join(config.output, `${policy.name}.json`),
        policy,
        text: `${policy.content}\n`,
      });
    }
  }
  return out;
}

/**
 * Writes the rendered files next to the render file. With `check`, writes nothing and returns the files that are
 * missing or differ (what a CI check reports). Returns the relative paths written or out of date.
 * @public
 */
export function writeRenderedGuardrails(
  renderFile: string,
  options: { check?: boolean } = {},
): string[] {
  const base = path.dirname(renderFile);
  const changed: string[] = [];
  for (const rendered of renderGuardrails(renderFile)) {
    const target = path.join(base, rendered.file);
    const current = fs.existsSync(target)
      ? fs.readFileSync(target, 'utf8')
      : undefined;
    if (current === rendered.text) continue;
    changed.push(rendered.file);
    if (!options.check) {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, rendered.text);
    }
  }
  return changed;
}
