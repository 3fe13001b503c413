// Public API of dreamer-ts. Each module re-exports its own names; see the modules for documentation.
export {};
