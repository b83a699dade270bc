// Types of bundles.mjs, for the test that builds with the production options.
import type { BuildOptions } from 'esbuild';

export declare const bundles: BuildOptions[];
