// The engine on the page's own thread, behind the same port a Worker offers: for browsers where workers
// cannot start, and for Node tests. Replies arrive asynchronously, as they would from a worker.
import type { EnginePort } from './client';
import type { EngineHandler, HandlerOptions } from './handler';
import type { EngineRequest } from './protocol';

function portFor(attach: (port: EnginePort) => EngineHandler | Promise<EngineHandler>): EnginePort {
  let handler: EngineHandler | null = null;
  const waiting: EngineRequest[] = [];
  const port: EnginePort = {
    onmessage: null,
    postMessage: (message) => (handler ? handler.handle(message) : waiting.push(message)),
    terminate: () => handler?.dispose(),
  };
  void Promise.resolve(attach(port)).then((h) => {
    handler = h;
    waiting.splice(0).forEach((m) => h.handle(m));
  }, (error: unknown) => port.onerror?.({ message: error instanceof Error ? error.message : String(error) }));
  return port;
}

/** Loads the engine (and tfjs) only when first needed, so the page's own bundle stays small. */
export function mainThreadPort(options: HandlerOptions = {}): EnginePort {
  return portFor(async (port) => {
    const { createEngineHandler } = await import('./handler');
    return createEngineHandler((data) => queueMicrotask(() => port.onmessage?.({ data })), options);
  });
}
