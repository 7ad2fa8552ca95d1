/**
 * The Dockerfile, its build context and the node_modules slimming, checked statically (no Docker
 * engine runs here): the file is validated by dockerfile-utils (the linter of VS Code's Docker
 * extension: unknown instructions and flags, malformed JSON forms, duplicate CMD/HEALTHCHECK),
 * and what the image promises is checked against the repository: an LTS Node base, an install
 * that downloads nothing beyond the npm registry, a non-root user, a healthcheck on a real
 * route, settings that src/config.ts knows, and a context that carries every COPY source and
 * none of data/, node_modules/, .git/ or secrets.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../src/config.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** One instruction: its keyword and its arguments, continuation lines joined. */
interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions grouped by build stage (a FROM starts one). */
function stages(text: string): Instruction[][] {
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  const result: Instruction[][] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const [keyword = '', ...rest] = trimmed.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    if (instruction.keyword === 'FROM') result.push([]);
    result.at(-1)?.push(instruction);
  }
  return result;
}

/** Whether `.dockerignore` leaves `path` out of the build context (Docker's rules: last match wins, a match on a parent folder counts). */
function excluded(patterns: string[], path: string): boolean {
  const toRegExp = (pattern: string) =>
    new RegExp(
      `^${pattern.replace(/\*\*\/|\*\*|\*|\?|[.+^${}()|[\]\\]/g, (token) => {
        if (token === '**/') return '(.*/)?';
        if (token === '**') return '.*';
        if (token === '*') return '[^/]*';
        if (token === '?') return '[^/]';
        return `\\${token}`;
      })}$`,
    );
  const parents = path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  let out = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).replace(/^\/+|\/+$/g, '');
    if (parents.some((candidate) => toRegExp(pattern).test(candidate))) out = !negated;
  }
  return out;
}

const dockerfile = read('Dockerfile');
const [build = [], deps = [], runtime = []] = stages(dockerfile);
const ignorePatterns = read('.dockerignore')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const settings = new Set(CONFIG_VARIABLES.map((spec) => spec.variable));

