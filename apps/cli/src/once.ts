import { CliError } from './exit-codes';

/**
 * An option's parser that refuses a second use of the option (`--period 2024 --period 2025` would
 * otherwise report 2025 without a word, `--case A --case B` erase B alone) and an empty value (an
 * unset shell variable: `--gemeente "$G"` would otherwise report the whole organisation). For
 * options without a default value only: the default would look like a first use.
 */
export function once(flag: string): (value: string, previous: string | undefined) => string {
  return (value, previous) => {
    if (previous !== undefined) throw new CliError(`${flag}: given twice; give it once`);
    if (value.trim() === '') throw new CliError(`${flag}: empty; give a value or leave the option out`);
    return value;
  };
}
