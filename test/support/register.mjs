// Preloaded by the test runner (`--import`): TypeScript through tsx, and `.sql` files as text.
import { register } from 'node:module';
import 'tsx';

register('./sql-loader.mjs', import.meta.url);
