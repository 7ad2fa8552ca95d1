/**
 * The Kubernetes manifests under deploy/kubernetes, checked offline in three layers:
 * 1. schema: each object is validated by kubernetes-models, which bundles the JSON schemas of
 *    the Kubernetes API (types, required fields, enums, formats);
 * 2. field names: each object is type-checked against the same package's TypeScript interfaces,
 *    whose excess-property check catches a misspelt or unknown field (what kubeconform --strict
 *    does; the JSON schemas allow unknown fields);
 * 3. the service: every setting is one src/config.ts reads, with a value it accepts; the probes
 *    hit routes the service has; the grace period outlasts preStop plus the shutdown timeout; the
 *    HPA, PDB and Services select what the StatefulSet runs; the spool is on a per-replica
 *    volume; and the batch Job's arguments parse with the CLI for every completion index.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { buildProgram } from '../../src/cli/main.js';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const base = join(root, 'deploy/kubernetes');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

type Labels = Record<string, string>;
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } }[];
  envFrom?: { configMapRef?: { name: string } }[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  containers: Container[];
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean };
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Labels };
  // biome-ignore lint/suspicious/noExplicitAny: the kinds' specs differ; each check reads its own fields.
  spec: any;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return entry.name.endsWith('.yaml') && entry.name !== 'kustomization.yaml' ? [path] : [];
  });
}

const manifests = yamlFiles(base).flatMap((file) =>
  parseAllDocuments(readFileSync(file, 'utf8')).map((document, index) => ({
    where: `${relative(root, file)}#${index}`,
    manifest: document.toJS() as Manifest,
  })),
);
const only = (kind: string, name?: string): Manifest => {
  const found = manifests.filter(
    ({ manifest }) => manifest.kind === kind && (name === undefined || manifest.metadata.name === name),
  );
  expect(found, `one ${kind}${name ? ` ${name}` : ''}`).toHaveLength(1);
  return found[0]!.manifest;
};

/** Reads a kustomize env file: NAME=value lines, # comments. */
function envFile(path: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const at = line.indexOf('=');
    env[line.slice(0, at)] = line.slice(at + 1);
  }
  return env;
}

const kustomization = parseAllDocuments(
  readFileSync(join(base, 'kustomization.yaml'), 'utf8'),
)[0]?.toJS() as {
  resources: string[];
  configMapGenerator: { name: string; envs: string[] }[];
  images: { name: string; newName: string; newTag: string }[];
};
const generator = kustomization.configMapGenerator[0]!;
const replicaEnv = envFile(join(base, generator.envs[0]!));
const settings = new Set(CONFIG_VARIABLES.map((spec) => spec.variable));

const statefulSet = only('StatefulSet');
const pod = statefulSet.spec.template.spec as PodSpec;
const server = pod.containers[0]!;
const templateLabels = statefulSet.spec.template.metadata.labels as Labels;
const job = only('Job');
const scorer = (job.spec.template.spec as PodSpec).containers[0]!;

/** The module of kubernetes-models that holds `kind` of `apiVersion`. */
const modelPath = (apiVersion: string, kind: string) => `kubernetes-models/${apiVersion}/${kind}`;

describe('deploy/kubernetes: schemas', () => {
  it('holds the objects the deployment needs', () => {
    expect(manifests.map(({ manifest }) => `${manifest.apiVersion} ${manifest.kind}`).sort()).toEqual([
      'apps/v1 StatefulSet',
      'autoscaling/v2 HorizontalPodAutoscaler',
      'batch/v1 Job',
      'policy/v1 PodDisruptionBudget',
      'v1 PersistentVolumeClaim',
      'v1 Service',
      'v1 Service',
    ]);
  });

  it.each(manifests.map(({ where, manifest }) => [where, manifest] as const))(
    '%s validates against its Kubernetes JSON schema',
    async (_where, manifest) => {
      const module = (await import(modelPath(manifest.apiVersion, manifest.kind))) as Record<
        string,
        new (
          data: unknown,
        ) => { validate(): void }
      >;
      const Model = module[manifest.kind];
      expect(Model, `${manifest.apiVersion} ${manifest.kind} is a known kind`).toBeDefined();
      expect(() => new Model!(manifest).validate()).not.toThrow();
    },
  );

  it('uses no field the Kubernetes API does not define (typed against its interfaces)', () => {
    const file = join(root, 'test/deploy/manifests.virtual.ts');
    const source = manifests
      .map(({ where, manifest }, i) => {
        const name = `I${manifest.kind}`;
        return [
          `// ${where}`,
          `import type { ${name} as T${i} } from '${modelPath(manifest.apiVersion, manifest.kind)}';`,
          `export const m${i}: T${i} = ${JSON.stringify(manifest)};`,
        ].join('\n');
      })
      .join('\n');
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
    };
    const host = ts.createCompilerHost(options);
    const { getSourceFile, fileExists, readFile } = host;
    host.getSourceFile = (name, language, ...rest) =>
      name === file
        ? ts.createSourceFile(name, source, language)
        : getSourceFile.call(host, name, language, ...rest);
    host.fileExists = (name) => name === file || fileExists.call(host, name);
    host.readFile = (name) => (name === file ? source : readFile.call(host, name));
    const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram([file], options, host)).map((d) => {
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
      const where = source.split('\n')[line - 2] ?? '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    });
    expect(diagnostics).toEqual([]);
  });
});

