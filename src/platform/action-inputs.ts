/**
 * Inputs the way the Actions runner passes them: `INPUT_<NAME>`, upper-cased, spaces as `_`,
 * dashes kept (`client-id` → `INPUT_CLIENT-ID`). An input that is absent stays undefined, so that
 * an input set to '' on purpose (export-env: '') can be told from one never given.
 */
import type { InputName, RawSettings } from '../inputs.js';

export function actionInputs(env: NodeJS.ProcessEnv): RawSettings {
  return (name: InputName) => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
}
