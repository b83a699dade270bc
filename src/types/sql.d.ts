// `*.sql` files (each beside its queries module) are imported as text: esbuild's text loader in the bundle, a load hook in tests.
declare module '*.sql' {
  const text: string;
  export default text;
}
