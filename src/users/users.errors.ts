/** Stable `reason` codes of the users feature (listed in docs/errors.md). */
export enum UserErrorReason {
  /** Another account has this e-mail address. */
  EMAIL_TAKEN = 'EMAIL_TAKEN',
}
