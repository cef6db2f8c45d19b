/**
 * Parsing untrusted options at the boundary: a zod schema, one error listing every problem, a frozen result.
 *
 * @module
 */

import type { z } from "zod";
import type { ErrorContext, RuvError, RuvErrorOptions } from "./errors.ts";

/**
 * Parses `input` with `schema` into a frozen value, or throws `ErrorClass` with every issue listed as
 * `path: message` (the zod error is the `cause`).
 */
export function parseFrozen<T>(
  schema: z.ZodType<T>,
  input: unknown,
  what: string,
  ErrorClass: new (message: string, options?: RuvErrorOptions) => RuvError,
  context?: ErrorContext,
): Readonly<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join(
      "; ",
    );
    throw new ErrorClass(`invalid ${what}: ${problems}`, { context, cause: result.error });
  }
  return Object.freeze(result.data);
}
