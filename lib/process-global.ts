// State that must exist once per process lives on globalThis, under one name.
// Next can load one module more than once in a process (a production build
// bundles pages and route handlers apart; dev re-evaluates changed modules),
// and a module-level variable would then be two pools, two indexes, two
// transports. Every such holder goes through here, so they are easy to find.

export type ProcessGlobal<T> = {
  get(): T | undefined;
  set(value: T | undefined): void;
  /** The value, created on first use. */
  getOrCreate(create: () => T): T;
};

type Registry = Record<string, unknown>;

export function processGlobal<T>(name: `paperboy${string}`): ProcessGlobal<T> {
  const registry = globalThis as unknown as Registry;
  return {
    get: () => registry[name] as T | undefined,
    set: (value) => {
      registry[name] = value;
    },
    getOrCreate: (create) => (registry[name] ??= create()) as T,
  };
}
