/**
 * Generated from openapi.yaml by openapi-typescript (`npm run client`; the build runs it). Do not
 * edit: change the route schemas, then `npm run openapi && npm run client`.
 */
export interface paths {
  '/healthz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness: the process answers */
    get: operations['getLiveness'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/readyz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Readiness: 200 when traffic can be served (possibly degraded), 503 when not */
    get: operations['getReadiness'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rank': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Rank candidates for a user (or generate them), sorted by the combined score */
    post: operations['rank'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/rank/batch': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Rank many requests in one call; each entry succeeds or fails on its own */
    post: operations['rankBatch'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/models': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Model bundles under the models directory, the served one marked active */
    get: operations['listModels'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/models/{version}/activate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Load, validate and warm up a bundle, then serve it; the old one finishes its requests */
    post: operations['activateModel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/models/{version}/card': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A bundle's card: manifest, validation metrics against the popularity baseline, curves, gates, training data and split, and the reports it carries */
    get: operations['getModelCard'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/experiments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The definitions this replica serves, by id, and where they came from */
    get: operations['listExperiments'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/experiments/assignment': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A user's assignment (what a rank request would use) and, optionally, their buckets in one experiment */
    get: operations['getAssignment'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/experiments/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One definition */
    get: operations['getExperiment'];
    /** Create or replace a definition (validated in full); every replica picks it up within the refresh interval */
    put: operations['putExperiment'];
    post?: never;
    /** Remove a definition (a file definition stays removed until the file changes it) */
    delete: operations['deleteExperiment'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/items': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Add or replace items, each checked against the served model: the good ones stored, the others named (200 either way) */
    put: operations['putItems'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/items/{itemId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An item as ranking sees it: pushed (or taken down) through the API, else the bundle’s */
    get: operations['getItem'];
    put?: never;
    post?: never;
    /** Take an item down: never returned by ranking (sent, generated or in the index) on any replica within the catalog refresh */
    delete: operations['deleteItem'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/users/{userId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The user's features as ranking uses them, and where they come from */
    get: operations['getUser'];
    /** Store a user's features (Redis, no expiry), checked against the served model; every replica ranks with them within the catalog refresh */
    put: operations['putUser'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Record feedback events (one, or a batch); idempotent by eventId */
    post: operations['postEvents'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/experiments/{id}/report': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An experiment's per-variant metrics with 95% CIs, lift over control and the SRM check */
    get: operations['getExperimentReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** FeedbackEvent */
    FeedbackEvent: {
      /** @description Caller-chosen unique id: a re-sent id is acknowledged but stored once. */
      eventId: string;
      /** @enum {string} */
      type: 'impression' | 'click' | 'watch' | 'like' | 'dismiss' | 'rating';
      /** @description The user. */
      userId: string;
      /** @description The item shown or acted on. */
      itemId: string;
      /** @description The rank response's requestId the item was shown in. */
      requestId?: string;
      /** @description Experiment of that rank response. */
      experimentId?: string;
      /** @description Variant of that rank response. */
      variant?: string;
      /** @description Unix milliseconds; default: the time of receipt. */
      timestamp?: number;
      /** @description watch: seconds watched (required, >= 0); rating: the rating (required). */
      value?: number;
      /** @description impression: 1-based position shown. */
      position?: number;
      /** @description impression: device. */
      device?: string;
      /** @description impression: request context worth keeping for training. current_item_id (a string or number) and recent_items (a list of item ids) become export columns. */
      context?: {
        [key: string]: unknown;
      };
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getLiveness: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The process answers. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "status": "ok",
           *       "uptimeSeconds": 3605.2
           *     }
           */
          'application/json': {
            /** @enum {string} */
            status: 'ok';
            uptimeSeconds: number;
          };
        };
      };
      /** @description Unavailable for now (load shed, a store unreachable, shutting down); retry after retry-after. */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAVAILABLE",
           *         "message": "the service is shutting down; retry (another replica)"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
    };
  };
  getReadiness: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Ready for traffic; `degraded` names the parts running in a fallback mode. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "status": "degraded",
           *       "backend": "wasm",
           *       "engine": "onnx",
           *       "degraded": [
           *         "redis"
           *       ],
           *       "components": [
           *         {
           *           "name": "redis",
           *           "status": "degraded",
           *           "detail": "REDIS_URL not set"
           *         },
           *         {
           *           "name": "model",
           *           "status": "ok",
           *           "detail": "default sha256:94993491a3ab on onnx"
           *         },
           *         {
           *           "name": "experiments",
           *           "status": "ok",
           *           "detail": "source file"
           *         },
           *         {
           *           "name": "events",
           *           "status": "ok",
           *           "detail": "file"
           *         }
           *       ]
           *     }
           */
          'application/json': {
            status: 'ready' | 'degraded' | 'unavailable';
            /** @description TensorFlow.js backend in use. */
            backend: string;
            /** @description Inference engine of the served model: `onnx` (ONNX Runtime) or `tfjs`. */
            engine?: string;
            /** @description Names of parts running in a fallback mode. */
            degraded: string[];
            components: {
              /** @description model, redis, tf-backend, ... */
              name: string;
              status: 'ok' | 'degraded' | 'down';
              detail?: string;
            }[];
          };
        };
      };
      /** @description Not ready: a part is down (the readiness, `unavailable`), or the service is shutting down (the error). */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAVAILABLE",
           *         "message": "the service is shutting down; retry (another replica)"
           *       }
           *     }
           */
          'application/json':
            | {
                status: 'ready' | 'degraded' | 'unavailable';
                /** @description TensorFlow.js backend in use. */
                backend: string;
                /** @description Inference engine of the served model: `onnx` (ONNX Runtime) or `tfjs`. */
                engine?: string;
                /** @description Names of parts running in a fallback mode. */
                degraded: string[];
                components: {
                  /** @description model, redis, tf-backend, ... */
                  name: string;
                  status: 'ok' | 'degraded' | 'down';
                  detail?: string;
                }[];
              }
            | {
                error: {
                  /** @description Stable machine-readable code. */
                  code:
                    | 'BAD_REQUEST'
                    | 'UNAUTHORIZED'
                    | 'FORBIDDEN'
                    | 'NOT_FOUND'
                    | 'CONFLICT'
                    | 'PAYLOAD_TOO_LARGE'
                    | 'UNSUPPORTED_MEDIA_TYPE'
                    | 'TOO_MANY_REQUESTS'
                    | 'INTERNAL'
                    | 'UNAVAILABLE';
                  /** @description What went wrong; names the offending field for bad input. */
                  message: string;
                };
              };
        };
      };
    };
  };
  rank: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "userId": "u42",
         *       "context": {
         *         "device": "tv",
         *         "current_item_id": "i17"
         *       },
         *       "candidates": [
         *         {
         *           "itemId": "i3"
         *         },
         *         {
         *           "itemId": "i8"
         *         },
         *         {
         *           "itemId": "i99",
         *           "features": {
         *             "duration_seconds": 300
         *           }
         *         }
         *       ],
         *       "limit": 2
         *     }
         */
        'application/json': {
          userId: string;
          /** @description Feature values by column: strings, numbers, or arrays of ids for bag features. */
          context?: {
            [key: string]: unknown;
          };
          /** @description Items to rank (at most 1000; repeats are collapsed). Omit to let the candidate generators fill the list. */
          candidates?: {
            itemId: string;
            /** @description Per-candidate item or context values; they override the item catalog's. */
            features?: {
              [key: string]: unknown;
            };
          }[];
          /** @description Items returned; default 20. */
          limit?: number;
          /** @description Add head contributions and the user features used. */
          explain?: boolean;
          /** @description Candidates missing from the item catalog: rank with defaults and flag, or reject. */
          unknownItems?: 'default' | 'reject';
          /** @description Force this experiment variant (QA); otherwise the user's assignment decides. */
          experiment?: {
            id: string;
            variant: string;
          };
        };
      };
    };
    responses: {
      /** @description The top `limit` candidates by combined score, each with its per-head predictions. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "requestId": "22ff9197-ee86-4a32-8b9d-4d0db4d34297",
           *       "model": "default",
           *       "candidates": 3,
           *       "items": [
           *         {
           *           "itemId": "i3",
           *           "score": 0.0955,
           *           "heads": {
           *             "click": 0.0955,
           *             "watch": 0.6265,
           *             "like": 0.0275,
           *             "dismiss": 0.0041,
           *             "rating": 3.6141
           *           }
           *         },
           *         {
           *           "itemId": "i99",
           *           "score": 0.0898,
           *           "heads": {
           *             "click": 0.0898,
           *             "watch": 0.6042,
           *             "like": 0.0186,
           *             "dismiss": 0.0048,
           *             "rating": 3.704
           *           }
           *         }
           *       ]
           *     }
           */
          'application/json': {
            requestId: string;
            /** @description The model version that scored the request. */
            model: string;
            /** @description Distinct candidates scored. */
            candidates: number;
            /** @description The experiment variant whose profile ranked the request (absent outside experiments). */
            experiment?: {
              id: string;
              variant: string;
              forced: boolean;
            };
            items: {
              itemId: string;
              /** @description The profile's combined score (see docs/combination.md). */
              score: number;
              /** @description Per-head predictions in label units. */
              heads: {
                [key: string]: number;
              };
              /** @description Candidate generators that proposed it. */
              sources?: string[];
              /** @description Not in the item catalog: ranked with default item features. */
              unknown?: boolean;
              explanation?: {
                contributions: {
                  [key: string]: number;
                };
              };
            }[];
            explanation?: {
              /** CombinationProfile */
              profile: {
                /**
                 * @description `sum`: Σ w·f(p); `product`: Π f(p)^w.
                 * @enum {string}
                 */
                form: 'sum' | 'product';
                /** @description Weight per head of the served model; heads left out weigh 0 (sum) or 0 as exponent, i.e. factor 1 (product). */
                weights: {
                  [key: string]: number;
                };
                /** @description Per-head transform before weighting; heads left out use their training transform. */
                transforms?: {
                  [key: string]: unknown;
                };
              };
              userFeatures: {
                [key: string]: unknown;
              };
              userFeatureSource: 'l1' | 'pushed' | 'redis' | 'origin' | 'default';
              historySource: 'redis' | 'none' | 'unavailable';
              history: string[];
            };
          };
        };
      };
      /** @description Bad request: the message names the offending field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "BAD_REQUEST",
           *         "message": "body/limit must be >= 1"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Body over MULTIRANK_BODY_LIMIT. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "PAYLOAD_TOO_LARGE",
           *         "message": "Request body is too large"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description The body is not application/json. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNSUPPORTED_MEDIA_TYPE",
           *         "message": "Unsupported Media Type"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Over the per-client rate limit (MULTIRANK_RATE_LIMIT_PER_MINUTE); retry-after says when. */
      429: {
        headers: {
          /** @description Seconds until the rate window resets. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "TOO_MANY_REQUESTS",
           *         "message": "rate limit of 6000 requests per minute exceeded; retry in 12 seconds"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Unavailable for now (load shed, a store unreachable, shutting down); retry after retry-after. */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAVAILABLE",
           *         "message": "the service is shutting down; retry (another replica)"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
    };
  };
  rankBatch: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "requests": [
         *         {
         *           "userId": "u42",
         *           "context": {
         *             "device": "tv",
         *             "current_item_id": "i17"
         *           },
         *           "candidates": [
         *             {
         *               "itemId": "i3"
         *             },
         *             {
         *               "itemId": "i8"
         *             },
         *             {
         *               "itemId": "i99",
         *               "features": {
         *                 "duration_seconds": 300
         *               }
         *             }
         *           ],
         *           "limit": 1
         *         },
         *         {
         *           "userId": "u7",
         *           "context": {
         *             "device": "mobile"
         *           },
         *           "limit": 2
         *         },
         *         {
         *           "userId": "u9",
         *           "candidates": [
         *             {
         *               "itemId": "ghost"
         *             }
         *           ],
         *           "unknownItems": "reject"
         *         }
         *       ]
         *     }
         */
        'application/json': {
          /** @description Rank requests (at most 100), answered in order; a bad entry fails alone. */
          requests: {
            userId: string;
            /** @description Feature values by column: strings, numbers, or arrays of ids for bag features. */
            context?: {
              [key: string]: unknown;
            };
            /** @description Items to rank (at most 1000; repeats are collapsed). Omit to let the candidate generators fill the list. */
            candidates?: {
              itemId: string;
              /** @description Per-candidate item or context values; they override the item catalog's. */
              features?: {
                [key: string]: unknown;
              };
            }[];
            /** @description Items returned; default 20. */
            limit?: number;
            /** @description Add head contributions and the user features used. */
            explain?: boolean;
            /** @description Candidates missing from the item catalog: rank with defaults and flag, or reject. */
            unknownItems?: 'default' | 'reject';
            /** @description Force this experiment variant (QA); otherwise the user's assignment decides. */
            experiment?: {
              id: string;
              variant: string;
            };
          }[];
        };
      };
    };
    responses: {
      /** @description One result per request, in request order: `status` 200 with `result`, or the error. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "requestId": "413753f2-5d73-4920-9ab1-2c84c652d405",
           *       "succeeded": 2,
           *       "failed": 1,
           *       "results": [
           *         {
           *           "status": 200,
           *           "result": {
           *             "requestId": "413753f2-5d73-4920-9ab1-2c84c652d405:0",
           *             "model": "default",
           *             "candidates": 3,
           *             "items": [
           *               {
           *                 "itemId": "i3",
           *                 "score": 0.0955,
           *                 "heads": {
           *                   "click": 0.0955,
           *                   "watch": 0.6265,
           *                   "like": 0.0275,
           *                   "dismiss": 0.0041,
           *                   "rating": 3.6141
           *                 }
           *               }
           *             ]
           *           }
           *         },
           *         {
           *           "status": 200,
           *           "result": {
           *             "requestId": "413753f2-5d73-4920-9ab1-2c84c652d405:1",
           *             "model": "default",
           *             "candidates": 500,
           *             "items": [
           *               {
           *                 "itemId": "i273",
           *                 "score": 0.2078,
           *                 "heads": {
           *                   "click": 0.2078,
           *                   "watch": 1.3558,
           *                   "like": 0.0102,
           *                   "dismiss": 0.0044,
           *                   "rating": 2.2758
           *                 },
           *                 "sources": [
           *                   "popular"
           *                 ]
           *               },
           *               {
           *                 "itemId": "i520",
           *                 "score": 0.2021,
           *                 "heads": {
           *                   "click": 0.2021,
           *                   "watch": 0.9083,
           *                   "like": 0.0139,
           *                   "dismiss": 0.0053,
           *                   "rating": 2.3076
           *                 },
           *                 "sources": [
           *                   "popular"
           *                 ]
           *               }
           *             ]
           *           }
           *         },
           *         {
           *           "status": 400,
           *           "error": {
           *             "code": "BAD_REQUEST",
           *             "message": "requests[2].candidates[0].itemId: unknown item \"ghost\" (not in the item catalog)"
           *           }
           *         }
           *       ]
           *     }
           */
          'application/json': {
            requestId: string;
            succeeded: number;
            failed: number;
            results: (
              | {
                  /** @enum {number} */
                  status: 200;
                  result: {
                    requestId: string;
                    /** @description The model version that scored the request. */
                    model: string;
                    /** @description Distinct candidates scored. */
                    candidates: number;
                    /** @description The experiment variant whose profile ranked the request (absent outside experiments). */
                    experiment?: {
                      id: string;
                      variant: string;
                      forced: boolean;
                    };
                    items: {
                      itemId: string;
                      /** @description The profile's combined score (see docs/combination.md). */
                      score: number;
                      /** @description Per-head predictions in label units. */
                      heads: {
                        [key: string]: number;
                      };
                      /** @description Candidate generators that proposed it. */
                      sources?: string[];
                      /** @description Not in the item catalog: ranked with default item features. */
                      unknown?: boolean;
                      explanation?: {
                        contributions: {
                          [key: string]: number;
                        };
                      };
                    }[];
                    explanation?: {
                      /** CombinationProfile */
                      profile: {
                        /**
                         * @description `sum`: Σ w·f(p); `product`: Π f(p)^w.
                         * @enum {string}
                         */
                        form: 'sum' | 'product';
                        /** @description Weight per head of the served model; heads left out weigh 0 (sum) or 0 as exponent, i.e. factor 1 (product). */
                        weights: {
                          [key: string]: number;
                        };
                        /** @description Per-head transform before weighting; heads left out use their training transform. */
                        transforms?: {
                          [key: string]: unknown;
                        };
                      };
                      userFeatures: {
                        [key: string]: unknown;
                      };
                      userFeatureSource: 'l1' | 'pushed' | 'redis' | 'origin' | 'default';
                      historySource: 'redis' | 'none' | 'unavailable';
                      history: string[];
                    };
                  };
                }
              | {
                  status: number;
                  error: {
                    /** @description Stable machine-readable code. */
                    code:
                      | 'BAD_REQUEST'
                      | 'UNAUTHORIZED'
                      | 'FORBIDDEN'
                      | 'NOT_FOUND'
                      | 'CONFLICT'
                      | 'PAYLOAD_TOO_LARGE'
                      | 'UNSUPPORTED_MEDIA_TYPE'
                      | 'TOO_MANY_REQUESTS'
                      | 'INTERNAL'
                      | 'UNAVAILABLE';
                    /** @description What went wrong; names the offending field for bad input. */
                    message: string;
                  };
                }
            )[];
          };
        };
      };
      /** @description Bad request: the message names the offending field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "BAD_REQUEST",
           *         "message": "body/limit must be >= 1"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Body over MULTIRANK_BODY_LIMIT. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "PAYLOAD_TOO_LARGE",
           *         "message": "Request body is too large"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description The body is not application/json. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNSUPPORTED_MEDIA_TYPE",
           *         "message": "Unsupported Media Type"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Over the per-client rate limit (MULTIRANK_RATE_LIMIT_PER_MINUTE); retry-after says when. */
      429: {
        headers: {
          /** @description Seconds until the rate window resets. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "TOO_MANY_REQUESTS",
           *         "message": "rate limit of 6000 requests per minute exceeded; retry in 12 seconds"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Unavailable for now (load shed, a store unreachable, shutting down); retry after retry-after. */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAVAILABLE",
           *         "message": "the service is shutting down; retry (another replica)"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
    };
  };
  listModels: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The bundles, the served one marked `active`. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "active": "default",
           *       "models": [
           *         {
           *           "version": "default",
           *           "active": true,
           *           "name": "default",
           *           "createdAt": "2026-11-23T17:31:48.982Z",
           *           "contentHash": "sha256:94993491a3ab8480f4a942c8928c5e97e85476b992304a2014da1b8e14d49fe5",
           *           "heads": [
           *             "click",
           *             "watch",
           *             "like",
           *             "dismiss",
           *             "rating"
           *           ]
           *         }
           *       ]
           *     }
           */
          'application/json': {
            active: string;
            models: {
              /** @description Folder name under the models directory. */
              version: string;
              active: boolean;
              name?: string;
              createdAt?: string;
              contentHash?: string;
              heads?: string[];
              /** @description Why the folder is not a readable bundle. */
              error?: string;
            }[];
          };
        };
      };
      /** @description Over the per-client rate limit (MULTIRANK_RATE_LIMIT_PER_MINUTE); retry-after says when. */
      429: {
        headers: {
          /** @description Seconds until the rate window resets. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "TOO_MANY_REQUESTS",
           *         "message": "rate limit of 6000 requests per minute exceeded; retry in 12 seconds"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Unavailable for now (load shed, a store unreachable, shutting down); retry after retry-after. */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAVAILABLE",
           *         "message": "the service is shutting down; retry (another replica)"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
    };
  };
  activateModel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example default */
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The bundle now served, and the one it replaced. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "active": "default",
           *       "previous": "default",
           *       "contentHash": "sha256:94993491a3ab8480f4a942c8928c5e97e85476b992304a2014da1b8e14d49fe5",
           *       "loadMs": 412,
           *       "warnings": []
           *     }
           */
          'application/json': {
            active: string;
            previous: string;
            contentHash: string;
            /** @description Load, validation and warm-up time of the new bundle. */
            loadMs: number;
            /** @description What the bundle lacks and how serving copes. */
            warnings: string[];
          };
        };
      };
      /** @description Bad request: the message names the offending field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "BAD_REQUEST",
           *         "message": "version: \"v2\" refused, still serving \"default\": model bundle v2: content hash mismatch"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Admin key missing or not accepted (x-api-key or authorization: Bearer). */
      401: {
        headers: {
          /** @description The scheme to use: `Bearer`. */
          'www-authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAUTHORIZED",
           *         "message": "admin key required: send it as x-api-key: <key> or authorization: Bearer <key>"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description The admin API is off: MULTIRANK_ADMIN_KEY is not set. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "FORBIDDEN",
           *         "message": "admin API disabled: set MULTIRANK_ADMIN_KEY"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Not found. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "NOT_FOUND",
           *         "message": "version: no model \"v2\""
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Over the per-client rate limit (MULTIRANK_RATE_LIMIT_PER_MINUTE); retry-after says when. */
      429: {
        headers: {
          /** @description Seconds until the rate window resets. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "TOO_MANY_REQUESTS",
           *         "message": "rate limit of 6000 requests per minute exceeded; retry in 12 seconds"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Unavailable for now (load shed, a store unreachable, shutting down); retry after retry-after. */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAVAILABLE",
           *         "message": "the service is shutting down; retry (another replica)"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
    };
  };
  getModelCard: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example default */
        version: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A bundle's manifest, training metrics, training config and the reports it carries. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "version": "default",
           *       "active": true,
           *       "engine": "onnx",
           *       "manifest": {
           *         "format": "multirank.bundle/1",
           *         "name": "default",
           *         "createdAt": "2026-11-23T17:31:48.982Z",
           *         "heads": [
           *           {
           *             "name": "click",
           *             "kind": "binary",
           *             "group": "engagement"
           *           },
           *           {
           *             "name": "watch",
           *             "kind": "regression",
           *             "group": "engagement"
           *           }
           *         ],
           *         "contentHash": "sha256:94993491a3ab8480f4a942c8928c5e97e85476b992304a2014da1b8e14d49fe5"
           *       },
           *       "files": {
           *         "tfjs": true,
           *         "onnx": true
           *       },
           *       "metrics": {
           *         "bestEpoch": 2,
           *         "trainRows": 360000,
           *         "history": [
           *           {
           *             "epoch": 1,
           *             "trainLoss": 1.304,
           *             "validationLoss": 1.452,
           *             "examplesPerSecond": 729
           *           },
           *           {
           *             "epoch": 2,
           *             "trainLoss": 1.248,
           *             "validationLoss": 1.4434,
           *             "examplesPerSecond": 1115
           *           }
           *         ],
           *         "validation": {
           *           "rows": 40000,
           *           "loss": 1.4434,
           *           "heads": [
           *             {
           *               "name": "click",
           *               "kind": "binary",
           *               "labelled": 40000,
           *               "model": {
           *                 "auc": 0.6772,
           *                 "logLoss": 0.2661
           *               },
           *               "baseline": {
           *                 "auc": 0.6494,
           *                 "logLoss": 0.2703
           *               }
           *             },
           *             {
           *               "name": "watch",
           *               "kind": "regression",
           *               "labelled": 40000,
           *               "model": {
           *                 "rmse": 1.3235
           *               },
           *               "baseline": {
           *                 "rmse": 1.3279
           *               }
           *             }
           *           ]
           *         }
           *       },
           *       "training": {
           *         "data": {
           *           "log": {
           *             "name": "interactions.jsonl",
           *             "format": null
           *           },
           *           "validation": {
           *             "kind": "lastFraction",
           *             "fraction": 0.1
           *           }
           *         },
           *         "tasks": [
           *           {
           *             "name": "click",
           *             "column": "click",
           *             "kind": "binary",
           *             "weight": 1,
           *             "group": "engagement"
           *           }
           *         ],
           *         "model": {
           *           "architecture": "mmoe",
           *           "experts": 4,
           *           "expertUnits": [
           *             64,
           *             32
           *           ],
           *           "towerUnits": [
           *             16
           *           ]
           *         },
           *         "training": {
           *           "epochs": 4,
           *           "batchSize": 512,
           *           "learningRate": 0.002,
           *           "seed": 42
           *         }
           *       },
           *       "evaluation": null,
           *       "sweep": null,
           *       "transfer": null
           *     }
           */
          'application/json': {
            /** @description Folder name under the models directory. */
            version: string;
            active: boolean;
            /** @description The inference engine serving it (the active model only). */
            engine: string | null;
            manifest: {
              format: string;
              name: string;
              createdAt: string;
              heads: {
                name: string;
                kind: string;
                group: string;
              }[];
              contentHash: string;
            };
            files: {
              tfjs: boolean;
              onnx: boolean;
            };
            /** @description metrics.json as `multirank train` wrote it: the best epoch's validation, the epochs' curves. */
            metrics: {
              bestEpoch?: number;
              trainRows?: number;
              parameters?: number;
              history?: {
                epoch: number;
                trainLoss: number;
                validationLoss: number;
                validationHeadLosses?: {
                  [key: string]: number;
                };
                criterion?: number;
                /** @description Learned loss weight per head. */
                taskWeights?: {
                  [key: string]: number;
                } | null;
                examplesPerSecond?: number;
              }[];
              validation?: {
                rows: number;
                loss: number;
                heads: {
                  name: string;
                  kind: string;
                  labelled: number;
                  loss?: number;
                  model: {
                    auc?: number;
                    logLoss?: number;
                    rmse?: number;
                  };
                  baseline: {
                    auc?: number;
                    logLoss?: number;
                    rmse?: number;
                  } | null;
                }[];
                gateUtilisation?: number[][] | null;
                gates?: {
                  heads: {
                    name: string;
                    utilisation: number[];
                    entropy: number | null;
                  }[];
                  warnings: string[];
                } | null;
              };
            } | null;
            training: {
              /** @description The training data: log name, tables, keys and the validation split. */
              data: unknown;
              /** @description The heads as configured: column, kind, loss weight, group. */
              tasks: unknown;
              /** @description The architecture and its sizes. */
              model: unknown;
              /** @description Epochs, batch size, learning rate, task weighting, seed. */
              training: unknown;
            } | null;
            /** @description evaluation.json (`multirank evaluate --out`), with calibration; null when absent. */
            evaluation: unknown;
            /** @description sweep.json (`multirank evaluate --sweep --out`), the weight trade-off; null when absent. */
            sweep: unknown;
            /** @description transfer.json (`multirank compare --out`), the transfer report; null when absent. */
            transfer: unknown;
          };
        };
      };
      /** @description Bad request: the message names the offending field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "BAD_REQUEST",
           *         "message": "body/limit must be >= 1"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Not found. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "NOT_FOUND",
           *         "message": "no experiment \"likes-and-watch-2025-06\""
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Over the per-client rate limit (MULTIRANK_RATE_LIMIT_PER_MINUTE); retry-after says when. */
      429: {
        headers: {
          /** @description Seconds until the rate window resets. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "TOO_MANY_REQUESTS",
           *         "message": "rate limit of 6000 requests per minute exceeded; retry in 12 seconds"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Unavailable for now (load shed, a store unreachable, shutting down); retry after retry-after. */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAVAILABLE",
           *         "message": "the service is shutting down; retry (another replica)"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
    };
  };
  listExperiments: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The definitions this replica serves and the state of the store it reads them from. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "experiments": [
           *         {
           *           "id": "likes-and-watch-2025-06",
           *           "salt": "likes-and-watch-2025-06",
           *           "status": "running",
           *           "traffic": 0.2,
           *           "control": "control",
           *           "variants": [
           *             {
           *               "name": "control",
           *               "allocation": 1,
           *               "profile": {
           *                 "form": "sum",
           *                 "weights": {
           *                   "click": 1
           *                 }
           *               }
           *             },
           *             {
           *               "name": "more-likes",
           *               "allocation": 1,
           *               "profile": {
           *                 "form": "sum",
           *                 "weights": {
           *                   "click": 1,
           *                   "like": 0.5,
           *                   "watch": 0.1,
           *                   "dismiss": -1
           *                 },
           *                 "transforms": {
           *                   "watch": "log1p"
           *                 }
           *               }
           *             }
           *           ],
           *           "updatedAt": "2026-11-24T09:12:03.481Z"
           *         }
           *       ],
           *       "store": {
           *         "status": "ok",
           *         "source": "redis",
           *         "version": 7,
           *         "syncedAt": "2026-11-24T09:12:04.002Z"
           *       }
           *     }
           */
          'application/json': {
            experiments: {
              id: string;
              /** @description Mixed into the hash so experiments assign users independently (default: the id); changing it reshuffles users. */
              salt: string;
              /**
               * @description Only `running` experiments assign users.
               * @enum {string}
               */
              status: 'draft' | 'running' | 'stopped';
              /** @description Share of all users in the experiment, in [0, 1]; the rest get the default profile. */
              traffic: number;
              /** @description The variant lift is measured against; default: the first. */
              control?: string;
              variants: {
                /** @description Unique within the experiment, e.g. "control", "more-likes"; letters, digits, `_.-`, at most 64. */
                name: string;
                /** @description Relative share of the experiment's traffic; allocations are normalised over the variants. */
                allocation: number;
                /** CombinationProfile */
                profile: {
                  /**
                   * @description `sum`: Σ w·f(p); `product`: Π f(p)^w.
                   * @enum {string}
                   */
                  form: 'sum' | 'product';
                  /** @description Weight per head of the served model; heads left out weigh 0 (sum) or 0 as exponent, i.e. factor 1 (product). */
                  weights: {
                    [key: string]: number;
                  };
                  /** @description Per-head transform before weighting; heads left out use their training transform. */
                  transforms?: {
                    [key: string]: unknown;
                  };
                };
              }[];
              /** @description ISO time of the last change, set by the store (absent: file only). */
              updatedAt?: string;
            }[];
            store: {
              status: 'ok' | 'degraded';
              /** @description `redis`: synced from Redis; `file`: the file only (no Redis, or not reached yet). */
              source: 'redis' | 'file';
              /** @description Redis version counter of the set. */
              version: number | null;
              /** @description Last successful Redis poll. */
              syncedAt: string | null;
              detail?: string;
            };
          };
        };
      };
      /** @description Over the per-client rate limit (MULTIRANK_RATE_LIMIT_PER_MINUTE); retry-after says when. */
      429: {
        headers: {
          /** @description Seconds until the rate window resets. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "TOO_MANY_REQUESTS",
           *         "message": "rate limit of 6000 requests per minute exceeded; retry in 12 seconds"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Unavailable for now (load shed, a store unreachable, shutting down); retry after retry-after. */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAVAILABLE",
           *         "message": "the service is shutting down; retry (another replica)"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
    };
  };
  getAssignment: {
    parameters: {
      query: {
        /** @example u42 */
        userId: string;
        /** @description Also show where the user falls in this one. */
        experiment?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The user's assignment, and their place in the experiment asked about. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "userId": "u42",
           *       "assignment": {
           *         "experimentId": "likes-and-watch-2025-06",
           *         "variant": "control",
           *         "bucket": 4950,
           *         "forced": false,
           *         "profile": {
           *           "form": "sum",
           *           "weights": {
           *             "click": 1
           *           }
           *         }
           *       },
           *       "experiment": {
           *         "id": "likes-and-watch-2025-06",
           *         "status": "running",
           *         "trafficBucket": 1973,
           *         "inTraffic": true,
           *         "bucket": 4950,
           *         "variant": "control"
           *       }
           *     }
           */
          'application/json': {
            userId: string;
            /** @description What a rank request uses; null: the default profile. */
            assignment: {
              experimentId: string;
              variant: string;
              /** @description The variant-slice bucket in [0, 10000) the hash put the user in. */
              bucket: number;
              /** @description The request forced the variant (QA), so it is not counted as randomised traffic. */
              forced: boolean;
              /** CombinationProfile */
              profile: {
                /**
                 * @description `sum`: Σ w·f(p); `product`: Π f(p)^w.
                 * @enum {string}
                 */
                form: 'sum' | 'product';
                /** @description Weight per head of the served model; heads left out weigh 0 (sum) or 0 as exponent, i.e. factor 1 (product). */
                weights: {
                  [key: string]: number;
                };
                /** @description Per-head transform before weighting; heads left out use their training transform. */
                transforms?: {
                  [key: string]: unknown;
                };
              };
            } | null;
            /** @description Present with ?experiment=: where the user falls in it, whatever the status. */
            experiment?: {
              id: string;
              /**
               * @description Only `running` experiments assign users.
               * @enum {string}
               */
              status: 'draft' | 'running' | 'stopped';
              /** @description Traffic-slice bucket in [0, 10000). */
              trafficBucket: number;
              /** @description Whether the traffic share takes the user. */
              inTraffic: boolean;
              bucket: number;
              /** @description The variant the bucket maps to. */
              variant: string;
            };
          };
        };
      };
      /** @description Bad request: the message names the offending field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "BAD_REQUEST",
           *         "message": "experiment: unknown experiment \"likes-and-watch-2025-06\""
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Over the per-client rate limit (MULTIRANK_RATE_LIMIT_PER_MINUTE); retry-after says when. */
      429: {
        headers: {
          /** @description Seconds until the rate window resets. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "TOO_MANY_REQUESTS",
           *         "message": "rate limit of 6000 requests per minute exceeded; retry in 12 seconds"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Unavailable for now (load shed, a store unreachable, shutting down); retry after retry-after. */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAVAILABLE",
           *         "message": "the service is shutting down; retry (another replica)"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
    };
  };
  getExperiment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example likes-and-watch-2025-06 */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The definition, as stored. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "likes-and-watch-2025-06",
           *       "salt": "likes-and-watch-2025-06",
           *       "status": "running",
           *       "traffic": 0.2,
           *       "control": "control",
           *       "variants": [
           *         {
           *           "name": "control",
           *           "allocation": 1,
           *           "profile": {
           *             "form": "sum",
           *             "weights": {
           *               "click": 1
           *             }
           *           }
           *         },
           *         {
           *           "name": "more-likes",
           *           "allocation": 1,
           *           "profile": {
           *             "form": "sum",
           *             "weights": {
           *               "click": 1,
           *               "like": 0.5,
           *               "watch": 0.1,
           *               "dismiss": -1
           *             },
           *             "transforms": {
           *               "watch": "log1p"
           *             }
           *           }
           *         }
           *       ],
           *       "updatedAt": "2026-11-24T09:12:03.481Z"
           *     }
           */
          'application/json': {
            id: string;
            /** @description Mixed into the hash so experiments assign users independently (default: the id); changing it reshuffles users. */
            salt: string;
            /**
             * @description Only `running` experiments assign users.
             * @enum {string}
             */
            status: 'draft' | 'running' | 'stopped';
            /** @description Share of all users in the experiment, in [0, 1]; the rest get the default profile. */
            traffic: number;
            /** @description The variant lift is measured against; default: the first. */
            control?: string;
            variants: {
              /** @description Unique within the experiment, e.g. "control", "more-likes"; letters, digits, `_.-`, at most 64. */
              name: string;
              /** @description Relative share of the experiment's traffic; allocations are normalised over the variants. */
              allocation: number;
              /** CombinationProfile */
              profile: {
                /**
                 * @description `sum`: Σ w·f(p); `product`: Π f(p)^w.
                 * @enum {string}
                 */
                form: 'sum' | 'product';
                /** @description Weight per head of the served model; heads left out weigh 0 (sum) or 0 as exponent, i.e. factor 1 (product). */
                weights: {
                  [key: string]: number;
                };
                /** @description Per-head transform before weighting; heads left out use their training transform. */
                transforms?: {
                  [key: string]: unknown;
                };
              };
            }[];
            /** @description ISO time of the last change, set by the store (absent: file only). */
            updatedAt?: string;
          };
        };
      };
      /** @description Bad request: the message names the offending field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "BAD_REQUEST",
           *         "message": "body/limit must be >= 1"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Not found. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "NOT_FOUND",
           *         "message": "no experiment \"likes-and-watch-2025-06\""
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Over the per-client rate limit (MULTIRANK_RATE_LIMIT_PER_MINUTE); retry-after says when. */
      429: {
        headers: {
          /** @description Seconds until the rate window resets. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "TOO_MANY_REQUESTS",
           *         "message": "rate limit of 6000 requests per minute exceeded; retry in 12 seconds"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Unavailable for now (load shed, a store unreachable, shutting down); retry after retry-after. */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAVAILABLE",
           *         "message": "the service is shutting down; retry (another replica)"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
    };
  };
  putExperiment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example likes-and-watch-2025-06 */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "status": "running",
         *       "traffic": 0.2,
         *       "control": "control",
         *       "variants": [
         *         {
         *           "name": "control",
         *           "allocation": 1,
         *           "profile": {
         *             "form": "sum",
         *             "weights": {
         *               "click": 1
         *             }
         *           }
         *         },
         *         {
         *           "name": "more-likes",
         *           "allocation": 1,
         *           "profile": {
         *             "form": "sum",
         *             "weights": {
         *               "click": 1,
         *               "like": 0.5,
         *               "watch": 0.1,
         *               "dismiss": -1
         *             },
         *             "transforms": {
         *               "watch": "log1p"
         *             }
         *           }
         *         }
         *       ]
         *     }
         */
        'application/json': {
          /** @description Mixed into the hash so experiments assign users independently (default: the id); changing it reshuffles users. */
          salt?: string;
          /**
           * @description Only `running` experiments assign users.
           * @enum {string}
           */
          status: 'draft' | 'running' | 'stopped';
          /** @description Share of all users in the experiment, in [0, 1]; the rest get the default profile. */
          traffic: number;
          /** @description The variant lift is measured against; default: the first. */
          control?: string;
          variants: {
            /** @description Unique within the experiment, e.g. "control", "more-likes"; letters, digits, `_.-`, at most 64. */
            name: string;
            /** @description Relative share of the experiment's traffic; allocations are normalised over the variants. */
            allocation: number;
            /** CombinationProfile */
            profile: {
              /**
               * @description `sum`: Σ w·f(p); `product`: Π f(p)^w.
               * @enum {string}
               */
              form: 'sum' | 'product';
              /** @description Weight per head of the served model; heads left out weigh 0 (sum) or 0 as exponent, i.e. factor 1 (product). */
              weights: {
                [key: string]: number;
              };
              /** @description Per-head transform before weighting; heads left out use their training transform. */
              transforms?: {
                [key: string]: unknown;
              };
            };
          }[];
        };
      };
    };
    responses: {
      /** @description The definition, as stored. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "likes-and-watch-2025-06",
           *       "salt": "likes-and-watch-2025-06",
           *       "status": "running",
           *       "traffic": 0.2,
           *       "control": "control",
           *       "variants": [
           *         {
           *           "name": "control",
           *           "allocation": 1,
           *           "profile": {
           *             "form": "sum",
           *             "weights": {
           *               "click": 1
           *             }
           *           }
           *         },
           *         {
           *           "name": "more-likes",
           *           "allocation": 1,
           *           "profile": {
           *             "form": "sum",
           *             "weights": {
           *               "click": 1,
           *               "like": 0.5,
           *               "watch": 0.1,
           *               "dismiss": -1
           *             },
           *             "transforms": {
           *               "watch": "log1p"
           *             }
           *           }
           *         }
           *       ],
           *       "updatedAt": "2026-11-24T09:12:03.481Z"
           *     }
           */
          'application/json': {
            id: string;
            /** @description Mixed into the hash so experiments assign users independently (default: the id); changing it reshuffles users. */
            salt: string;
            /**
             * @description Only `running` experiments assign users.
             * @enum {string}
             */
            status: 'draft' | 'running' | 'stopped';
            /** @description Share of all users in the experiment, in [0, 1]; the rest get the default profile. */
            traffic: number;
            /** @description The variant lift is measured against; default: the first. */
            control?: string;
            variants: {
              /** @description Unique within the experiment, e.g. "control", "more-likes"; letters, digits, `_.-`, at most 64. */
              name: string;
              /** @description Relative share of the experiment's traffic; allocations are normalised over the variants. */
              allocation: number;
              /** CombinationProfile */
              profile: {
                /**
                 * @description `sum`: Σ w·f(p); `product`: Π f(p)^w.
                 * @enum {string}
                 */
                form: 'sum' | 'product';
                /** @description Weight per head of the served model; heads left out weigh 0 (sum) or 0 as exponent, i.e. factor 1 (product). */
                weights: {
                  [key: string]: number;
                };
                /** @description Per-head transform before weighting; heads left out use their training transform. */
                transforms?: {
                  [key: string]: unknown;
                };
              };
            }[];
            /** @description ISO time of the last change, set by the store (absent: file only). */
            updatedAt?: string;
          };
        };
      };
      /** @description Created: the definition, as stored. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "likes-and-watch-2025-06",
           *       "salt": "likes-and-watch-2025-06",
           *       "status": "running",
           *       "traffic": 0.2,
           *       "control": "control",
           *       "variants": [
           *         {
           *           "name": "control",
           *           "allocation": 1,
           *           "profile": {
           *             "form": "sum",
           *             "weights": {
           *               "click": 1
           *             }
           *           }
           *         },
           *         {
           *           "name": "more-likes",
           *           "allocation": 1,
           *           "profile": {
           *             "form": "sum",
           *             "weights": {
           *               "click": 1,
           *               "like": 0.5,
           *               "watch": 0.1,
           *               "dismiss": -1
           *             },
           *             "transforms": {
           *               "watch": "log1p"
           *             }
           *           }
           *         }
           *       ],
           *       "updatedAt": "2026-11-24T09:12:03.481Z"
           *     }
           */
          'application/json': {
            id: string;
            /** @description Mixed into the hash so experiments assign users independently (default: the id); changing it reshuffles users. */
            salt: string;
            /**
             * @description Only `running` experiments assign users.
             * @enum {string}
             */
            status: 'draft' | 'running' | 'stopped';
            /** @description Share of all users in the experiment, in [0, 1]; the rest get the default profile. */
            traffic: number;
            /** @description The variant lift is measured against; default: the first. */
            control?: string;
            variants: {
              /** @description Unique within the experiment, e.g. "control", "more-likes"; letters, digits, `_.-`, at most 64. */
              name: string;
              /** @description Relative share of the experiment's traffic; allocations are normalised over the variants. */
              allocation: number;
              /** CombinationProfile */
              profile: {
                /**
                 * @description `sum`: Σ w·f(p); `product`: Π f(p)^w.
                 * @enum {string}
                 */
                form: 'sum' | 'product';
                /** @description Weight per head of the served model; heads left out weigh 0 (sum) or 0 as exponent, i.e. factor 1 (product). */
                weights: {
                  [key: string]: number;
                };
                /** @description Per-head transform before weighting; heads left out use their training transform. */
                transforms?: {
                  [key: string]: unknown;
                };
              };
            }[];
            /** @description ISO time of the last change, set by the store (absent: file only). */
            updatedAt?: string;
          };
        };
      };
      /** @description Bad request: the message names the offending field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "BAD_REQUEST",
           *         "message": "variants[1].profile.weights.ctr: unknown head \"ctr\" (this model's heads: click, watch, like, dismiss, rating)"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Admin key missing or not accepted (x-api-key or authorization: Bearer). */
      401: {
        headers: {
          /** @description The scheme to use: `Bearer`. */
          'www-authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAUTHORIZED",
           *         "message": "admin key required: send it as x-api-key: <key> or authorization: Bearer <key>"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description The admin API is off: MULTIRANK_ADMIN_KEY is not set. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "FORBIDDEN",
           *         "message": "admin API disabled: set MULTIRANK_ADMIN_KEY"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Conflicts with the current state: experiments are read-only without Redis, or other writers kept changing it (retry). */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "CONFLICT",
           *         "message": "experiments are read-only without Redis: edit MULTIRANK_EXPERIMENTS_FILE and redeploy, or set REDIS_URL"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Body over MULTIRANK_BODY_LIMIT. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "PAYLOAD_TOO_LARGE",
           *         "message": "Request body is too large"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description The body is not application/json. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNSUPPORTED_MEDIA_TYPE",
           *         "message": "Unsupported Media Type"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Over the per-client rate limit (MULTIRANK_RATE_LIMIT_PER_MINUTE); retry-after says when. */
      429: {
        headers: {
          /** @description Seconds until the rate window resets. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "TOO_MANY_REQUESTS",
           *         "message": "rate limit of 6000 requests per minute exceeded; retry in 12 seconds"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Unavailable for now (load shed, a store unreachable, shutting down); retry after retry-after. */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAVAILABLE",
           *         "message": "the service is shutting down; retry (another replica)"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
    };
  };
  deleteExperiment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example likes-and-watch-2025-06 */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad request: the message names the offending field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "BAD_REQUEST",
           *         "message": "body/limit must be >= 1"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Admin key missing or not accepted (x-api-key or authorization: Bearer). */
      401: {
        headers: {
          /** @description The scheme to use: `Bearer`. */
          'www-authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAUTHORIZED",
           *         "message": "admin key required: send it as x-api-key: <key> or authorization: Bearer <key>"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description The admin API is off: MULTIRANK_ADMIN_KEY is not set. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "FORBIDDEN",
           *         "message": "admin API disabled: set MULTIRANK_ADMIN_KEY"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Not found. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "NOT_FOUND",
           *         "message": "no experiment \"likes-and-watch-2025-06\""
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Conflicts with the current state: experiments are read-only without Redis, or other writers kept changing it (retry). */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "CONFLICT",
           *         "message": "experiments are read-only without Redis: edit MULTIRANK_EXPERIMENTS_FILE and redeploy, or set REDIS_URL"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Over the per-client rate limit (MULTIRANK_RATE_LIMIT_PER_MINUTE); retry-after says when. */
      429: {
        headers: {
          /** @description Seconds until the rate window resets. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "TOO_MANY_REQUESTS",
           *         "message": "rate limit of 6000 requests per minute exceeded; retry in 12 seconds"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Unavailable for now (load shed, a store unreachable, shutting down); retry after retry-after. */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAVAILABLE",
           *         "message": "the service is shutting down; retry (another replica)"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
    };
  };
  putItems: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "items": [
         *         {
         *           "itemId": "v-new-1",
         *           "features": {
         *             "topic": "t03",
         *             "duration_seconds": 245,
         *             "upload_time": 1767225600
         *           }
         *         }
         *       ]
         *     }
         */
        'application/json': {
          /** @description Items to add or replace (at most 1000); a PUT replaces an item's features whole. */
          items: {
            itemId: string;
            /** @description Item attributes by column, as in the item table: strings, finite numbers, booleans, null, or lists of strings and numbers. Columns the served model reads are checked as training read them; `upload_time` (unix seconds or ms, or an ISO date) orders the fresh generator; other columns are kept. */
            features: {
              [key: string]: unknown;
            };
          }[];
        };
      };
    };
    responses: {
      /** @description What was stored and which entries were refused. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "stored": 1,
           *       "rejected": [],
           *       "version": 12
           *     }
           */
          'application/json': {
            /** @description Items stored by this call. */
            stored: number;
            /** @description Entries not stored, each with its problem; the others were stored. */
            rejected: {
              /** @description Place of the entry in `items`. */
              index: number;
              itemId: string;
              /** @description Names the entry and the column, e.g. items[2].features.duration_seconds: ... */
              message: string;
            }[];
            /** @description Catalog version of the write (null when nothing was stored). */
            version: number | null;
          };
        };
      };
      /** @description Bad request: the message names the offending field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "BAD_REQUEST",
           *         "message": "body/items must NOT have more than 1000 items"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Admin key missing or not accepted (x-api-key or authorization: Bearer). */
      401: {
        headers: {
          /** @description The scheme to use: `Bearer`. */
          'www-authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAUTHORIZED",
           *         "message": "admin key required: send it as x-api-key: <key> or authorization: Bearer <key>"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description The admin API is off: MULTIRANK_ADMIN_KEY is not set. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "FORBIDDEN",
           *         "message": "admin API disabled: set MULTIRANK_ADMIN_KEY"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Body over MULTIRANK_BODY_LIMIT. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "PAYLOAD_TOO_LARGE",
           *         "message": "Request body is too large"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description The body is not application/json. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNSUPPORTED_MEDIA_TYPE",
           *         "message": "Unsupported Media Type"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Over the per-client rate limit (MULTIRANK_RATE_LIMIT_PER_MINUTE); retry-after says when. */
      429: {
        headers: {
          /** @description Seconds until the rate window resets. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "TOO_MANY_REQUESTS",
           *         "message": "rate limit of 6000 requests per minute exceeded; retry in 12 seconds"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Unavailable for now (load shed, a store unreachable, shutting down); retry after retry-after. */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAVAILABLE",
           *         "message": "pushing items needs Redis, which is unavailable; nothing was changed"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
    };
  };
  getItem: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example v-new-1 */
        itemId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The item as ranking sees it. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "itemId": "v-new-1",
           *       "source": "api",
           *       "available": true,
           *       "features": {
           *         "topic": "t03",
           *         "duration_seconds": 245,
           *         "upload_time": 1767225600
           *       },
           *       "uploadTime": 1767225600,
           *       "createdAt": "2026-11-24T09:30:12.204Z",
           *       "updatedAt": "2026-11-24T09:30:12.204Z"
           *     }
           */
          'application/json': {
            itemId: string;
            /** @description `api`: pushed or taken down through this API; `bundle`: the served model's items.jsonl. */
            source: 'api' | 'bundle';
            /** @description False once taken down: never returned by ranking. */
            available: boolean;
            /** @description As pushed, or the bundle's record (the columns the model reads); null when taken down. */
            features:
              | {
                  [key: string]: unknown;
                }
              | (never | null);
            /** @description Unix seconds the fresh generator orders by: `upload_time`, else the first push. */
            uploadTime?: number;
            /** @description First pushed (or taken down). */
            createdAt?: string;
            /** @description Last changed. */
            updatedAt?: string;
          };
        };
      };
      /** @description Admin key missing or not accepted (x-api-key or authorization: Bearer). */
      401: {
        headers: {
          /** @description The scheme to use: `Bearer`. */
          'www-authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAUTHORIZED",
           *         "message": "admin key required: send it as x-api-key: <key> or authorization: Bearer <key>"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description The admin API is off: MULTIRANK_ADMIN_KEY is not set. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "FORBIDDEN",
           *         "message": "admin API disabled: set MULTIRANK_ADMIN_KEY"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Not found. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "NOT_FOUND",
           *         "message": "itemId: no item \"v-new-1\" in the catalog"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Over the per-client rate limit (MULTIRANK_RATE_LIMIT_PER_MINUTE); retry-after says when. */
      429: {
        headers: {
          /** @description Seconds until the rate window resets. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "TOO_MANY_REQUESTS",
           *         "message": "rate limit of 6000 requests per minute exceeded; retry in 12 seconds"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Unavailable for now (load shed, a store unreachable, shutting down); retry after retry-after. */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAVAILABLE",
           *         "message": "the service is shutting down; retry (another replica)"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
    };
  };
  deleteItem: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example v-new-1 */
        itemId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Taken down. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Admin key missing or not accepted (x-api-key or authorization: Bearer). */
      401: {
        headers: {
          /** @description The scheme to use: `Bearer`. */
          'www-authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAUTHORIZED",
           *         "message": "admin key required: send it as x-api-key: <key> or authorization: Bearer <key>"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description The admin API is off: MULTIRANK_ADMIN_KEY is not set. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "FORBIDDEN",
           *         "message": "admin API disabled: set MULTIRANK_ADMIN_KEY"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Over the per-client rate limit (MULTIRANK_RATE_LIMIT_PER_MINUTE); retry-after says when. */
      429: {
        headers: {
          /** @description Seconds until the rate window resets. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "TOO_MANY_REQUESTS",
           *         "message": "rate limit of 6000 requests per minute exceeded; retry in 12 seconds"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Unavailable for now (load shed, a store unreachable, shutting down); retry after retry-after. */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAVAILABLE",
           *         "message": "taking an item down needs Redis, which is unavailable; nothing was changed"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
    };
  };
  getUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example u42 */
        userId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The user's features and where they came from. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "userId": "u42",
           *       "features": {
           *         "region": "eu",
           *         "age_bucket": "25-34",
           *         "primary_device": "tv"
           *       },
           *       "source": "pushed"
           *     }
           */
          'application/json': {
            userId: string;
            /** @description User attributes by column, as in the user table: strings, finite numbers, booleans, null, or lists of strings and numbers; columns the served model reads are checked as training read them. */
            features: {
              [key: string]: unknown;
            };
            /** @description `pushed`: PUT /v1/users (authoritative, no expiry); `redis`: the cached copy of the origin; `origin`: the user table or feature service; `default`: unknown, defaults. */
            source: 'pushed' | 'redis' | 'origin' | 'default';
          };
        };
      };
      /** @description Admin key missing or not accepted (x-api-key or authorization: Bearer). */
      401: {
        headers: {
          /** @description The scheme to use: `Bearer`. */
          'www-authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAUTHORIZED",
           *         "message": "admin key required: send it as x-api-key: <key> or authorization: Bearer <key>"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description The admin API is off: MULTIRANK_ADMIN_KEY is not set. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "FORBIDDEN",
           *         "message": "admin API disabled: set MULTIRANK_ADMIN_KEY"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Over the per-client rate limit (MULTIRANK_RATE_LIMIT_PER_MINUTE); retry-after says when. */
      429: {
        headers: {
          /** @description Seconds until the rate window resets. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "TOO_MANY_REQUESTS",
           *         "message": "rate limit of 6000 requests per minute exceeded; retry in 12 seconds"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Unavailable for now (load shed, a store unreachable, shutting down); retry after retry-after. */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAVAILABLE",
           *         "message": "the service is shutting down; retry (another replica)"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
    };
  };
  putUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example u42 */
        userId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "features": {
         *         "region": "eu",
         *         "age_bucket": "25-34",
         *         "primary_device": "tv"
         *       }
         *     }
         */
        'application/json': {
          /** @description User attributes by column, as in the user table: strings, finite numbers, booleans, null, or lists of strings and numbers; columns the served model reads are checked as training read them. */
          features: {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description The user's features and where they came from. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "userId": "u42",
           *       "features": {
           *         "region": "eu",
           *         "age_bucket": "25-34",
           *         "primary_device": "tv"
           *       },
           *       "source": "pushed"
           *     }
           */
          'application/json': {
            userId: string;
            /** @description User attributes by column, as in the user table: strings, finite numbers, booleans, null, or lists of strings and numbers; columns the served model reads are checked as training read them. */
            features: {
              [key: string]: unknown;
            };
            /** @description `pushed`: PUT /v1/users (authoritative, no expiry); `redis`: the cached copy of the origin; `origin`: the user table or feature service; `default`: unknown, defaults. */
            source: 'pushed' | 'redis' | 'origin' | 'default';
          };
        };
      };
      /** @description Bad request: the message names the offending field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "BAD_REQUEST",
           *         "message": "features.region: must be a string, a finite number, a boolean, null or a list of strings and numbers, got an object"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Admin key missing or not accepted (x-api-key or authorization: Bearer). */
      401: {
        headers: {
          /** @description The scheme to use: `Bearer`. */
          'www-authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAUTHORIZED",
           *         "message": "admin key required: send it as x-api-key: <key> or authorization: Bearer <key>"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description The admin API is off: MULTIRANK_ADMIN_KEY is not set. */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "FORBIDDEN",
           *         "message": "admin API disabled: set MULTIRANK_ADMIN_KEY"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Body over MULTIRANK_BODY_LIMIT. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "PAYLOAD_TOO_LARGE",
           *         "message": "Request body is too large"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description The body is not application/json. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNSUPPORTED_MEDIA_TYPE",
           *         "message": "Unsupported Media Type"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Over the per-client rate limit (MULTIRANK_RATE_LIMIT_PER_MINUTE); retry-after says when. */
      429: {
        headers: {
          /** @description Seconds until the rate window resets. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "TOO_MANY_REQUESTS",
           *         "message": "rate limit of 6000 requests per minute exceeded; retry in 12 seconds"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Unavailable for now (load shed, a store unreachable, shutting down); retry after retry-after. */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAVAILABLE",
           *         "message": "pushing user features needs Redis, which is unavailable; nothing was changed"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
    };
  };
  postEvents: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "events": [
         *         {
         *           "eventId": "e-u42-0001",
         *           "type": "impression",
         *           "userId": "u42",
         *           "itemId": "i3",
         *           "requestId": "22ff9197-ee86-4a32-8b9d-4d0db4d34297",
         *           "position": 1,
         *           "device": "tv",
         *           "context": {
         *             "current_item_id": "i17"
         *           }
         *         },
         *         {
         *           "eventId": "e-u42-0002",
         *           "type": "click",
         *           "userId": "u42",
         *           "itemId": "i3"
         *         },
         *         {
         *           "eventId": "e-u42-0003",
         *           "type": "watch",
         *           "userId": "u42",
         *           "itemId": "i3",
         *           "value": 184
         *         }
         *       ]
         *     }
         */
        'application/json':
          | components['schemas']['FeedbackEvent']
          | {
              /** @description At most 1000. */
              events: components['schemas']['FeedbackEvent'][];
            };
      };
    };
    responses: {
      /** @description The events are durable: stored now, or already stored before (same eventId). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "stored": 3,
           *       "duplicates": 0
           *     }
           */
          'application/json': {
            /** @description Events stored by this request. */
            stored: number;
            /** @description Events whose eventId was already stored (acknowledged, not stored again). */
            duplicates: number;
          };
        };
      };
      /** @description Bad request: the message names the offending field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "BAD_REQUEST",
           *         "message": "events[2].value: required for a watch event"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Body over MULTIRANK_BODY_LIMIT. */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "PAYLOAD_TOO_LARGE",
           *         "message": "Request body is too large"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description The body is not application/json. */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNSUPPORTED_MEDIA_TYPE",
           *         "message": "Unsupported Media Type"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Over the per-client rate limit (MULTIRANK_RATE_LIMIT_PER_MINUTE); retry-after says when. */
      429: {
        headers: {
          /** @description Seconds until the rate window resets. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "TOO_MANY_REQUESTS",
           *         "message": "rate limit of 6000 requests per minute exceeded; retry in 12 seconds"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Unavailable for now (load shed, a store unreachable, shutting down); retry after retry-after. */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAVAILABLE",
           *         "message": "events could not be stored; retry with the same eventIds"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
    };
  };
  getExperimentReport: {
    parameters: {
      query?: {
        /** @description ISO time or Unix milliseconds, from 1970-01-01T00:00:00Z to 8640000000000000; events at or after it. Before until. */
        since?: string;
        /** @description ISO time or Unix milliseconds, from 1970-01-01T00:00:00Z to 8640000000000000; events before it. */
        until?: string;
      };
      header?: never;
      path: {
        /** @example likes-and-watch-2025-06 */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Per-variant metrics, lift over control and the SRM check over the window. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "experimentId": "likes-and-watch-2025-06",
           *       "status": "running",
           *       "control": "control",
           *       "since": "2026-11-20T00:00:00.000Z",
           *       "until": "2026-11-21T00:00:00.000Z",
           *       "events": 1514,
           *       "variants": [
           *         {
           *           "name": "control",
           *           "share": 0.5,
           *           "control": true,
           *           "users": 63,
           *           "impressions": 630,
           *           "clicks": 57,
           *           "likes": 16,
           *           "watchSeconds": 11647,
           *           "ctr": {
           *             "value": 0.09048,
           *             "se": 0.01054,
           *             "ci95": [
           *               0.06981,
           *               0.1111
           *             ]
           *           },
           *           "likeRate": {
           *             "value": 0.0254,
           *             "se": 0.007144,
           *             "ci95": [
           *               0.01139,
           *               0.0394
           *             ]
           *           },
           *           "watchPerImpression": {
           *             "value": 18.49,
           *             "se": 2.676,
           *             "ci95": [
           *               13.24,
           *               23.73
           *             ]
           *           },
           *           "vsControl": null
           *         },
           *         {
           *           "name": "more-likes",
           *           "share": 0.5,
           *           "control": false,
           *           "users": 60,
           *           "impressions": 600,
           *           "clicks": 66,
           *           "likes": 22,
           *           "watchSeconds": 13336,
           *           "ctr": {
           *             "value": 0.11,
           *             "se": 0.01273,
           *             "ci95": [
           *               0.08504,
           *               0.135
           *             ]
           *           },
           *           "likeRate": {
           *             "value": 0.03667,
           *             "se": 0.007504,
           *             "ci95": [
           *               0.02196,
           *               0.05137
           *             ]
           *           },
           *           "watchPerImpression": {
           *             "value": 22.23,
           *             "se": 2.889,
           *             "ci95": [
           *               16.56,
           *               27.89
           *             ]
           *           },
           *           "vsControl": {
           *             "ctr": {
           *               "lift": 0.2158,
           *               "ci95": [
           *                 -0.1189,
           *                 0.6776
           *               ],
           *               "pValue": 0.2342
           *             },
           *             "likeRate": {
           *               "lift": 0.4438,
           *               "ci95": [
           *                 -0.2699,
           *                 1.855
           *               ],
           *               "pValue": 0.2911
           *             },
           *             "watchPerImpression": {
           *               "lift": 0.2023,
           *               "ci95": [
           *                 -0.1789,
           *                 0.7603
           *               ],
           *               "pValue": 0.3437
           *             }
           *           }
           *         }
           *       ],
           *       "srm": {
           *         "chi2": 0.07317,
           *         "df": 1,
           *         "pValue": 0.7868,
           *         "flagged": false,
           *         "observedUsers": [
           *           63,
           *           60
           *         ],
           *         "expectedShares": [
           *           1,
           *           1
           *         ]
           *       },
           *       "unattributedEvents": 0,
           *       "crossoverUsers": 0,
           *       "computedFrom": "events"
           *     }
           */
          'application/json': {
            experimentId: string;
            status: string;
            control: string;
            since: string | null;
            until: string | null;
            /** @description Events of the experiment read. */
            events: number;
            variants: {
              name: string;
              /** @description Allocated share of the traffic. */
              share: number;
              control: boolean;
              users: number;
              impressions: number;
              clicks: number;
              likes: number;
              watchSeconds: number;
              ctr: {
                value: number | null;
                se: number | null;
                /** @description [low, high] */
                ci95: number[] | null;
              };
              likeRate: {
                value: number | null;
                se: number | null;
                /** @description [low, high] */
                ci95: number[] | null;
              };
              watchPerImpression: {
                value: number | null;
                se: number | null;
                /** @description [low, high] */
                ci95: number[] | null;
              };
              /** @description Lift over control. */
              vsControl: {
                ctr: {
                  lift: number | null;
                  /** @description [low, high] */
                  ci95: number[] | null;
                  pValue: number | null;
                };
                likeRate: {
                  lift: number | null;
                  /** @description [low, high] */
                  ci95: number[] | null;
                  pValue: number | null;
                };
                watchPerImpression: {
                  lift: number | null;
                  /** @description [low, high] */
                  ci95: number[] | null;
                  pValue: number | null;
                };
              } | null;
            }[];
            srm: {
              chi2: number | null;
              df: number;
              pValue: number;
              /** @description Sample-ratio mismatch: p < 0.001. */
              flagged: boolean;
              observedUsers: number[];
              expectedShares: number[];
            };
            /** @description Events without a variant of this experiment. */
            unattributedEvents: number;
            /** @description Users seen in more than one variant. */
            crossoverUsers: number;
            /** @description daily-totals: the per-day totals kept at ingest (Redis, window of whole UTC days); events: every event of the window read. */
            computedFrom: 'daily-totals' | 'events';
          };
        };
      };
      /** @description Bad request: the message names the offending field. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "BAD_REQUEST",
           *         "message": "since: must be before until, got 2026-11-21T00:00:00.000Z and 2026-11-20T00:00:00.000Z"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Not found. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "NOT_FOUND",
           *         "message": "no experiment \"likes-and-watch-2025-06\""
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Over the per-client rate limit (MULTIRANK_RATE_LIMIT_PER_MINUTE); retry-after says when. */
      429: {
        headers: {
          /** @description Seconds until the rate window resets. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "TOO_MANY_REQUESTS",
           *         "message": "rate limit of 6000 requests per minute exceeded; retry in 12 seconds"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
      /** @description Unavailable for now (load shed, a store unreachable, shutting down); retry after retry-after. */
      503: {
        headers: {
          /** @description Seconds to wait before retrying. */
          'retry-after'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "error": {
           *         "code": "UNAVAILABLE",
           *         "message": "the event store cannot be read now; retry later"
           *       }
           *     }
           */
          'application/json': {
            error: {
              /** @description Stable machine-readable code. */
              code:
                | 'BAD_REQUEST'
                | 'UNAUTHORIZED'
                | 'FORBIDDEN'
                | 'NOT_FOUND'
                | 'CONFLICT'
                | 'PAYLOAD_TOO_LARGE'
                | 'UNSUPPORTED_MEDIA_TYPE'
                | 'TOO_MANY_REQUESTS'
                | 'INTERNAL'
                | 'UNAVAILABLE';
              /** @description What went wrong; names the offending field for bad input. */
              message: string;
            };
          };
        };
      };
    };
  };
}
