/** The user feature store's public surface: origins, the layered store and its parts. */
export {
  type BreakerSnapshot,
  type BreakerState,
  type CircuitBreaker,
  createBreaker,
} from '../../storage/breaker.js';
export { type FileOriginOptions, loadFileOrigin, type TableOrigin, tableOrigin } from './file-origin.js';
export {
  createHttpOrigin,
  type HttpOrigin,
  HttpOriginError,
  type HttpOriginOptions,
  type HttpOriginStats,
} from './http-origin.js';
export { createLru, type Lru, type LruOptions } from './lru.js';
export {
  resolveStoreOptions,
  USER_STORE_DEFAULTS,
  type UserFeatureStoreOptions,
  type UserStoreState,
  type UserStoreStats,
} from './options.js';
export {
  createRedisFeatureCache,
  type RedisFeatureCache,
  type RedisFeatureCacheOptions,
} from './redis-cache.js';
export { createUserFeatureStore, type UserFeatureStore } from './store.js';
export {
  type CachedUser,
  FEATURE_LAYERS,
  type FeatureLayer,
  type ResolvedUser,
  type UserFeatureOrigin,
  type UserFeatures,
} from './types.js';
