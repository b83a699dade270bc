// `defineModule` for plugins: it returns its argument, typed by concord-module.d.ts beside it.
export const defineModule = (definition) => definition;
