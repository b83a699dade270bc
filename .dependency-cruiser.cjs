// `npm run lint` checks the import graph of src/ with dependency-cruiser: no cycle between files or
// between folders, and the layers of the layout (README, "Layout") only point down:
// main/app → transports (api, bot, gateway-stream, proxy) → modules → module-kit → features → platform.
// A module uses another only through that one's index.ts, what it exports on purpose.
// TypeScript 7 has no JavaScript API for dependency-cruiser to parse with, so it parses with swc.
const transports = '^src/(api|bot|gateway-stream|proxy|app\\.ts|main\\.ts)';
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Files import each other.', from: {}, to: { circular: true } },
    { name: 'no-folder-cycle', severity: 'error', comment: 'Folders import each other.', scope: 'folder', from: {}, to: { circular: true } },
    {
      name: 'platform-stands-alone',
      severity: 'error',
      comment: 'Platform code (http, db, errors, metrics, redis, log) knows no feature and no transport.',
      from: { path: '^src/platform' },
      to: { path: [transports, '^src/features', '^src/module-kit', '^src/modules'] },
    },
    {
      name: 'features-below-transports',
      severity: 'error',
      comment: 'A feature is called by the API and the bot, and calls neither.',
      from: { path: '^src/features' },
      to: { path: [transports, '^src/module-kit', '^src/modules'] },
    },
    {
      name: 'module-kit-below-modules',
      severity: 'error',
      comment: 'The contract and its runtime know no module by name and no transport.',
      from: { path: '^src/module-kit' },
      to: { path: [transports, '^src/modules'] },
    },
    {
      name: 'modules-below-transports',
      severity: 'error',
      comment: 'A module is loaded by the transports and calls none of them.',
      from: { path: '^src/modules' },
      to: { path: transports },
    },
    {
      name: 'transports-know-no-module',
      severity: 'error',
      comment:
        "The bot and the gateway stream load the modules through src/modules/index.ts and reach them only through the contract's hooks; a module builds its own data ports in its setup (the custom commands' store). The custom commands' feature folder is gone into its module: nothing may bring it back.",
      from: { path: '^src/(bot|gateway-stream)/' },
      to: { path: ['^src/modules/[^/]+/', '^src/features/custom-commands/'] },
    },
    {
      name: 'api-knows-no-module',
      severity: 'error',
      comment:
        "The API serves the modules' routes through the contract (apiRoutes, routes) and the module runtime; a module's routes, wire shapes and what it changes are its own.",
      from: { path: '^src/api/' },
      to: { path: ['^src/modules/[^/]+/', '^src/features/(custom-commands|scheduling|stats|logs)/'] },
    },
    {
      name: 'modules-stand-apart',
      severity: 'error',
      comment: "A module reaches another only through what that one exports on purpose: its index.ts.",
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    // The dashboard (src/web) is a browser bundle of its own, type-checked by its tsconfig; swc's
    // parser as dependency-cruiser drives it does not read its JSX.
    exclude: { path: ['^src/web', '\\.d\\.ts$'] },
  },
};
