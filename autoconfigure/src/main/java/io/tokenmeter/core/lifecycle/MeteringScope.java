package io.tokenmeter.core.lifecycle;

import org.jspecify.annotations.Nullable;

/**
 * Marks the thread on which an outer entry point is already metering a model call, so that no inner entry
 * point meters it again: a second {@code TokenMeterAdvisor} in the same chain, or the model-level path under
 * the advisor. The advisor holds the scope while it calls (and, for streams, while it subscribes to) the rest
 * of the chain; the model's own observation starts on that thread, inside the scope, and can find the call
 * being metered there ({@link #current()}) to put tokenmeter's view of it on the model's span.
 */
public final class MeteringScope {

	// A mutable flag per thread: entering and leaving are plain writes, not ThreadLocal.set calls.
	private final ThreadLocal<Flag> metering = ThreadLocal.withInitial(Flag::new);

	/** True when a call on this thread is being metered by an outer entry point. */
	public boolean active() {
		return this.metering.get().active;
	}

	/** The call the outer entry point meters on this thread, or null when there is none (or it has none). */
	public @Nullable MeteredCall current() {
		Flag flag = this.metering.get();
		return flag.active ? flag.call : null;
	}

	/** Enters the scope without a call to hand out; pass the result to {@link #exit}. */
	public boolean enter() {
		return this.metering.get().enter(null);
	}

	/** Enters the scope for a call (null when it could not be begun); pass the result to {@link #exit}. */
	public boolean enter(@Nullable MeteredCall call) {
		return this.metering.get().enter(call);
	}

	/** Leaves the scope entered with {@link #enter}, restoring what was there before. */
	public void exit(boolean outer) {
		this.metering.get().exit(outer);
	}

	/**
	 * The thread's flag, for an entry point that checks, enters and leaves on one thread: one ThreadLocal lookup
	 * instead of three.
	 */
	public Flag flag() {
		return this.metering.get();
	}

	/** Whether the owning thread is inside the scope, and for which call; read and written by that thread only. */
	public static final class Flag {

		private boolean active;

		private @Nullable MeteredCall call;

		public boolean active() {
			return this.active;
		}

		/** Enters for a call (null when it could not be begun); pass the result to {@link #exit}. */
		public boolean enter(@Nullable MeteredCall call) {
			boolean outer = this.active;
			if (!outer) {
				this.active = true;
				this.call = call;
			}
			return outer;
		}

		public void exit(boolean outer) {
			if (!outer) {
				this.active = false;
				this.call = null;
			}
		}

	}

}
