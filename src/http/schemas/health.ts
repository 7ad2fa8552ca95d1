/** Schemas of the liveness and readiness probes. */
import { type Static, Type } from '@sinclair/typebox';

/** GET /healthz: the process is up and serving HTTP. */
export const Liveness = Type.Object(
  { status: Type.Literal('ok'), uptimeSeconds: Type.Number() },
  { description: 'The process answers.', examples: [{ status: 'ok', uptimeSeconds: 3605.2 }] },
);

/** State of one part the service depends on. */
export const ComponentHealth = Type.Object({
  name: Type.String({ description: 'model, redis, tf-backend, ...' }),
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('down')]),
  detail: Type.Optional(Type.String()),
});
export type ComponentHealth = Static<typeof ComponentHealth>;

/** GET /readyz: ready to take traffic, possibly with degraded parts named. */
export const Readiness = Type.Object(
  {
    status: Type.Union([Type.Literal('ready'), Type.Literal('degraded'), Type.Literal('unavailable')]),
    backend: Type.String({ description: 'TensorFlow.js backend in use.' }),
    engine: Type.Optional(
      Type.String({ description: 'Inference engine of the served model: `onnx` (ONNX Runtime) or `tfjs`.' }),
    ),
    degraded: Type.Array(Type.String(), { description: 'Names of parts running in a fallback mode.' }),
    components: Type.Array(ComponentHealth),
  },
  {
    description: 'Ready for traffic; `degraded` names the parts running in a fallback mode.',
    examples: [
      {
        status: 'degraded',
        backend: 'wasm',
        engine: 'onnx',
        degraded: ['redis'],
        components: [
          { name: 'redis', status: 'degraded', detail: 'REDIS_URL not set' },
          { name: 'model', status: 'ok', detail: 'default sha256:94993491a3ab on onnx' },
          { name: 'experiments', status: 'ok', detail: 'source file' },
          { name: 'events', status: 'ok', detail: 'file' },
        ],
      },
    ],
  },
);
export type Readiness = Static<typeof Readiness>;
