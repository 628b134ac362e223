/**
 * LockService. The sandbox is single-threaded, so "another execution holds the
 * lock" is simulated with Emulator.lock.holdByOther(true): tryLock/waitLock
 * then wait out their timeout (the clock advances) and fail.
 * https://developers.google.com/apps-script/reference/lock/lock-service
 * https://developers.google.com/apps-script/reference/lock/lock
 */
import type { Env } from './env';
import { activeDocument, gasError } from './env';

export interface LockState {
  heldByOther: boolean;
  /** Locks currently held by this execution, by kind. */
  held: Record<string, number>;
  /** Bumped when an execution ends: its locks are released with it. */
  generation: number;
}

export class FakeLock {
  static gasName = 'Lock';
  private taken = false;
  private takenIn = -1;
  constructor(
    private readonly env: Env,
    private readonly state: LockState,
    private readonly kind: string,
  ) {}
  /** A lock taken by an execution that has ended is released. */
  private get mine(): boolean {
    return this.taken && this.takenIn === this.state.generation;
  }
  private set mine(v: boolean) {
    this.taken = v;
    this.takenIn = this.state.generation;
  }
  // https://developers.google.com/apps-script/reference/lock/lock#tryLock(Integer)
  tryLock(timeoutInMillis: number): boolean {
    if (this.mine) return true;
    if (this.state.heldByOther) {
      this.env.clock.advance(Math.max(0, Number(timeoutInMillis) || 0));
      return false;
    }
    this.mine = true;
    this.state.held[this.kind] = (this.state.held[this.kind] ?? 0) + 1;
    return true;
  }
  // https://developers.google.com/apps-script/reference/lock/lock#waitLock(Integer)
  waitLock(timeoutInMillis: number): void {
    if (!this.tryLock(timeoutInMillis)) {
      throw gasError(this.env, 'Lock timeout: another process was holding the lock for too long.');
    }
  }
  hasLock(): boolean {
    return this.mine;
  }
  releaseLock(): void {
    if (!this.mine) return;
    this.mine = false;
    this.state.held[this.kind] = Math.max(0, (this.state.held[this.kind] ?? 1) - 1);
  }
}

export class FakeLockService {
  static gasName = 'LockService';
  constructor(
    private readonly env: Env,
    private readonly state: LockState,
  ) {}
  // https://developers.google.com/apps-script/reference/lock/lock-service#getDocumentLock()
  // null when the script runs outside a containing document (a time-driven run of an add-on).
  getDocumentLock(): FakeLock | null {
    return activeDocument(this.env) ? new FakeLock(this.env, this.state, 'document') : null;
  }
  getScriptLock(): FakeLock {
    return new FakeLock(this.env, this.state, 'script');
  }
  getUserLock(): FakeLock {
    return new FakeLock(this.env, this.state, 'user');
  }
}
