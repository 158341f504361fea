/**
 * Do-not-disturb as Kazoo keeps it: `do_not_disturb.enabled` on the user document and on each
 * device document (crossbar doc users.md / devices.md). When a callflow builds an endpoint it ORs
 * the account's, the owner's and the device's flags (kz_endpoint.erl merge_attribute/4,
 * `do_not_disturb`), and an endpoint with DND on is not dialled at all (kz_endpoint.erl
 * maybe_do_not_disturb/3 → `{error, do_not_disturb}`): its phone never rings, so a ring group
 * rings only the others. A desk phone's DND feature code changes the same documents.
 */
import type { SimDevice, SimUser } from './directory.ts';

export class DoNotDisturb {
  private readonly users = new Set<string>();
  private readonly devices = new Set<string>();

  setUser(userId: string, enabled: boolean): void {
    if (enabled) this.users.add(userId);
    else this.users.delete(userId);
  }

  setDevice(deviceId: string, enabled: boolean): void {
    if (enabled) this.devices.add(deviceId);
    else this.devices.delete(deviceId);
  }

  /** The `do_not_disturb` object of the user document. */
  userDoc(userId: string): { enabled: boolean } {
    return { enabled: this.users.has(userId) };
  }

  deviceDoc(deviceId: string): { enabled: boolean } {
    return { enabled: this.devices.has(deviceId) };
  }

  /** Whether a call may ring this device of `user` (merge_attribute/4 then maybe_do_not_disturb/3). */
  rings(user: SimUser, device: SimDevice): boolean {
    return !this.users.has(user.id) && !this.devices.has(device.id);
  }
}