describe('Dockerfile', () => {
  it('passes dockerfile-utils validation with no diagnostics', () => {
    expect(validate(dockerfile).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('builds every stage on one pinned LTS Node slim base', () => {
    const bases = [build, deps, runtime].map((stage) => stage[0]?.args.split(' ')[0]);
    expect(new Set(bases).size).toBe(1);
    const match = /^node:(\d+)-([a-z]+)-slim$/.exec(bases[0] ?? '');
    expect(match, `base ${bases[0]}: node:<major>-<debian>-slim`).not.toBeNull();
    const major = Number(match?.[1]);
    // Even majors become LTS; 20 reached its end of life in April 2026.
    expect(major % 2).toBe(0);
    expect(major).toBeGreaterThanOrEqual(22);
  });

  it('installs from the lockfile without optional dependencies or install scripts, .npmrc copied first', () => {
    for (const [name, stage, omit] of [
      ['build', build, ['--omit=optional']],
      ['deps', deps, ['--omit=dev', '--omit=optional']],
    ] as const) {
      const install = stage.findIndex((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
      expect(install, `${name}: npm ci`).toBeGreaterThan(0);
      const args = stage[install]?.args ?? '';
      for (const flag of [...omit, '--ignore-scripts']) expect(args, `${name}: ${flag}`).toContain(flag);
      const npmrc = stage.findIndex((i) => i.keyword === 'COPY' && i.args.split(' ').includes('.npmrc'));
      expect(npmrc, `${name}: COPY .npmrc before npm ci`).toBeGreaterThan(0);
      expect(npmrc).toBeLessThan(install);
    }
    expect(read('.npmrc')).toMatch(/^onnxruntime-node-install=skip$/m);
  });

  it('needs no install script of a production dependency (they are skipped in the image)', () => {
    // A package that needs its script to work would be broken in the image, silently: this list
    // makes each one a decision. onnxruntime-node's only downloads a CUDA provider (the CPU
    // library ships in the package; .npmrc skips it outside Docker too); core-js's prints a
    // banner; protobufjs 6's makes an empty folder for its CLI.
    const lock = JSON.parse(read('package-lock.json')) as {
      packages: Record<
        string,
        { hasInstallScript?: boolean; dev?: boolean; optional?: boolean; devOptional?: boolean }
      >;
    };
    const scripted = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.hasInstallScript && !p.dev && !p.optional && !p.devOptional)
      .map(([path]) => path.replace(/^.*node_modules\//, ''))
      .sort();
    expect(scripted).toEqual(['core-js', 'onnxruntime-node', 'protobufjs']);
  });

  it('runs as a non-root user with a healthcheck on /healthz and the compiled server', () => {
    const user = runtime.filter((i) => i.keyword === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user?.split(':')[0]);
    const healthcheck = runtime.find((i) => i.keyword === 'HEALTHCHECK')?.args ?? '';
    expect(healthcheck).toContain('/healthz');
    expect(read('src/http/routes/health.ts')).toContain("'/healthz'");
    expect(runtime.at(-1)).toEqual({ keyword: 'CMD', args: '["node", "dist/server.js"]' });
    expect(existsSync(join(root, 'src/server.ts'))).toBe(true);
  });

  it('sets only settings that src/config.ts reads (and NODE_ENV)', () => {
    const names = runtime
      .filter((i) => i.keyword === 'ENV')
      .flatMap((i) => [...i.args.matchAll(/(\w+)=/g)].map((m) => m[1] ?? ''));
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => name !== 'NODE_ENV' && !settings.has(name))).toEqual([]);
  });
});

describe('.dockerignore', () => {
  const copySources = [build, deps, runtime]
    .flat()
    .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))
    .flatMap((i) => i.args.split(' ').slice(0, -1));

  it('lets in every COPY source, and each exists', () => {
    expect(copySources.length).toBeGreaterThan(5);
    for (const source of copySources) {
      expect(existsSync(join(root, source)), `${source} exists`).toBe(true);
      expect(excluded(ignorePatterns, source), `${source} is in the build context`).toBe(false);
    }
    expect(excluded(ignorePatterns, 'src/server.ts')).toBe(false);
    expect(excluded(ignorePatterns, 'models/default/model.onnx')).toBe(false);
  });

  it.each([
    'data/sim/interactions.jsonl',
    'node_modules/fastify/package.json',
    'src/node_modules/x.js',
    '.git/HEAD',
    'dist/server.js',
    'bench/results/rank-http.json',
    'test/config.test.ts',
    'coverage/index.html',
    '.vitest-report.json',
    '.env',
    'models/default/.env',
    'docs/operations.md',
    'Dockerfile',
  ])('leaves out %s', (path) => {
    expect(excluded(ignorePatterns, path)).toBe(true);
  });
});

describe('deploy/docker/slim-node-modules.sh', () => {
  const modules = join(root, 'node_modules');
  const listed = execFileSync('sh', [join(root, 'deploy/docker/slim-node-modules.sh'), '--list', modules], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter((line) => line !== '')
    .map((path) => relative(modules, path));
  const dropped = (path: string) => listed.some((gone) => path === gone || path.startsWith(`${gone}/`));
  const tensorflow = ['tfjs', 'tfjs-core', 'tfjs-layers', 'tfjs-converter', 'tfjs-data']
    .concat(['tfjs-backend-cpu', 'tfjs-backend-webgl', 'tfjs-backend-wasm'])
    .map((name) => `@tensorflow/${name}`);

  it('keeps what Node loads of TF.js: package.json, the main bundle, the wasm binaries', () => {
    for (const name of tensorflow) {
      const manifest = JSON.parse(read(`node_modules/${name}/package.json`)) as {
        main: string;
        exports?: unknown;
      };
      // No exports map: Node resolves the package through `main` alone.
      expect(manifest.exports, name).toBeUndefined();
      expect(manifest.main, name).toMatch(/^dist\/[\w-]+\.node\.js$/);
      expect(dropped(`${name}/package.json`), name).toBe(false);
      expect(dropped(`${name}/${manifest.main}`), `${name}/${manifest.main}`).toBe(false);
      // The bundle is self-contained: it requires packages, never files beside it.
      const bundle = read(`node_modules/${name}/${manifest.main}`);
      expect(bundle.match(/require\(['"]\.{1,2}\/[^'"]*['"]\)/g) ?? [], name).toEqual([]);
    }
    for (const wasm of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) {
      expect(dropped(`@tensorflow/tfjs-backend-wasm/dist/${wasm}`), wasm).toBe(false);
    }
    expect(dropped('@tensorflow/tfjs/dist/tf.min.js.map')).toBe(true);
  });

  it("keeps this platform's ONNX Runtime binding and drops the others", () => {
    const binding = read('node_modules/onnxruntime-node/dist/binding.js');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the loader's template literal, as its source spells it.
    expect(binding).toContain('../bin/napi-v6/${process.platform}/${process.arch}/onnxruntime_binding.node');
    const here = `onnxruntime-node/bin/napi-v6/${process.platform}/${process.arch}`;
    expect(existsSync(join(modules, here, 'onnxruntime_binding.node'))).toBe(true);
    expect(dropped(`${here}/onnxruntime_binding.node`)).toBe(false);
    expect(dropped('onnxruntime-node/dist/binding.js')).toBe(false);
    expect(listed.filter((path) => path.startsWith('onnxruntime-node/')).length).toBeGreaterThan(0);
  });

  it('touches nothing outside onnxruntime-node and @tensorflow', () => {
    expect(listed.filter((path) => !/^(onnxruntime-node|@tensorflow)\//.test(path))).toEqual([]);
  });
});
