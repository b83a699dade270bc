// Bundles the server into dist/ (see bundles.mjs for what and why).
import { build } from 'esbuild';
import { bundles } from './bundles.mjs';

await Promise.all(bundles.map((options) => build(options)));
