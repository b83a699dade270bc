// The bundle is minified without esbuild's keepNames (bin/bundles.mjs says why), so a class is called
// what the minifier called it. Concord's own errors set `name` themselves; a library error whose name
// comes from its class is given that name back here, once, by the module that uses the library.

/** Names `errorClass` as its library's source does, so its errors' `name` reads the same bundled. */
export function keepClassName(errorClass: abstract new (...args: never[]) => object, name: string): void {
  Object.defineProperty(errorClass, 'name', { value: name, configurable: true });
}
