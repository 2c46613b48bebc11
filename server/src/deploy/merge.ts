// `docker-compose.yml` + `docker-compose.override.yml` (and `compose.yaml` +
// `compose.override.yaml`, generally `<base>.yml` + `<base>.override.yml` in the same folder) are
// what `docker compose up` runs by default: the audit merges them the way Compose does before
// looking at a service. Compose's rules (docs: "Merge Compose files"):
// - single-value keys (image, command, entrypoint, mem_limit, cpus, healthcheck, replicas) are
//   replaced by the override;
// - maps (environment, labels) are merged key by key, the override winning;
// - volumes are merged by container path (the override's mount of the same target replaces);
// - ports and expose are concatenated (duplicates dropped); depends_on, aliases united.
// Values keep the position in the file they come from (`file` on the override's values), so a
// finding points at the line that sets the value and the tuner edits that line.
import * as path from 'node:path';
import { isMap, type YAMLMap } from 'yaml';
import type { ComposeFile, ComposeService, Located } from './compose';
import { normPath } from './files';

/** `docker-compose.override.yml` → true. */
export function isOverrideFile(file: string): boolean {
  return /\.override\.ya?ml$/i.test(path.posix.basename(normPath(file)));
}

/** The override of a base compose file among `files` (same folder, `<stem>.override.yml|yaml`). */
export function overrideFor(base: ComposeFile, files: ComposeFile[]): ComposeFile | undefined {
  const b = normPath(base.file);
  if (isOverrideFile(b)) return undefined;
  const dir = path.posix.dirname(b);
  const stem = path.posix.basename(b).replace(/\.ya?ml$/i, '').toLowerCase();
  return files.find((f) => {
    const p = normPath(f.file);
    return path.posix.dirname(p) === dir && path.posix.basename(p).toLowerCase().replace(/\.ya?ml$/, '') === `${stem}.override`;
  });
}

function tag<T extends object>(x: T | undefined, file: string): T | undefined {
  return x ? { ...x, file } : undefined;
}

/** The override sets replicas (`deploy.replicas` or `scale`): its value wins. */
function setsReplicas(map: YAMLMap): boolean {
  const deploy = map.get('deploy', true);
  return map.has('scale') || (isMap(deploy) && deploy.has('replicas'));
}

export function mergeService(b: ComposeService, o: ComposeService): ComposeService {
  const environment = new Map<string, Located<string>>(b.environment);
  for (const [k, v] of o.environment) environment.set(k, { ...v, file: o.file });
  const volumes = [...b.volumes.filter((v) => !o.volumes.some((x) => normPath(x.target) === normPath(v.target))), ...o.volumes.map((v) => ({ ...v, file: o.file }))];
  const ports = [...b.ports];
  for (const p of o.ports) if (!ports.some((x) => x.raw === p.raw)) ports.push({ ...p, file: o.file });
  const labelKey = (l: string) => l.split('=')[0];
  const labels = [...b.labels.filter((l) => !o.labels.some((x) => labelKey(x) === labelKey(l))), ...o.labels];
  const union = (a: string[], c: string[]) => [...new Set([...a, ...c])];
  return {
    ...b,
    image: tag(o.image, o.file) ?? b.image,
    build: o.build ?? b.build,
    command: tag(o.command, o.file) ?? b.command,
    entrypoint: tag(o.entrypoint, o.file) ?? b.entrypoint,
    environment,
    environmentNode: tag(o.environmentNode, o.file) ?? b.environmentNode,
    volumes,
    ports,
    expose: union(b.expose, o.expose),
    labels,
    memLimit: tag(o.memLimit, o.file) ?? b.memLimit,
    cpus: tag(o.cpus, o.file) ?? b.cpus,
    replicas: setsReplicas(o.map) ? o.replicas : b.replicas,
    healthcheck: tag(o.healthcheck, o.file) ?? b.healthcheck,
    dependsOn: union(b.dependsOn, o.dependsOn),
    aliases: union(b.aliases, o.aliases),
    project: b.file,
    override: { file: o.file, map: o.map, keyRange: o.keyRange },
  };
}

/**
 * The services of a base file merged with its override: the base's order, then services only the
 * override defines (they keep their own file and positions). A malformed override adds nothing
 * (its syntax error is reported on its own).
 */
export function mergeComposeServices(base: ComposeFile, over: ComposeFile | undefined): ComposeService[] {
  if (!over || over.error) return base.services;
  const out = base.services.map((b) => {
    const o = over.services.find((x) => x.name === b.name);
    return o ? mergeService(b, o) : b;
  });
  for (const o of over.services) if (!base.services.some((b) => b.name === o.name)) out.push({ ...o, project: base.file });
  return out;
}

/** Project a service belongs to (its base compose file). */
export function projectOf(s: ComposeService): string {
  return s.project ?? s.file;
}