describe('deploy/kubernetes: kustomization', () => {
  it('lists every manifest beside it, and the settings file it generates the ConfigMap from', () => {
    const beside = readdirSync(base).filter(
      (name) => name.endsWith('.yaml') && name !== 'kustomization.yaml',
    );
    expect([...kustomization.resources].sort()).toEqual(beside.sort());
    expect(server.envFrom).toEqual([{ configMapRef: { name: generator.name } }]);
  });

  it('sets the image of the StatefulSet and the batch Job to the same tag', () => {
    const [image] = kustomization.images;
    expect(image?.name).toBe(server.image);
    expect(scorer.image).toBe(`${image?.newName}:${image?.newTag}`);
  });
});

describe('deploy/kubernetes: the service', () => {
  const config = loadConfig(replicaEnv);

  it('sets only settings that src/config.ts reads, with values it accepts', () => {
    const names = [...Object.keys(replicaEnv), ...(server.env ?? []).map((e) => e.name)];
    expect(names.filter((name) => !settings.has(name))).toEqual([]);
    expect(() => loadConfig(replicaEnv)).not.toThrow();
  });

  it('points at a Redis Cluster, and takes the admin key from a Secret', () => {
    expect(config.redisUrl).toMatch(/^redis\+cluster:\/\/[^,]+:\d+(,[^,]+:\d+){2,}$/);
    const secretOf = (name: string) => server.env?.find((e) => e.name === name)?.valueFrom?.secretKeyRef;
    expect(secretOf('MULTIRANK_ADMIN_KEY')).toEqual({
      name: 'multirank-secrets',
      key: 'MULTIRANK_ADMIN_KEY',
    });
    expect(secretOf('REDIS_URL')).toEqual({ name: 'multirank-secrets', key: 'REDIS_URL', optional: true });
    expect(replicaEnv).not.toHaveProperty('MULTIRANK_ADMIN_KEY');
    expect(read('docs/operations.md')).toContain('kubectl create secret generic multirank-secrets');
  });

  it('probes liveness on /healthz and readiness on /readyz, routes the service has, on its named port', () => {
    const routes = [...read('src/http/routes/health.ts').matchAll(/app\.get\(\s*'([^']+)'/g)].map(
      (m) => m[1],
    );
    expect(routes).toEqual(['/healthz', '/readyz']);
    expect(server.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(server.startupProbe?.httpGet?.path).toBe('/healthz');
    expect(server.readinessProbe?.httpGet?.path).toBe('/readyz');
    const ports = (server.ports ?? []).map((p) => p.name);
    for (const probe of [server.livenessProbe, server.readinessProbe, server.startupProbe]) {
      expect(ports).toContain(probe?.httpGet?.port);
    }
    expect(server.ports?.[0]?.containerPort).toBe(config.port);
  });

  it('gives shutdown the preStop sleep plus MULTIRANK_SHUTDOWN_TIMEOUT_MS, and more, before SIGKILL', () => {
    const preStopMs = (server.lifecycle?.preStop?.sleep?.seconds ?? 0) * 1000;
    expect(preStopMs).toBeGreaterThanOrEqual(5_000);
    expect((pod.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(
      preStopMs + config.shutdownTimeoutMs,
    );
  });

  it('requests and limits CPU and memory, one scoring worker per CPU', () => {
    for (const kind of ['requests', 'limits'] as const) {
      expect(Object.keys(server.resources?.[kind] ?? {}).sort()).toEqual(['cpu', 'memory']);
    }
    expect(config.workers).toBe(Number(server.resources?.limits?.cpu));
  });

  it('keeps the event spool (and events file) on a per-replica volume that outlives the pod', () => {
    const claims = (statefulSet.spec.volumeClaimTemplates as { metadata: { name: string } }[]).map(
      (claim) => claim.metadata.name,
    );
    const mount = server.volumeMounts?.find((m) => claims.includes(m.name));
    expect(mount).toBeDefined();
    expect(dirname(config.eventsSpool)).toBe(mount?.mountPath);
    expect(dirname(config.eventsFile)).toBe(mount?.mountPath);
    expect(statefulSet.spec.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
  });

  it('runs non-root on a read-only root filesystem with a writable /tmp', () => {
    for (const spec of [pod, job.spec.template.spec as PodSpec]) {
      expect(spec.securityContext?.runAsNonRoot).toBe(true);
      const container = spec.containers[0]!;
      expect(container.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
      });
      expect(container.volumeMounts?.map((m) => m.mountPath)).toContain('/tmp');
    }
  });

  it('scales the StatefulSet on CPU with an HPA that owns the replica count', () => {
    const hpa = only('HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: statefulSet.apiVersion,
      kind: 'StatefulSet',
      name: statefulSet.metadata.name,
    });
    expect(hpa.spec.metrics).toContainEqual({
      type: 'Resource',
      resource: { name: 'cpu', target: expect.objectContaining({ type: 'Utilization' }) },
    });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    expect(statefulSet.spec.replicas).toBeUndefined();
  });

  it('selects the StatefulSet pods from the PDB and both Services, the headless one governing it', () => {
    expect(statefulSet.spec.selector.matchLabels).toEqual(templateLabels);
    const pdb = only('PodDisruptionBudget');
    expect(templateLabels).toMatchObject(pdb.spec.selector.matchLabels);
    expect(pdb.spec.maxUnavailable).toBe(1);
    const services = manifests.filter(({ manifest }) => manifest.kind === 'Service').map((m) => m.manifest);
    for (const service of services) {
      expect(templateLabels).toMatchObject(service.spec.selector);
      for (const port of service.spec.ports)
        expect(server.ports?.map((p) => p.name)).toContain(port.targetPort);
    }
    const headless = only('Service', statefulSet.spec.serviceName);
    expect(headless.spec.clusterIP).toBe('None');
  });
});

describe('deploy/kubernetes: the batch scoring Job', () => {
  const completions = job.spec.completions as number;

  /** What the score verb would run with, parsed by the CLI itself (the action replaced). */
  async function parseScore(args: string[]): Promise<Record<string, unknown>> {
    const program = buildProgram().exitOverride();
    const score = program.commands.find((command) => command.name() === 'score')!;
    let flags: Record<string, unknown> | undefined;
    score.exitOverride().action((options: Record<string, unknown>) => {
      flags = options;
    });
    await program.parseAsync(args, { from: 'user' });
    return flags ?? {};
  }

  it('is an Indexed Job whose pods run `multirank score` from the image', () => {
    expect(job.spec.completionMode).toBe('Indexed');
    expect(completions).toBeGreaterThan(1);
    expect(job.spec.parallelism).toBeLessThanOrEqual(completions);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(job.spec.podReplacementPolicy).toBe('Failed');
    expect(scorer.command).toEqual(['multirank']);
    expect(JSON.parse(read('package.json')).bin).toHaveProperty('multirank');
    expect(read('Dockerfile')).toContain('/usr/local/bin/multirank');
    expect(scorer.args?.[0]).toBe('score');
    // JOB_COMPLETION_INDEX is the Job controller's, not a setting; every other variable is one.
    const names = (scorer.env ?? []).map((e) => e.name).filter((name) => name !== 'JOB_COMPLETION_INDEX');
    expect(names.filter((name) => !settings.has(name))).toEqual([]);
  });

  it.each(Array.from({ length: completions }, (_, i) => i))(
    'parses with the CLI as shard I/N for completion index %i, each with its own output',
    async (index) => {
      const args = (scorer.args ?? []).map((arg) => arg.replaceAll('$(JOB_COMPLETION_INDEX)', String(index)));
      const flags = await parseScore(args);
      expect(flags.shard).toEqual({ index, count: completions });
      expect(flags.out).toBe(`/data/scores-${index}.jsonl`);
      expect(flags.workers).toBe(Number(scorer.resources?.limits?.cpu));
      // The model is one the image carries (COPY models ./models into WORKDIR /app).
      expect(String(flags.model)).toMatch(/^\/app\/models\//);
      expect(readdirSync(join(root, String(flags.model).replace('/app/', '')))).toContain('manifest.json');
    },
  );

  it('mounts the shared volume where the arguments read and write', () => {
    const volume = job.spec.template.spec.volumes.find((v: { name: string }) =>
      scorer.volumeMounts?.some((m) => m.name === v.name && m.mountPath === '/data'),
    );
    const claim = only('PersistentVolumeClaim');
    expect(volume?.persistentVolumeClaim?.claimName).toBe(claim.metadata.name);
    expect(claim.spec.accessModes).toEqual(['ReadWriteMany']);
  });
});
