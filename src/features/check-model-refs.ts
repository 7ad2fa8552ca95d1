/**
 * Cross-checks of the `model` section's references to features: shared embedding tables and
 * dot-product interactions must name embedded features that can actually share or be multiplied.
 */
import type { ConfigIssue } from './config-check.js';
import type { FeatureDef, HashedIds } from './spec.js';
import type { ModelDef } from './training-config.js';

/** The hashing of an id feature, or null when its ids come from a fitted vocabulary (or it has none). */
function hashingOf(feature: FeatureDef): HashedIds | null {
  if (feature.type === 'hashed') return { encoding: 'hashed', buckets: feature.buckets, seed: feature.seed };
  if (feature.type === 'bag' && feature.ids.encoding === 'hashed') return feature.ids;
  return null;
}

/** Issues with `model.sharedEmbeddings`, `model.interactions` and `model.wide`. */
export function checkModelReferences(model: ModelDef, features: FeatureDef[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const byName = new Map(features.map((f) => [f.name, f]));
  const lookup = (path: string, name: string): FeatureDef | null => {
    const feature = byName.get(name);
    if (!feature) issues.push({ path, message: `no feature named "${name}"` });
    return feature ?? null;
  };

  const groupOf = new Map<string, string>();
  model.sharedEmbeddings.forEach((group, g) => {
    const path = `model.sharedEmbeddings[${g}]`;
    const resolved = group.map((name) => lookup(path, name));
    if (resolved.some((f) => f === null)) return;
    const first = resolved[0]!;
    const firstHash = hashingOf(first);
    for (const feature of resolved as FeatureDef[]) {
      const hash = hashingOf(feature);
      if (!hash) {
        // Vocabulary ids differ per feature, so only hashed ids mean the same thing in every column.
        issues.push({
          path,
          message: `"${feature.name}" must be hashed (type hashed, or a bag with buckets)`,
        });
        continue;
      }
      if (firstHash && (hash.buckets !== firstHash.buckets || hash.seed !== firstHash.seed)) {
        issues.push({
          path,
          message: `"${feature.name}" hashes into ${hash.buckets} buckets with seed ${hash.seed}, "${first.name}" into ${firstHash.buckets} with seed ${firstHash.seed}; a shared table needs the same`,
        });
      }
      const dims = [feature, first].map((f) => ('embeddingDim' in f ? f.embeddingDim : null));
      if (dims[0] !== null && dims[1] !== null && dims[0] !== dims[1]) {
        issues.push({
          path,
          message: `"${feature.name}" and "${first.name}" declare different embeddingDim`,
        });
      }
      const earlier = groupOf.get(feature.name);
      if (earlier && earlier !== path)
        issues.push({ path, message: `"${feature.name}" is already in ${earlier}` });
      groupOf.set(feature.name, path);
    }
  });

  const pairs = new Set<string>();
  model.interactions.forEach((pair, i) => {
    const path = `model.interactions[${i}]`;
    const key = [...pair].sort().join('\u0000');
    if (pairs.has(key)) issues.push({ path, message: 'listed twice' });
    pairs.add(key);
    for (const name of pair) {
      const feature = lookup(path, name);
      if (feature?.type === 'numeric')
        issues.push({ path, message: `"${name}" is numeric; only embedded features interact` });
    }
  });
  model.wide.forEach((name, i) => {
    if (model.wide.indexOf(name) !== i)
      issues.push({ path: `model.wide[${i}]`, message: `"${name}" listed twice` });
    const feature = lookup(`model.wide[${i}]`, name);
    if (feature && feature.type !== 'categorical' && feature.type !== 'hashed') {
      issues.push({
        path: `model.wide[${i}]`,
        message: `"${name}" is ${feature.type}; wide inputs are single ids (categorical or hashed)`,
      });
    }
  });
  return issues;
}
