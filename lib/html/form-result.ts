/**
 * What a server action answers a form: success with what the form shows next,
 * or an error to show beside it. Forms whose fields must survive the answer
 * (React 19 resets a form after its action) carry them in both arms.
 */
export type FormResult<Success extends object = { message: string }, Failure extends object = object> =
  ({ ok: true } & Success) | ({ ok: false; error: string } & Failure);
