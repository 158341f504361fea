/** A refused remoting call: its message is shown to the agent as is. */
export class RemoteActionError extends Error {}
